package pro

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/pro/simulation"
)

// GenerateGenesisState creates a random genesis: plans, feeders, processors
// and prices.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// WeightedOperationsX registers the module's simulation operations.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get(simulation.WeightMsgSubmitPrice, simulation.DefaultWeightMsgSubmitPrice), simulation.MsgSubmitPriceFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgSubscribe, simulation.DefaultWeightMsgSubscribe), simulation.MsgSubscribeFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgRecordPayment, simulation.DefaultWeightMsgRecordPayment), simulation.MsgRecordPaymentFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgRevokePayment, simulation.DefaultWeightMsgRevokePayment), simulation.MsgRevokePaymentFactory(am.keeper))
}

// ProposalMsgsX registers the governance proposals the simulation submits
// for the authority's messages.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get(simulation.WeightMsgUpdateParams, simulation.DefaultWeightMsgUpdateParams), simulation.MsgUpdateParamsFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgSpendProtocolLiquidity, simulation.DefaultWeightMsgSpendLiquidity),
		simulation.MsgSpendProtocolLiquidityFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgRevokeReceipt, simulation.DefaultWeightMsgRevokeReceipt), simulation.MsgRevokeReceiptFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgRegisterIssuerKey, simulation.DefaultWeightMsgRegisterIssuerKey),
		simulation.MsgRegisterIssuerKeyFactory(am.keeper))
	reg.Add(weights.Get(simulation.WeightMsgRetireIssuerKey, simulation.DefaultWeightMsgRetireIssuerKey), simulation.MsgRetireIssuerKeyFactory(am.keeper))
}
