package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// pay takes a purchase from payer into the module account in one transfer
// and adds its split, exact under the pool share of the params the caller
// read, to the revenue totals. EndBlock moves the block's parts on (Sweep).
func (k Keeper) pay(ctx context.Context, params types.Params, payer sdk.AccAddress, amount math.Int) (toPool, toLiquidity math.Int, err error) {
	toPool, toLiquidity = types.Split(amount, params.PoolShareBps)
	if err := k.bankKeeper.SendCoins(ctx, payer, k.moduleAddr, sdk.NewCoins(sdk.NewCoin(types.Denom, amount))); err != nil {
		return math.Int{}, math.Int{}, err
	}
	revenue, err := k.Revenue.Get(ctx)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	revenue.ToPool = revenue.ToPool.Add(toPool)
	revenue.ToLiquidity = revenue.ToLiquidity.Add(toLiquidity)
	revenue.Purchases++
	return toPool, toLiquidity, k.Revenue.Set(ctx, revenue)
}

// extend adds a paid period to a Session account's subscription, starting
// at the later of now and the current expiry, and returns the subscription
// and the payment with its period filled in. A SESH purchase that starts
// where a SESH period ends joins it, so gifts stacked on a key keep one
// period however many there are. A subscription with no generation yet, or
// whose generation was revoked, opens a new one; the proof expiry grid
// offset is drawn again for the new expiry.
func (k Keeper) extend(ctx context.Context, sessionKey string, payment types.Payment, duration time.Duration) (types.Subscription, types.Payment, error) {
	now := k.now(ctx)
	sub, err := k.Subscriptions.Get(ctx, sessionKey)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		sub = types.Subscription{SessionPubkey: sessionKey, Expiry: now}
	case err != nil:
		return sub, payment, err
	}
	old := sub.Expiry
	start := sub.Expiry
	if start.Before(now) {
		start = now
	}
	payment.PeriodStart = start
	payment.PeriodEnd = start.Add(duration)
	payment.PaidAt = &now
	payment.Purchases = 1
	sub.Expiry = payment.PeriodEnd
	sub.LastPayment = payment
	sub.Periods = appendPeriod(pastDropped(sub.Periods, now), payment)
	height := k.height(ctx)
	if sub.Generation == 0 || sub.Revoked {
		openGeneration(&sub, height)
	}
	sub.ProofExpiryOffset = types.ProofExpiryOffset(sessionKey, sub.Expiry, height)
	if err := k.trackExpiry(ctx, sessionKey, old, sub.Expiry); err != nil {
		return sub, payment, err
	}
	return sub, payment, k.Subscriptions.Set(ctx, sessionKey, sub)
}

// pastDropped returns the periods not yet over at now.
func pastDropped(periods []types.Payment, now time.Time) []types.Payment {
	kept := periods[:0:0]
	for _, p := range periods {
		if p.PeriodEnd.After(now) {
			kept = append(kept, p)
		}
	}
	return kept
}

// appendPeriod adds p after periods, joining it to the last one when both
// were paid in SESH and p starts where it ends.
func appendPeriod(periods []types.Payment, p types.Payment) []types.Payment {
	if n := len(periods); n > 0 && mergeable(periods[n-1], p) {
		periods[n-1] = merged(periods[n-1], p)
		return periods
	}
	return append(periods, p)
}

// mergeable reports whether b can join a: both SESH purchases, b starting
// where a ends. External periods stay apart: a receipt's period is revoked
// on its own.
func mergeable(a, b types.Payment) bool {
	return a.Method == types.PAYMENT_METHOD_SESH && b.Method == types.PAYMENT_METHOD_SESH && a.PeriodEnd.Equal(b.PeriodStart)
}

// merged is the period a followed by b: amounts added, the purchases
// counted, the payer, plan and payment time of the later one.
func merged(a, b types.Payment) types.Payment {
	out := b
	out.PeriodStart = a.PeriodStart
	out.Amount = a.Amount.Add(b.Amount)
	out.Purchases = purchases(a) + purchases(b)
	return out
}

// purchases is how many purchases a period holds (0, from before periods
// merged, counts as 1).
func purchases(p types.Payment) uint32 {
	if p.Purchases == 0 {
		return 1
	}
	return p.Purchases
}

// compacted joins the consecutive SESH periods of periods.
func compacted(periods []types.Payment) []types.Payment {
	out := periods[:0:0]
	for _, p := range periods {
		out = appendPeriod(out, p)
	}
	return out
}

// isReceipt reports whether p is the period a processor's receipt bought.
func isReceipt(p types.Payment, processor, receiptID string) bool {
	return p.Method == types.PAYMENT_METHOD_EXTERNAL && p.Payer == processor && p.ReceiptId == receiptID
}

// cutPeriod removes the period bought with a processor's receipt from a
// subscription: the part of it not yet used is taken off, the periods after
// it move up by as much, and SESH periods that now meet are joined. It
// returns the subscription and how much was cut; the caller stores it.
func (k Keeper) cutPeriod(ctx context.Context, sessionKey, processor, receiptID string) (types.Subscription, time.Duration, error) {
	now := k.now(ctx)
	sub, err := k.Subscriptions.Get(ctx, sessionKey)
	if err != nil {
		return sub, 0, err
	}
	periods := pastDropped(sub.Periods, now)
	var cut time.Duration
	kept := periods[:0:0]
	for _, p := range periods {
		switch {
		case isReceipt(p, processor, receiptID):
			start := p.PeriodStart
			if start.Before(now) {
				start = now
			}
			cut = p.PeriodEnd.Sub(start)
		case cut > 0:
			p.PeriodStart = p.PeriodStart.Add(-cut)
			p.PeriodEnd = p.PeriodEnd.Add(-cut)
			kept = append(kept, p)
		default:
			kept = append(kept, p)
		}
	}
	if cut > 0 {
		if err := k.trackExpiry(ctx, sessionKey, sub.Expiry, sub.Expiry.Add(-cut)); err != nil {
			return sub, 0, err
		}
		sub.Expiry = sub.Expiry.Add(-cut)
	}
	sub.Periods = compacted(kept)
	// The last payment shown is one that still stands: the latest period
	// left, or none.
	if isReceipt(sub.LastPayment, processor, receiptID) {
		sub.LastPayment = standing(sub.Periods)
	}
	return sub, cut, nil
}

// standing is the last payment to show once the one shown was revoked: the
// latest period left, or none.
func standing(periods []types.Payment) types.Payment {
	if n := len(periods); n > 0 {
		return periods[n-1]
	}
	return types.Payment{Amount: math.ZeroInt()}
}
