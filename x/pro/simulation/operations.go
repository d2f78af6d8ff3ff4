package simulation

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Operation weights: the key a simulation params file sets, and the default.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgSubmitPrice        = "op_weight_msg_submit_price"
	OpWeightMsgSubscribe          = "op_weight_msg_subscribe"
	OpWeightMsgRecordPayment      = "op_weight_msg_record_payment"
	OpWeightMsgRevokePayment      = "op_weight_msg_revoke_payment"
	DefaultWeightMsgSubmitPrice   = 60
	DefaultWeightMsgSubscribe     = 80
	DefaultWeightMsgRecordPayment = 40
	DefaultWeightMsgRevokePayment = 15
)

const (
	// sessionKeyCount is how many Session accounts buy Pro: few enough that
	// purchases extend each other and gifts happen.
	sessionKeyCount = 40
	// maxPrice bounds the simulated SESH price, in USD.
	maxPrice = 100
	// exactMaxAmountOneIn: one purchase in this many bounds its amount by
	// exactly the quote.
	exactMaxAmountOneIn = 3
	// receiptAttempts is how many random receipt ids a payment tries.
	receiptAttempts = 5
	// farPriceOneIn: one submission in this many is far from the price.
	farPriceOneIn = 8
)

// ops builds the module's operations.
type ops struct {
	env     simutil.Env
	k       *keeper.Keeper
	queries types.QueryServer
}

// WeightedOperations returns the module's operations with their weights.
func WeightedOperations(appParams simtypes.AppParams, env simutil.Env, k *keeper.Keeper) simulation.WeightedOperations {
	o := ops{env: env, k: k, queries: keeper.NewQueryServerImpl(k)}
	return simulation.WeightedOperations{
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgSubmitPrice, DefaultWeightMsgSubmitPrice), o.submitPrice),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgSubscribe, DefaultWeightMsgSubscribe), o.subscribe),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgRecordPayment, DefaultWeightMsgRecordPayment), o.recordPayment),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgRevokePayment, DefaultWeightMsgRevokePayment), o.revokePayment),
	}
}

// sessionKey returns one of the Session accounts the simulation buys Pro
// for.
func sessionKey(r *rand.Rand) string {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(r.Intn(sessionKeyCount))) //nolint:gosec // non-negative
	h := sha256.Sum256(append([]byte("sessionchain simulation session key "), buf[:]...))
	return hex.EncodeToString(h[:])
}

// submitPrice has a feeder the simulation holds submit a price near the one
// in force (or the last submitted), now and then far from it, read at its
// sources a random time ago: sometimes in the future, older than
// max_source_delay or not later than the feeder's previous reading. The
// chain must refuse those (ErrSourceTime) and leave its state alone; the
// others are delivered.
func (o ops) submitPrice(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgSubmitPrice{}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	var feeders []simtypes.Account
	for _, f := range params.Feeders {
		if acc, ok := simutil.Account(accs, f); ok {
			feeders = append(feeders, acc)
		}
	}
	if len(feeders) == 0 {
		return o.env.NoOp(msg, "no feeder is a simulation account")
	}
	state, err := o.k.PriceNow(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	reference := state.Price
	if !state.Valid {
		switch all := append(state.Fresh, state.Stale...); {
		case len(all) > 0:
			reference = simutil.Pick(r, all).Price
		default:
			reference = randomPrice(r)
		}
	}
	price := near(r, reference)
	if r.Intn(farPriceOneIn) == 0 {
		price = far(r, reference)
	}
	bound := math.LegacyNewDec(int64(min(params.MaxPriceUsd, maxPrice))) //nolint:gosec // at most 100
	msg.Price = math.LegacyMinDec(price, bound)
	from := simutil.Pick(r, feeders)
	msg.Feeder = from.Address.String()
	now := ctx.HeaderInfo().Time
	msg.SourceTime = now.Add(-randomSourceAge(r, params.MaxSourceDelay))
	var prev *types.PriceSubmission
	if p, err := o.k.Prices.Get(ctx, from.Address); err == nil {
		prev = &p
	} else if !errors.Is(err, collections.ErrNotFound) {
		return o.env.Fail(msg, err)
	}
	if refusal := params.CheckSourceTime(msg.SourceTime, now, prev); refusal != nil {
		return o.refused(ctx, msg, refusal)
	}
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}

// refused checks that the Msg server refuses a submission whose source time
// the params refuse, with ErrSourceTime and without changing state (the
// handler runs on a branch that is dropped).
func (o ops) refused(ctx sdk.Context, msg *types.MsgSubmitPrice, want error) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	branch, _ := ctx.CacheContext()
	_, err := keeper.NewMsgServerImpl(o.k).SubmitPrice(branch, msg)
	if !errors.Is(err, types.ErrSourceTime) {
		return o.env.Fail(msg, fmt.Errorf("a submission read at %s should be refused (%w), got %v", msg.SourceTime, want, err))
	}
	return o.env.NoOp(msg, "refused as it should be: %s", err)
}

