package moduleutil

import (
	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
)

// AppModule is what every module of this chain implements: the basics, the
// genesis round trip, its services, a consensus version and the simulation:
// its random genesis, its store decoder, and its operations and governance
// proposals as simsx message factories. A module asserts it at compile time
// beside the blockers it has of its own.
type AppModule interface {
	module.AppModuleBasic
	module.HasGenesis
	module.HasConsensusVersion
	appmodule.AppModule
	appmodule.HasServices
	GenerateGenesisState(simState *module.SimulationState)
	RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry)
	simsx.HasWeightedOperationsX
	simsx.HasProposalMsgsX
}
