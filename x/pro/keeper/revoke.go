package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// revokeReceipt revokes a processor's receipt on behalf of revokedBy (the
// processor or the authority): the unused part of its period ends now,
// later periods move up, and if that took paid time away the current
// entitlement generation goes on the revocation list.
func (k Keeper) revokeReceipt(ctx context.Context, processor sdk.AccAddress, receiptID, revokedBy string) error {
	key := collections.Join(processor, receiptID)
	receipt, err := k.Receipts.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return errorsmod.Wrapf(types.ErrReceiptNotFound, "receipt %q of %s", receiptID, processor)
	}
	if err != nil {
		return err
	}
	if receipt.RevokedAt != nil {
		return errorsmod.Wrapf(types.ErrAlreadyRevoked, "receipt %q of %s was revoked at %s", receiptID, receipt.Processor, receipt.RevokedAt.UTC())
	}
	sub, cut, err := k.cutPeriod(ctx, receipt.SessionPubkey, receipt.Processor, receiptID)
	if err != nil {
		return err
	}
	if cut > 0 {
		if err := k.revokeGeneration(ctx, &sub, receipt, revokedBy); err != nil {
			return err
		}
	}
	if err := k.Subscriptions.Set(ctx, sub.SessionPubkey, sub); err != nil {
		return err
	}
	now := k.now(ctx)
	receipt.RevokedAt = &now
	if err := k.Receipts.Set(ctx, key, receipt); err != nil {
		return err
	}
	if err := k.Revoked.Set(ctx, key); err != nil {
		return err
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventPaymentRevoked{
		ReceiptId: receiptID, SessionPubkey: receipt.SessionPubkey, Expiry: sub.Expiry,
		Processor: receipt.Processor, RevokedBy: revokedBy,
	})
}
