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
// and the payment with its period filled in.
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
	sub.Expiry = payment.PeriodEnd
	sub.LastPayment = payment
	sub.Periods = append(pastDropped(sub.Periods, now), payment)
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

// cutPeriod removes the period bought with a receipt from a subscription:
// the part of it not yet used is taken off, and the periods after it move
// up by as much. It returns the new expiry.
func (k Keeper) cutPeriod(ctx context.Context, sessionKey, receiptID string) (time.Time, error) {
	now := k.now(ctx)
	sub, err := k.Subscriptions.Get(ctx, sessionKey)
	if err != nil {
		return time.Time{}, err
	}
	periods := pastDropped(sub.Periods, now)
	var cut time.Duration
	kept := periods[:0:0]
	for _, p := range periods {
		switch {
		case p.ReceiptId == receiptID && p.Method == types.PAYMENT_METHOD_EXTERNAL:
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
			return time.Time{}, err
		}
		sub.Expiry = sub.Expiry.Add(-cut)
	}
	sub.Periods = kept
	// The last payment shown is one that still stands.
	if sub.LastPayment.ReceiptId == receiptID && len(kept) > 0 {
		sub.LastPayment = kept[len(kept)-1]
	}
	return sub.Expiry, k.Subscriptions.Set(ctx, sessionKey, sub)
}
