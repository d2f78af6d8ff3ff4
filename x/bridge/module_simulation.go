package bridge

import (
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/bridge/simulation"
)

// GenerateGenesisState creates a random genesis: a configured contract and
// nothing bridged yet.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// WeightedOperations returns the module's simulation operations.
func (am AppModule) WeightedOperations(simState module.SimulationState) []simtypes.WeightedOperation {
	return simulation.WeightedOperations(simState.AppParams, am.SimEnv(simState), am.keeper, am.stakingKeeper)
}

// ProposalMsgs returns the governance proposals the simulation submits.
func (am AppModule) ProposalMsgs(module.SimulationState) []simtypes.WeightedProposalMsg {
	return simulation.ProposalMsgs(am.keeper)
}
