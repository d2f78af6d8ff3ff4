package simulation

import (
	"context"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Proposal weights: the name a simulation params file sets under
// "op_weight_" + name, and the default.
const (
	WeightMsgUpdateParams                    = "msg_update_pro_params"
	WeightMsgSpendProtocolLiquidity          = "msg_spend_protocol_liquidity"
	WeightMsgRevokeReceipt                   = "msg_revoke_receipt"
	WeightMsgRegisterIssuerKey               = "msg_register_issuer_key"
	WeightMsgRetireIssuerKey                 = "msg_retire_issuer_key"
	DefaultWeightMsgUpdateParams      uint32 = 5
	DefaultWeightMsgSpendLiquidity    uint32 = 5
	DefaultWeightMsgRevokeReceipt     uint32 = 3
	DefaultWeightMsgRegisterIssuerKey uint32 = 3
	DefaultWeightMsgRetireIssuerKey   uint32 = 2
)

// MsgUpdateParamsFactory proposes new params: new feeders and processors
// among the accounts, the plans in force repriced by half to twice, the
// liquidity lock kept or moved later.
func MsgUpdateParamsFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		r := testData.Rand().Rand
		current, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Fail(err, "reading the params")
			return nil, nil
		}
		plans := make([]types.Plan, len(current.Plans))
		for i, p := range current.Plans {
			p.PriceUsd = max(p.PriceUsd*uint64(1+r.Intn(4))/2, 1) //nolint:gosec // positive
			plans[i] = p
		}
		params := RandomParams(r, testData.AllAccounts(), plans)
		// The lock moves only later: now and then by up to ten days.
		params.LiquidityLockedUntil = current.LiquidityLockedUntil
		if r.Intn(4) == 0 {
			params.LiquidityLockedUntil = params.LiquidityLockedUntil.Add(time.Duration(r.Int63n(int64(10 * types.Day))))
		}
		return nil, &types.MsgUpdateParams{Authority: k.Authority(), Params: params}
	}
}

// MsgSpendProtocolLiquidityFactory proposes a spend of up to half the
// protocol-owned liquidity to a random account, which the lock refuses
// until its time.
func MsgSpendProtocolLiquidityFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSpendProtocolLiquidity] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgSpendProtocolLiquidity) {
		held := k.LiquidityBalance(ctx).Amount
		if held.LT(math.NewInt(2)) {
			reporter.Skip("no protocol-owned liquidity to spend")
			return nil, nil
		}
		recipient := testData.AnyAccount(reporter)
		return nil, &types.MsgSpendProtocolLiquidity{
			Authority: k.Authority(),
			Recipient: recipient.AddressBech32,
			Amount:    sdk.NewCoin(types.Denom, testData.Rand().Amount(held.QuoRaw(2)).AddRaw(1)),
		}
	}
}
