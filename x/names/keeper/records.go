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
	return rec, checkActive(params, rec, hashHex, now)
}

// checkActive refuses a record that is not active at now: ErrNameExpired
// in its grace period, ErrNameReleased after it.
func checkActive(params types.Params, rec types.NameRecord, hashHex string, now time.Time) error {
	switch params.StatusAt(rec.Expiry, now) {
	case types.NAME_STATUS_GRACE:
		return errorsmod.Wrapf(types.ErrNameExpired, "name %s expired at %s; it is in its grace period until %s",
			hashHex, rec.Expiry.UTC(), params.ReleaseTime(rec.Expiry).UTC())
	case types.NAME_STATUS_RELEASED:
		return errorsmod.Wrapf(types.ErrNameReleased, "name %s was released at %s", hashHex, params.ReleaseTime(rec.Expiry).UTC())
	}
	return nil
}

// activeName reads what a message on an active name acts on: the params,
// the block time and the record (activeRecord).
func (k Keeper) activeName(ctx context.Context, hash []byte, hashHex string) (types.Params, time.Time, types.NameRecord, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Params{}, time.Time{}, types.NameRecord{}, err
	}
	now := k.now(ctx)
	rec, err := k.activeRecord(ctx, params, hash, hashHex, now)
	return params, now, rec, err
}

// listedRecord returns the record of a name on sale, with its listing:
// ErrNotListed if it is not on sale (or there is no such name).
func (k Keeper) listedRecord(ctx context.Context, hash []byte, hashHex string) (types.NameRecord, error) {
	rec, err := k.Records.Get(ctx, hash)
	switch {
	case errors.Is(err, collections.ErrNotFound) || (err == nil && rec.Listing == nil):
		return rec, errorsmod.Wrapf(types.ErrNotListed, "name %s is not on sale", hashHex)
	case err != nil:
		return rec, err
	}
	return rec, nil
}

// endListing takes the listing off rec, if it has one, and says why; the
// caller writes or removes the record, which updates the price index.
func (k Keeper) endListing(ctx context.Context, rec *types.NameRecord, reason string) error {
	listing := rec.Listing
	if listing == nil {
		return nil
	}
	rec.Listing = nil
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventListingCancelled{
		NameHash: listing.NameHash, Seller: listing.Seller, Reason: reason,
	})
}

// withoutListing is rec as queries and genesis show it: its listing, kept
// in the record by the store, is reported on its own.
func withoutListing(rec types.NameRecord) types.NameRecord {
	rec.Listing = nil
	return rec
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
