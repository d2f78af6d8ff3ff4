package keeper

import (
	"context"
	"errors"
	"math"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// EndBlock moves the block's fees on (Sweep), ends the listings of names
// that expired, and removes the records of names whose grace period and
// premium are over. Expiry and removal read the head of a time-ordered
// index: a block where nothing is due reads two empty ranges, whatever the
// number of names, and one block does at most MaxRemovalsPerBlock of each.
// Whether a name is active, in grace or released follows from its expiry
// and the block time alone, so a removal that waits for a later block
// changes nothing a user sees.
func (k Keeper) EndBlock(ctx context.Context) error {
	if err := k.Sweep(ctx); err != nil {
		return err
	}
	if err := k.EndExpiredListings(ctx); err != nil {
		return err
	}
	if err := k.RemoveReleased(ctx); err != nil {
		return err
	}
	return k.EmitMetrics(ctx)
}

// EndExpiredListings ends the listings of the names that expired by this
// block. A listing is part of its record, so the walk goes over the
// records' expiry index from ListingCursor, the last entry an earlier block
// reached, to the block time: at most MaxRemovalsPerBlock entries, earliest
// first, each read and, if listed, written without its listing. A block
// where no name expired reads the cursor and an empty range. Names are
// listed only while active (expiry after the block time), so a listing is
// never behind the cursor; a renewal moves its record ahead.
func (k Keeper) EndExpiredListings(ctx context.Context) error {
	rng, err := k.dueExpiries(ctx)
	if err != nil {
		return err
	}
	it, err := k.Records.Indexes.Expiry.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	due, err := firstEntries(it)
	if err != nil || len(due) == 0 {
		return err
	}
	for _, entry := range due {
		rec, err := k.Records.Get(ctx, entry.K2())
		if err != nil {
			return err
		}
		if rec.Listing == nil {
			continue
		}
		if err := k.endListing(ctx, &rec, "expired"); err != nil {
			return err
		}
		if err := k.Records.Set(ctx, entry.K2(), rec); err != nil {
			return err
		}
	}
	return k.ListingCursor.Set(ctx, due[len(due)-1])
}

// dueExpiries is the range of the records' expiry index EndExpiredListings
// has still to walk: after the cursor (from the beginning without one)
// up to the block time, inclusive.
func (k Keeper) dueExpiries(ctx context.Context) (*collections.Range[collections.Pair[int64, []byte]], error) {
	rng := new(collections.Range[collections.Pair[int64, []byte]])
	cursor, err := k.ListingCursor.Get(ctx)
	switch {
	case err == nil:
		rng = rng.StartExclusive(cursor)
	case !errors.Is(err, collections.ErrNotFound):
		return nil, err
	}
	if now := timeKey(k.now(ctx)); now < math.MaxInt64 {
		// Every (now, hash) entry sorts before (now+1, no hash).
		rng = rng.EndExclusive(collections.Join(now+1, []byte{}))
	}
	return rng, nil
}

// RemoveReleased removes the records of names whose premium after release
// ended by this block (expiry + grace period + premium days), earliest
// first, at most MaxRemovalsPerBlock of them, with a listing not yet ended.
func (k Keeper) RemoveReleased(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	cutoff := timeKey(k.now(ctx).Add(-params.RemovalDelay()))
	it, err := k.Records.Indexes.Expiry.Iterate(ctx, collections.NewPrefixUntilPairRange[int64, []byte](cutoff))
	if err != nil {
		return err
	}
	due, err := firstEntries(it)
	if err != nil {
		return err
	}
	for _, entry := range due {
		hash := entry.K2()
		rec, err := k.Records.Get(ctx, hash)
		if err != nil {
			return err
		}
		if err := k.endListing(ctx, &rec, "expired"); err != nil {
			return err
		}
		if err := k.Records.Remove(ctx, hash); err != nil {
			return err
		}
		if err := k.eventService.EventManager(ctx).Emit(ctx, &types.EventNameRemoved{
			NameHash: rec.NameHash, Owner: rec.Owner, Expiry: rec.Expiry,
		}); err != nil {
			return err
		}
	}
	return nil
}

// entryIterator is the part of an index iterator firstEntries reads.
type entryIterator interface {
	Valid() bool
	Next()
	FullKey() (collections.Pair[int64, []byte], error)
	Close() error
}

// firstEntries returns up to MaxRemovalsPerBlock entries of it and closes
// it before the caller changes the store.
func firstEntries(it entryIterator) ([]collections.Pair[int64, []byte], error) {
	defer it.Close()
	var entries []collections.Pair[int64, []byte]
	for ; it.Valid() && len(entries) < types.MaxRemovalsPerBlock; it.Next() {
		entry, err := it.FullKey()
		if err != nil {
			return nil, err
		}
		entries = append(entries, entry)
	}
	return entries, nil
}
