package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// record returns the record of a name hash: ErrNameNotFound if there is
// none.
func (k Keeper) record(ctx context.Context, hash []byte, hashHex string) (types.NameRecord, error) {
	rec, err := k.Records.Get(ctx, hash)
	if errors.Is(err, collections.ErrNotFound) {
		return rec, errorsmod.Wrapf(types.ErrNameNotFound, "no name has hash %s", hashHex)
	}
	return rec, err
}

// activeRecord returns the record of a name that is active at now:
// ErrNameExpired in its grace period, ErrNameReleased after it.
func (k Keeper) activeRecord(ctx context.Context, params types.Params, hash []byte, hashHex string, now time.Time,
) (types.NameRecord, error) {
	rec, err := k.record(ctx, hash, hashHex)
	if err != nil {
		return rec, err
	}
	switch params.StatusAt(rec.Expiry, now) {
	case types.NAME_STATUS_GRACE:
		return rec, errorsmod.Wrapf(types.ErrNameExpired, "name %s expired at %s; it is in its grace period until %s",
			hashHex, rec.Expiry.UTC(), params.ReleaseTime(rec.Expiry).UTC())
	case types.NAME_STATUS_RELEASED:
		return rec, errorsmod.Wrapf(types.ErrNameReleased, "name %s was released at %s", hashHex, params.ReleaseTime(rec.Expiry).UTC())
	}
	return rec, nil
}

// endListing removes the listing of a name, if it has one, and says why.
func (k Keeper) endListing(ctx context.Context, hash []byte, reason string) error {
	listing, err := k.Listings.Get(ctx, hash)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := k.Listings.Remove(ctx, hash); err != nil {
		return err
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventListingCancelled{
		NameHash: listing.NameHash, Seller: listing.Seller, Reason: reason,
	})
}

// checkAhead refuses an expiry more than MaxYearsAhead years after now.
func checkAhead(expiry, now time.Time) error {
	if limit := now.Add(types.MaxYearsAhead * types.Year); expiry.After(limit) {
		return errorsmod.Wrapf(types.ErrTermTooLong, "the expiry would be %s, past %s: a name is paid for at most %d years ahead",
			expiry.UTC(), limit.UTC(), types.MaxYearsAhead)
	}
	return nil
}

// termLength is years of registration.
func termLength(years uint32) time.Duration {
	return time.Duration(years) * types.Year
}
