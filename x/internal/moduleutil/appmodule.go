package moduleutil

import (
	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
)

// AppModule is what every module of this chain implements: the basics, the
// genesis round trip, its services, a consensus version and the simulation's
// random genesis and store decoder. A module asserts it at compile time
// beside the blockers it has of its own, and SimsX once its simulation
// operations are on the SDK's message factories.
type AppModule interface {
	module.AppModuleBasic
	module.HasGenesis
	module.HasConsensusVersion
	appmodule.AppModule
	appmodule.HasServices
	GenerateGenesisState(simState *module.SimulationState)
	RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry)
}

// SimsX is a module whose simulation operations and governance proposals
// are simsx message factories.
type SimsX interface {
	simsx.HasWeightedOperationsX
	simsx.HasProposalMsgsX
}
