package moduleutil

import (
	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/types/module"
)

// AppModule is what every module of this chain implements: the basics, the
// genesis round trip, its services, a consensus version and a simulation
// with governance proposals. A module asserts it at compile time beside the
// blockers it has of its own.
type AppModule interface {
	module.AppModuleBasic
	module.HasGenesis
	module.HasConsensusVersion
	appmodule.AppModule
	appmodule.HasServices
	module.AppModuleSimulation
	module.HasProposalMsgs
}
