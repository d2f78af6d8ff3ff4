package keeper

import (
	"context"
	"math"
	"time"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// lastKeyTime is the latest time int64 Unix nanoseconds hold (in 2262).
var lastKeyTime = time.Unix(0, math.MaxInt64)

// activeKey is the Active entry of a subscription that ends at expiry: the
// expiry in Unix nanoseconds, then the key. Expiries past lastKeyTime share
// its value; none of them ends in the life of the chain.
func activeKey(expiry time.Time, sessionKey string) collections.Pair[int64, string] {
	if expiry.After(lastKeyTime) {
		return collections.Join(int64(math.MaxInt64), sessionKey)
	}
	return collections.Join(expiry.UnixNano(), sessionKey)
}

// trackExpiry records that a subscription's expiry moved from old to
// expiry: its Active entry moves with it, and it starts or stops being
// counted. A subscription whose old entry is gone (it ended and EndBlock
// took it off) is counted again when it is renewed.
func (k Keeper) trackExpiry(ctx context.Context, sessionKey string, old, expiry time.Time) error {
	had, err := k.Active.Has(ctx, activeKey(old, sessionKey))
	if err != nil {
		return err
	}
	if had {
		if err := k.Active.Remove(ctx, activeKey(old, sessionKey)); err != nil {
			return err
		}
	}
	keep := expiry.After(k.now(ctx))
	if keep {
		if err := k.Active.Set(ctx, activeKey(expiry, sessionKey)); err != nil {
			return err
		}
	}
	switch {
	case keep && !had:
		return k.addActive(ctx, 1)
	case had && !keep:
		return k.addActive(ctx, -1)
	}
	return nil
}

// addActive adds delta to the active count.
func (k Keeper) addActive(ctx context.Context, delta int64) error {
	n, err := k.ActiveCount.Get(ctx)
	if err != nil {
		return err
	}
	return k.ActiveCount.Set(ctx, uint64(int64(n)+delta)) //nolint:gosec // the count is the size of Active, never negative
}

// ExpireSubscriptions takes the subscriptions that ended by this block off
// the active count, earliest first, at most MaxExpiriesPerBlock of them. A
// block where none ended reads one empty range.
func (k Keeper) ExpireSubscriptions(ctx context.Context) error {
	due, err := k.dueExpiries(ctx)
	if err != nil || len(due) == 0 {
		return err
	}
	for _, key := range due {
		if err := k.Active.Remove(ctx, key); err != nil {
			return err
		}
	}
	return k.addActive(ctx, -int64(len(due)))
}

// dueExpiries returns the keys of the subscriptions that ended by this
// block, earliest first, at most MaxExpiriesPerBlock of them; the iterator
// is closed before the caller removes them.
func (k Keeper) dueExpiries(ctx context.Context) ([]collections.Pair[int64, string], error) {
	it, err := k.Active.Iterate(ctx, collections.NewPrefixUntilPairRange[int64, string](k.now(ctx).UnixNano()))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var due []collections.Pair[int64, string]
	for ; it.Valid() && len(due) < types.MaxExpiriesPerBlock; it.Next() {
		key, err := it.Key()
		if err != nil {
			return nil, err
		}
		due = append(due, key)
	}
	return due, nil
}

// RebuildActive recomputes Active and ActiveCount from the subscriptions:
// every one that ends after the current block time is counted. Genesis and
// the migration to consensus version 2 use it.
func (k Keeper) RebuildActive(ctx context.Context) error {
	if err := k.Active.Clear(ctx, nil); err != nil {
		return err
	}
	now := k.now(ctx)
	var active []collections.Pair[int64, string]
	err := k.Subscriptions.Walk(ctx, nil, func(sessionKey string, sub types.Subscription) (bool, error) {
		if sub.Expiry.After(now) {
			active = append(active, activeKey(sub.Expiry, sessionKey))
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	// Written after the walk: no store writes while its iterator is open.
	for _, key := range active {
		if err := k.Active.Set(ctx, key); err != nil {
			return err
		}
	}
	return k.ActiveCount.Set(ctx, uint64(len(active)))
}
