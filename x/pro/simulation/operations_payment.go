package simulation

import (
	"context"
	"fmt"
	"math/rand"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

const (
	// exactMaxAmountOneIn: one purchase in this many bounds its amount by
	// exactly the quote.
	exactMaxAmountOneIn = 3
	// receiptAttempts is how many random receipt ids a payment tries.
	receiptAttempts = 5
	// accountTries is how many random accounts a purchase looks at for one
	// that can pay.
	accountTries = 10
)

// MsgSubscribeFactory buys a plan for a Session account at the quoted
// price, with a slippage bound at or above the quote, paid by an account
// that can.
func MsgSubscribeFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSubscribe] {
	queries := keeper.NewQueryServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubscribe) {
		r := testData.Rand().Rand
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Fail(err, "reading the params")
			return nil, nil
		}
		plan := simutil.Pick(r, params.Plans)
		quote, err := queries.Quote(ctx, &types.QueryQuoteRequest{PlanId: plan.Id})
		if err != nil {
			reporter.Skipf("no quote for plan %d: %s", plan.Id, err)
			return nil, nil
		}
		// The payer keeps a ninth of the price for the tx fees.
		payer := testData.AnyAccountN(accountTries-1, reporter, simsx.WithLiquidBalanceGTE(coin(quote.Amount.MulRaw(10).QuoRaw(9))))
		if reporter.IsSkipped() {
			return nil, nil
		}
		payer.LiquidBalance().BlockAmount(coin(quote.Amount))
		maxAmount := quote.Amount
		if r.Intn(exactMaxAmountOneIn) != 0 {
			maxAmount = maxAmount.Add(testData.Rand().Amount(quote.Amount.QuoRaw(10).AddRaw(1)))
		}
		return []simsx.SimAccount{payer}, &types.MsgSubscribe{
			Payer: payer.AddressBech32, SessionPubkey: sessionKey(r), PlanId: plan.Id, MaxAmount: coin(maxAmount),
		}
	}
}

// MsgRecordPaymentFactory has a processor the simulation holds record a
// payment made elsewhere, under a receipt id not used before, paying part
// of its balance.
func MsgRecordPaymentFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRecordPayment] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRecordPayment) {
		r := testData.Rand().Rand
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Fail(err, "reading the params")
			return nil, nil
		}
		var processors []simsx.SimAccount
		for _, p := range heldAccounts(testData, reporter, params.Processors) {
			if p.LiquidBalance().AmountOf(types.Denom).GT(math.NewInt(10)) {
				processors = append(processors, p)
			}
		}
		if len(processors) == 0 {
			reporter.Skip("no processor the simulation holds can pay")
			return nil, nil
		}
		from := simutil.Pick(r, processors)
		plan := simutil.Pick(r, params.Plans)
		most := from.LiquidBalance().AmountOf(types.Denom).QuoRaw(20)
		if most.LT(plan.MinReceiptAmount) {
			reporter.Skipf("processor %s cannot pay plan %d's minimum %s", from.AddressBech32, plan.Id, plan.MinReceiptAmount)
			return nil, nil
		}
		id, err := unusedReceiptID(ctx, k, r, from.Address)
		switch {
		case err != nil:
			reporter.Fail(err, "reading the receipts")
			return nil, nil
		case id == "":
			reporter.Skip("no unused receipt id found")
			return nil, nil
		}
		amount := coin(simutil.IntBetween(r, plan.MinReceiptAmount, most))
		from.LiquidBalance().BlockAmount(amount)
		return []simsx.SimAccount{from}, &types.MsgRecordPayment{
			Processor: from.AddressBech32, ReceiptId: id, SessionPubkey: sessionKey(r), PlanId: plan.Id, Amount: amount,
		}
	}
}

// unusedReceiptID tries a few random receipt ids and returns one processor
// has not used, or "" if all were.
func unusedReceiptID(ctx context.Context, k *keeper.Keeper, r *rand.Rand, processor sdk.AccAddress) (string, error) {
	for range receiptAttempts {
		id := fmt.Sprintf("sim-%d", r.Int63())
		used, err := k.Receipts.Has(ctx, collections.Join(processor, id))
		if err != nil || !used {
			return id, err
		}
	}
	return "", nil
}

// MsgRevokePaymentFactory has the processor that recorded a receipt refund
// it (also one governance has since removed).
func MsgRevokePaymentFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRevokePayment] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevokePayment) {
		open, err := openReceipts(ctx, k)
		if err != nil {
			reporter.Fail(err, "reading the receipts")
			return nil, nil
		}
		if len(open) == 0 {
			reporter.Skip("no receipt to revoke")
			return nil, nil
		}
		receipt := simutil.Pick(testData.Rand().Rand, open)
		if !testData.HasAccount(receipt.Processor) {
			reporter.Skipf("processor %s is not a simulation account", receipt.Processor)
			return nil, nil
		}
		from := testData.GetAccount(reporter, receipt.Processor)
		return []simsx.SimAccount{from}, &types.MsgRevokePayment{Processor: receipt.Processor, ReceiptId: receipt.ReceiptId}
	}
}

// openReceipts returns the receipts not yet revoked.
func openReceipts(ctx context.Context, k *keeper.Keeper) ([]types.Receipt, error) {
	var open []types.Receipt
	err := k.Receipts.Walk(ctx, nil, func(_ collections.Pair[sdk.AccAddress, string], rc types.Receipt) (bool, error) {
		if rc.RevokedAt == nil {
			open = append(open, rc)
		}
		return false, nil
	})
	return open, err
}