// randomSourceAge returns how long before the block a submission's sources
// were read: mostly within maxDelay, one in ten times up to a minute in the
// future, one in ten times up to ten minutes too old.
func randomSourceAge(r *rand.Rand, maxDelay time.Duration) time.Duration {
	switch r.Intn(10) {
	case 0:
		return -time.Duration(1 + r.Int63n(int64(time.Minute)))
	case 1:
		return maxDelay + time.Duration(1+r.Int63n(int64(10*time.Minute)))
	default:
		return time.Duration(r.Int63n(int64(maxDelay) + 1))
	}
}

// far returns price multiplied by 0.3 to 3: a move beyond most allowed
// moves, which makes the price unhealthy until it persists.
func far(r *rand.Rand, price math.LegacyDec) math.LegacyDec {
	moved := price.MulInt64(int64(30 + r.Intn(271))).QuoInt64(100)
	if !moved.IsPositive() {
		return math.LegacyNewDecWithPrec(1, 2)
	}
	return moved
}

// subscribe buys a plan for a Session account at the quoted price, with a
// slippage bound at or above the quote, paid by an account that can.
func (o ops) subscribe(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgSubscribe{}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	plan := simutil.Pick(r, params.Plans)
	quote, err := o.queries.Quote(ctx, &types.QueryQuoteRequest{PlanId: plan.Id})
	if err != nil {
		return o.env.NoOp(msg, "no quote for plan %d: %s", plan.Id, err)
	}
	payer, _, ok := o.env.AccountWithBalance(r, ctx, accs, quote.Amount.MulRaw(10).QuoRaw(9))
	if !ok {
		return o.env.NoOp(msg, "no account can pay %s for plan %d", quote.Amount, plan.Id)
	}
	maxAmount := quote.Amount
	if r.Intn(exactMaxAmountOneIn) != 0 {
		maxAmount = maxAmount.Add(simtypes.RandomAmount(r, quote.Amount.QuoRaw(10).AddRaw(1)))
	}
	msg.Payer = payer.Address.String()
	msg.SessionPubkey = sessionKey(r)
	msg.PlanId = plan.Id
	msg.MaxAmount = sdk.NewCoin(types.Denom, maxAmount)
	return o.env.Deliver(r, app, ctx, payer, msg, quote.Amount)
}

// recordPayment has a processor the simulation holds record a payment made
// elsewhere, under a receipt id not used before, paying part of its
// balance.
func (o ops) recordPayment(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRecordPayment{}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	var processors []simtypes.Account
	for _, p := range params.Processors {
		if acc, ok := simutil.Account(accs, p); ok && o.env.Spendable(ctx, acc.Address).GT(math.NewInt(10)) {
			processors = append(processors, acc)
		}
	}
	if len(processors) == 0 {
		return o.env.NoOp(msg, "no processor the simulation holds can pay")
	}
	from := simutil.Pick(r, processors)
	plan := simutil.Pick(r, params.Plans)
	most := o.env.Spendable(ctx, from.Address).QuoRaw(20)
	if most.LT(plan.MinReceiptAmount) {
		return o.env.NoOp(msg, "processor %s cannot pay plan %d's minimum %s", from.Address, plan.Id, plan.MinReceiptAmount)
	}
	for range receiptAttempts {
		id := fmt.Sprintf("sim-%d", r.Int63())
		used, err := o.k.Receipts.Has(ctx, collections.Join(from.Address, id))
		if err != nil {
			return o.env.Fail(msg, err)
		}
		if !used {
			msg.ReceiptId = id
			break
		}
	}
	if msg.ReceiptId == "" {
		return o.env.NoOp(msg, "no unused receipt id found")
	}
	amount := simutil.IntBetween(r, plan.MinReceiptAmount, most)
	msg.Processor = from.Address.String()
	msg.SessionPubkey = sessionKey(r)
	msg.PlanId = plan.Id
	msg.Amount = sdk.NewCoin(types.Denom, amount)
	return o.env.Deliver(r, app, ctx, from, msg, amount)
}

// revokePayment has the processor that recorded a receipt refund it (also
// one governance has since removed).
func (o ops) revokePayment(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRevokePayment{}
	var open []types.Receipt
	err := o.k.Receipts.Walk(ctx, nil, func(_ collections.Pair[sdk.AccAddress, string], rc types.Receipt) (bool, error) {
		if rc.RevokedAt == nil {
			open = append(open, rc)
		}
		return false, nil
	})
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(open) == 0 {
		return o.env.NoOp(msg, "no receipt to revoke")
	}
	receipt := simutil.Pick(r, open)
	from, ok := simutil.Account(accs, receipt.Processor)
	if !ok {
		return o.env.NoOp(msg, "processor %s is not a simulation account", receipt.Processor)
	}
	msg.Processor = receipt.Processor
	msg.ReceiptId = receipt.ReceiptId
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}
