package nodestaking

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/nodestaking/simulation"
)

// GenerateGenesisState creates a random genesis: params and a few nodes.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// WeightedOperationsX registers the module's simulation message factories.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.WeightedOperationsX(weights, reg, am.keeper)
}

// ProposalMsgsX registers the governance proposals the simulation submits.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.ProposalMsgsX(weights, reg, am.keeper)
}

// WeightedOperations gives no legacy operations: the module's operations
// are its WeightedOperationsX factories, which the runners take first. It
// stays because module.AppModuleSimulation still requires it, and the
// SimulationManager, whose modules the runner reads and whose random
// genesis and store decoders it runs, takes only modules that implement
// that interface (SDK v0.55's own modules keep theirs for the same reason).
func (AppModule) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation {
	return nil
}
