package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Proposal weights: the name a simulation params file sets, prefixed there
// with "op_weight_", and the default.
const (
	WeightMsgUpdateParams                = "msg_update_bridge_params"
	DefaultWeightMsgUpdateParams  uint32 = 5
	WeightMsgReopenDeposit               = "msg_reopen_deposit"
	DefaultWeightMsgReopenDeposit uint32 = 1
)

// MsgUpdateParams proposes new params that pause or resume the
// bridge and change its amounts, windows and cap (which makes admin
// operations for the contract). The bridge's identity (EVM chain, contract,
// bridge name) stays: the chain refuses to change it once set.
func (f Factories) MsgUpdateParams() simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(ctx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		current, err := f.k.Params.Get(ctx)
		if err != nil {
			reporter.Fail(err, "reading the params")
			return nil, nil
		}
		params := RandomParams(data.Rand().Rand)
		if current.Configured() {
			params.EvmChainId, params.ContractAddress, params.BridgeName = current.EvmChainId, current.ContractAddress, current.BridgeName
		}
		return nil, &types.MsgUpdateParams{Authority: f.k.Authority(), Params: params}
	}
}

// MsgReopenDeposit proposes now and then to reopen the deposits not
// yet observed.
func (f Factories) MsgReopenDeposit() simsx.SimMsgFactoryFn[*types.MsgReopenDeposit] {
	return func(context.Context, *simsx.ChainDataSource, simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgReopenDeposit) {
		return nil, &types.MsgReopenDeposit{Authority: f.k.Authority()}
	}
}
