package rewardpool

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/rewardpool/simulation"
)

// GenerateGenesisState creates a random genesis: params and a funded pool.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// WeightedOperationsX registers the module's simulation operations.
func (AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get(simulation.WeightMsgFundPool, simulation.DefaultWeightMsgFundPool), simulation.MsgFundPoolFactory())
}

// ProposalMsgsX registers the governance proposals the simulation submits.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get(simulation.WeightMsgUpdateParams, simulation.DefaultWeightMsgUpdateParams),
		simulation.MsgUpdateParamsFactory(am.keeper.Authority()))
}
