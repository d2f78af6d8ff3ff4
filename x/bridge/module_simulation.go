package bridge

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/bridge/simulation"
)

// GenerateGenesisState creates a random genesis: a configured contract and
// nothing bridged yet.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// WeightedOperationsX registers the module's simulation operations: the
// validators' relayers register their EVM keys, attest deposits, batches
// and the contract's state, and sign batches, signer sets and admin
// operations; the users bridge out and cancel.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	f := simulation.NewFactories(am.keeper, am.stakingKeeper)
	reg.Add(weights.Get(simulation.WeightMsgRegisterEvmKey, simulation.DefaultWeightMsgRegisterEvmKey), f.MsgRegisterEvmKey())
	reg.Add(weights.Get(simulation.WeightMsgAttestDeposit, simulation.DefaultWeightMsgAttestDeposit), f.MsgAttestDeposit())
	reg.Add(weights.Get(simulation.WeightMsgBridgeOut, simulation.DefaultWeightMsgBridgeOut), f.MsgBridgeOut())
	reg.Add(weights.Get(simulation.WeightMsgCancelBridgeOut, simulation.DefaultWeightMsgCancelBridgeOut), f.MsgCancelBridgeOut())
	reg.Add(weights.Get(simulation.WeightMsgSignBatch, simulation.DefaultWeightMsgSignBatch), f.MsgSignBatch())
	reg.Add(weights.Get(simulation.WeightMsgSignSignerSet, simulation.DefaultWeightMsgSignSignerSet), f.MsgSignSignerSet())
	reg.Add(weights.Get(simulation.WeightMsgSignAdminOp, simulation.DefaultWeightMsgSignAdminOp), f.MsgSignAdminOp())
	reg.Add(weights.Get(simulation.WeightMsgAttestBatch, simulation.DefaultWeightMsgAttestBatch), f.MsgAttestBatch())
	reg.Add(weights.Get(simulation.WeightMsgAttestContractState, simulation.DefaultWeightMsgAttestContractState), f.MsgAttestContractState())
}

// ProposalMsgsX registers the governance proposals the simulation submits:
// new params, and now and then a reopening of the deposits not yet
// observed.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	f := simulation.NewFactories(am.keeper, am.stakingKeeper)
	reg.Add(weights.Get(simulation.WeightMsgUpdateParams, simulation.DefaultWeightMsgUpdateParams), f.MsgUpdateParams())
	reg.Add(weights.Get(simulation.WeightMsgReopenDeposit, simulation.DefaultWeightMsgReopenDeposit), f.MsgReopenDeposit())
}
