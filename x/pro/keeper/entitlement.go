package keeper

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// openGeneration starts the subscription's next entitlement generation at
// height, with a fresh revocation tag.
func openGeneration(sub *types.Subscription, height int64) {
	sub.Generation++
	sub.RevocationTag = types.RevocationTag(sub.SessionPubkey, sub.Generation, height)
	sub.Revoked = false
}

// revokeGeneration lists the subscription's current generation on the
// revocation list, effective a revocation_delay from now, and moves the
// subscription on: to a new generation when paid time remains, else it
// stays on the revoked one until the next purchase. The caller stores the
// subscription.
func (k Keeper) revokeGeneration(ctx context.Context, sub *types.Subscription, receipt types.Receipt, revokedBy string) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	last, err := k.LastRevocationTicket.Get(ctx)
	if err != nil {
		return err
	}
	now := k.now(ctx)
	entry := types.Revocation{
		Ticket:        last + 1,
		RevocationTag: sub.RevocationTag,
		EffectiveAt:   now.Add(params.RevocationDelay),
		RecordedAt:    now,
		SessionPubkey: sub.SessionPubkey,
		Generation:    sub.Generation,
		Processor:     receipt.Processor,
		ReceiptId:     receipt.ReceiptId,
		RevokedBy:     revokedBy,
	}
	if err := k.RevocationList.Set(ctx, entry.Ticket, entry); err != nil {
		return err
	}
	if err := k.LastRevocationTicket.Set(ctx, entry.Ticket); err != nil {
		return err
	}
	if sub.Expiry.After(now) {
		openGeneration(sub, k.height(ctx))
	} else {
		sub.Revoked = true
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventEntitlementRevoked{
		SessionPubkey: sub.SessionPubkey, Ticket: entry.Ticket, Generation: entry.Generation,
		RevocationTag: hex.EncodeToString(entry.RevocationTag), EffectiveAt: entry.EffectiveAt,
		NextGeneration: sub.Generation,
	})
}

// height is the height of the block being executed (the SDK context's
// where the header info has none, as in an upgrade's migrations).
func (k Keeper) height(ctx context.Context) int64 {
	if h := k.headerService.GetHeaderInfo(ctx).Height; h != 0 {
		return h
	}
	if sdkCtx, ok := ctx.(sdk.Context); ok {
		return sdkCtx.BlockHeight()
	}
	return 0
}

// PruneRevocations removes the revocation list entries recorded more than
// revocation_retention ago, oldest first, at most MaxPrunesPerBlock of them
// (tickets follow block time, so the due entries are the first ones). A
// block with an empty list opens one empty iterator.
func (k Keeper) PruneRevocations(ctx context.Context) error {
	due, err := k.dueRevocations(ctx)
	if err != nil || len(due) == 0 {
		return err
	}
	for _, ticket := range due {
		if err := k.RevocationList.Remove(ctx, ticket); err != nil {
			return err
		}
	}
	return nil
}

// dueRevocations returns the tickets of the entries past their retention;
// the iterator is closed before the caller removes them.
func (k Keeper) dueRevocations(ctx context.Context) ([]uint64, error) {
	it, err := k.RevocationList.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	if !it.Valid() {
		return nil, nil
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := k.now(ctx).Add(-params.RevocationRetention)
	var due []uint64
	for ; it.Valid() && len(due) < types.MaxPrunesPerBlock; it.Next() {
		kv, err := it.KeyValue()
		if err != nil {
			return nil, err
		}
		if kv.Value.RecordedAt.After(cutoff) {
			break
		}
		due = append(due, kv.Key)
	}
	return due, nil
}

// issuerKey returns a registered issuer key.
func (k Keeper) issuerKey(ctx context.Context, pubkey string) (types.IssuerKey, bool, error) {
	key, err := k.IssuerKeys.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return key, false, nil
	}
	return key, err == nil, err
}

// earliest returns the earlier of a and an optional b.
func earliest(a time.Time, b *time.Time) time.Time {
	if b != nil && b.Before(a) {
		return *b
	}
	return a
}

// unixTime is a Unix second in UTC.
func unixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
