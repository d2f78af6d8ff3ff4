package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
)

// activeCount is the number of active nodes.
func (k Keeper) activeCount(ctx context.Context) (uint64, error) {
	n, err := k.ActiveCount.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return n, err
}

// addActive appends a node to the numbered active set.
func (k Keeper) addActive(ctx context.Context, pubkey string) error {
	if has, err := k.ActiveIndexOf.Has(ctx, pubkey); err != nil || has {
		return err
	}
	n, err := k.activeCount(ctx)
	if err != nil {
		return err
	}
	if err := k.ActiveByIndex.Set(ctx, n, pubkey); err != nil {
		return err
	}
	if err := k.ActiveIndexOf.Set(ctx, pubkey, n); err != nil {
		return err
	}
	return k.ActiveCount.Set(ctx, n+1)
}

// removeActive takes a node out of the numbered active set: the last node
// moves into its place, so the numbers stay 0..n-1 at constant cost.
func (k Keeper) removeActive(ctx context.Context, pubkey string) error {
	idx, err := k.ActiveIndexOf.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	n, err := k.activeCount(ctx)
	if err != nil {
		return err
	}
	last := n - 1
	if idx != last {
		moved, err := k.ActiveByIndex.Get(ctx, last)
		if err != nil {
			return err
		}
		if err := k.ActiveByIndex.Set(ctx, idx, moved); err != nil {
			return err
		}
		if err := k.ActiveIndexOf.Set(ctx, moved, idx); err != nil {
			return err
		}
	}
	if err := k.ActiveByIndex.Remove(ctx, last); err != nil {
		return err
	}
	if err := k.ActiveIndexOf.Remove(ctx, pubkey); err != nil {
		return err
	}
	if last == 0 {
		// No count is zero, as on a chain no node was ever active on and
		// on one imported from an export without active nodes.
		return k.ActiveCount.Remove(ctx)
	}
	return k.ActiveCount.Set(ctx, last)
}

// decommissionedCount is the number of decommissioned nodes.
func (k Keeper) decommissionedCount(ctx context.Context) (uint64, error) {
	n, err := k.DecommissionedCount.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return n, err
}

// addDecommissioned moves the decommissioned count by delta (+1 or -1).
func (k Keeper) addDecommissioned(ctx context.Context, delta int) error {
	n, err := k.decommissionedCount(ctx)
	if err != nil {
		return err
	}
	if delta < 0 {
		if n == 0 {
			return errors.New("decommissioned count would go below zero")
		}
		return k.DecommissionedCount.Set(ctx, n-1)
	}
	return k.DecommissionedCount.Set(ctx, n+1)
}
