package names

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/names/simulation"
)

// GenerateGenesisState creates a random genesis: params priced for the
// simulation's balances.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// WeightedOperationsX registers the module's simulation operations.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get(simulation.WeightMsgRegisterName, simulation.DefaultWeightMsgRegisterName), simulation.MsgRegisterNameFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgRenewName, simulation.DefaultWeightMsgRenewName), simulation.MsgRenewNameFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgUpdateName, simulation.DefaultWeightMsgUpdateName), simulation.MsgUpdateNameFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgTransferName, simulation.DefaultWeightMsgTransferName), simulation.MsgTransferNameFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgListName, simulation.DefaultWeightMsgListName), simulation.MsgListNameFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgCancelListing, simulation.DefaultWeightMsgCancelListing), simulation.MsgCancelListingFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgBuyName, simulation.DefaultWeightMsgBuyName), simulation.MsgBuyNameFactory(am.keeper))
}

// ProposalMsgsX registers the governance proposals the simulation submits.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get(simulation.WeightMsgUpdateParams, simulation.DefaultWeightMsgUpdateParams),
		simulation.MsgUpdateParamsFactory(am.keeper.Authority()))
}
