package simulation

import (
	"context"

	"github.com/ethereum/go-ethereum/common"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/simutil"
)

// MsgBridgeOut sends up to a tenth of an account's balance, at least
// min_transfer and within the cap, to an EVM address, paying the bridge fee.
// The amount and the fee are set aside from the sender's balance before the
// transaction's fees are drawn from the rest.
func (f Factories) MsgBridgeOut() simsx.SimMsgFactoryFn[*types.MsgBridgeOut] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgBridgeOut) {
		params, active := f.activeParams(sdk.UnwrapSDKContext(goCtx))
		if !active {
			reporter.Skip("the bridge is not configured or paused")
			return nil, nil
		}
		least := params.MinTransfer.Add(params.BridgeFee)
		from, ok := accountWithBalance(data, reporter, least.MulRaw(10))
		if !ok {
			reporter.Skip("no account with a balance to bridge out")
			return nil, nil
		}
		r := data.Rand()
		recipient := make([]byte, common.AddressLength)
		_, _ = r.Read(recipient)
		spendable := from.LiquidBalance().AmountOf(types.Denom)
		most := math.MinInt(spendable.QuoRaw(10), params.WithdrawalCap).Sub(params.BridgeFee)
		amount := simutil.IntBetween(r.Rand, params.MinTransfer, most)
		if !from.LiquidBalance().BlockAmount(sdk.NewCoin(types.Denom, amount.Add(params.BridgeFee))) {
			reporter.Skipf("%s cannot pay %s and the fee", from.AddressBech32, amount)
			return nil, nil
		}
		return []simsx.SimAccount{from}, &types.MsgBridgeOut{
			Sender:       from.AddressBech32,
			EvmRecipient: common.BytesToAddress(recipient).Hex(),
			Amount:       sdk.NewCoin(types.Denom, amount),
			Fee:          sdk.NewCoin(types.Denom, params.BridgeFee),
		}
	}
}

// accountWithBalance returns a random account that can spend at least
// minimum nsesh, trying a few.
func accountWithBalance(data *simsx.ChainDataSource, reporter simsx.SimulationReporter, minimum math.Int) (simsx.SimAccount, bool) {
	for range 10 {
		acc := data.AnyAccount(reporter)
		if spendable := acc.LiquidBalance().AmountOf(types.Denom); spendable.GTE(minimum) && spendable.IsPositive() {
			return acc, true
		}
	}
	return simsx.SimAccount{}, false
}

// MsgCancelBridgeOut has a sender cancel one of its queued bridge-outs.
func (f Factories) MsgCancelBridgeOut() simsx.SimMsgFactoryFn[*types.MsgCancelBridgeOut] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgCancelBridgeOut) {
		ctx := sdk.UnwrapSDKContext(goCtx)
		queued, err := f.queuedBridgeOuts(ctx)
		if err != nil {
			reporter.Fail(err, "reading the queued transfers")
			return nil, nil
		}
		if len(queued) == 0 {
			reporter.Skip("no queued bridge-out")
			return nil, nil
		}
		t := simutil.Pick(data.Rand().Rand, queued)
		if !data.HasAccount(t.Sender) {
			reporter.Skipf("the simulation does not hold the sender of transfer %d", t.Id)
			return nil, nil
		}
		sender := data.GetAccount(reporter, t.Sender)
		return []simsx.SimAccount{sender}, &types.MsgCancelBridgeOut{Sender: t.Sender, TransferId: t.Id}
	}
}

// queuedBridgeOuts returns the first maxQueuedScan queued bridge-outs.
func (f Factories) queuedBridgeOuts(ctx sdk.Context) ([]types.Transfer, error) {
	var queued []types.Transfer
	err := f.k.Transfers.Indexes.ByStatus.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(types.TRANSFER_STATUS_QUEUED)),
		func(_ int32, id uint64) (bool, error) {
			t, err := f.k.Transfers.Get(ctx, id)
			if err == nil && t.Kind == types.TRANSFER_KIND_BRIDGE_OUT {
				queued = append(queued, t)
			}
			return len(queued) >= maxQueuedScan, err
		})
	return queued, err
}
