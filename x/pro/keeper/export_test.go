package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// SetLegacyReceipt writes a receipt as consensus versions 1 to 3 kept it
// (keyed by its id alone), for the migration's tests.
func (k Keeper) SetLegacyReceipt(ctx context.Context, r types.Receipt) error {
	legacy, err := k.legacyReceipts()
	if err != nil {
		return err
	}
	if err := legacy.receipts.Set(ctx, r.ReceiptId, r); err != nil {
		return err
	}
	if r.RevokedAt != nil {
		return legacy.revoked.Set(ctx, r.ReceiptId)
	}
	return nil
}

// LegacyReceiptCount counts the receipts left in the old layout.
func (k Keeper) LegacyReceiptCount(ctx context.Context) (int, error) {
	legacy, err := k.legacyReceipts()
	if err != nil {
		return 0, err
	}
	it, err := legacy.receipts.Iterate(ctx, nil)
	if err != nil {
		return 0, err
	}
	keys, err := it.Keys()
	if err != nil {
		return 0, err
	}
	revoked, err := legacy.revoked.Iterate(ctx, nil)
	if err != nil {
		return 0, err
	}
	rkeys, err := revoked.Keys()
	return len(keys) + len(rkeys), err
}
