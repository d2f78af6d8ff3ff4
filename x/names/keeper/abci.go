package keeper

import (
	"context"

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

// EndExpiredListings ends the listings whose name expired by this block,
// earliest first, at most MaxRemovalsPerBlock of them.
func (k Keeper) EndExpiredListings(ctx context.Context) error {
	it, err := k.Listings.Indexes.Expiry.Iterate(ctx,
		collections.NewPrefixUntilPairRange[int64, []byte](timeKey(k.now(ctx))))
	if err != nil {
		return err
	}
	due, err := firstKeys(it)
	if err != nil {
		return err
	}
	for _, hash := range due {
		if err := k.endListing(ctx, hash, "expired"); err != nil {
			return err
		}
	}
	return nil
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
	due, err := firstKeys(it)
	if err != nil {
		return err
	}
	for _, hash := range due {
		rec, err := k.Records.Get(ctx, hash)
		if err != nil {
			return err
		}
		if err := k.endListing(ctx, hash, "expired"); err != nil {
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

// keyIterator is the part of an index iterator firstKeys reads.
type keyIterator interface {
	Valid() bool
	Next()
	PrimaryKey() ([]byte, error)
	Close() error
}

// firstKeys returns the primary keys of up to MaxRemovalsPerBlock entries
// of it and closes it before the caller changes the store.
func firstKeys(it keyIterator) ([][]byte, error) {
	defer it.Close()
	var keys [][]byte
	for ; it.Valid() && len(keys) < types.MaxRemovalsPerBlock; it.Next() {
		pk, err := it.PrimaryKey()
		if err != nil {
			return nil, err
		}
		keys = append(keys, pk)
	}
	return keys, nil
}
