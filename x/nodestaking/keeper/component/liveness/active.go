package liveness

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// ActivePageSize is how many node keys one record of the numbered active set
// holds: page p holds the raw 32-byte keys of the nodes numbered
// p×ActivePageSize onwards, in order, and only the last page is short. A
// quorum's draws read pages, which are 1/32 as many records as the nodes:
// at 100,000 nodes ten random draws read from 3,125 records (3 MB) instead
// of from 100,000 records spread over the whole store, so they stay in the
// caches (and in the tree's) from block to block. An activation rewrites a
// page of at most 1 kB, an exit at most two (gas counts their bytes).
const ActivePageSize = types.ActivePageKeys

// pageOf returns the page holding active index idx and the key's offset in it.
func pageOf(idx uint64) (page uint64, offset int) {
	return idx / ActivePageSize, int(idx%ActivePageSize) * types.PubkeySize
}

// ActiveNodes is the number of active nodes.
func (k *Keeper) ActiveNodes(ctx context.Context) (uint64, error) {
	n, err := k.ActiveCount.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return n, err
}

// activePage reads a page of the numbered active set. The bytes belong to
// the store: callers that change them change a copy.
func (k *Keeper) activePage(ctx context.Context, page uint64) ([]byte, error) {
	b, err := k.ActivePages.Get(ctx, page)
	if err != nil {
		return nil, fmt.Errorf("active set page %d: %w", page, err)
	}
	return b, checkPage(page, b)
}

// checkPage refuses a stored page that is not whole node keys, at most a
// page's worth.
func checkPage(page uint64, b []byte) error {
	if len(b)%types.PubkeySize != 0 || len(b) > ActivePageSize*types.PubkeySize {
		return fmt.Errorf("active set page %d holds %d bytes, not whole node keys", page, len(b))
	}
	return nil
}

// keyAt returns the node key at offset of a page, in lowercase hex as the
// state names nodes.
func keyAt(page []byte, offset int) (string, error) {
	if offset+types.PubkeySize > len(page) {
		return "", fmt.Errorf("active set page of %d bytes has no key at offset %d", len(page), offset)
	}
	return hex.EncodeToString(page[offset : offset+types.PubkeySize]), nil
}

// ActiveAt returns the active node numbered idx.
func (k *Keeper) ActiveAt(ctx context.Context, idx uint64) (string, error) {
	page, offset := pageOf(idx)
	b, err := k.activePage(ctx, page)
	if err != nil {
		return "", err
	}
	return keyAt(b, offset)
}

// WalkActive calls fn with every active node in index order, until fn stops.
func (k *Keeper) WalkActive(ctx context.Context, fn func(idx uint64, pubkey string) (stop bool, err error)) error {
	it, err := k.ActivePages.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		kv, err := it.KeyValue()
		if err != nil {
			return err
		}
		if err := checkPage(kv.Key, kv.Value); err != nil {
			return err
		}
		for offset := 0; offset < len(kv.Value); offset += types.PubkeySize {
			//nolint:gosec // offset/PubkeySize < ActivePageSize
			idx := kv.Key*ActivePageSize + uint64(offset/types.PubkeySize)
			stop, err := fn(idx, hex.EncodeToString(kv.Value[offset:offset+types.PubkeySize]))
			if err != nil || stop {
				return err
			}
		}
	}
	return nil
}

// RawKey decodes a node key from the state's hex.
func RawKey(pubkey string) ([]byte, error) {
	b, err := hex.DecodeString(pubkey)
	if err != nil || len(b) != types.PubkeySize {
		return nil, fmt.Errorf("node key %q is not %d bytes of hex", pubkey, types.PubkeySize)
	}
	return b, nil
}

// addActive appends a node to the numbered active set.
func (k *Keeper) addActive(ctx context.Context, pubkey string) error {
	if has, err := k.ActiveIndexOf.Has(ctx, pubkey); err != nil || has {
		return err
	}
	raw, err := RawKey(pubkey)
	if err != nil {
		return err
	}
	n, err := k.ActiveNodes(ctx)
	if err != nil {
		return err
	}
	page, offset := pageOf(n)
	var b []byte
	if offset > 0 {
		cur, err := k.activePage(ctx, page)
		if err != nil {
			return err
		}
		if len(cur) != offset {
			return fmt.Errorf("active set page %d holds %d bytes; %d active nodes need %d", page, len(cur), n, offset)
		}
		b = make([]byte, offset, offset+types.PubkeySize)
		copy(b, cur)
	}
	if err := k.setPage(ctx, page, append(b, raw...)); err != nil {
		return err
	}
	if err := k.ActiveIndexOf.Set(ctx, pubkey, n); err != nil {
		return err
	}
	return k.ActiveCount.Set(ctx, n+1)
}

// removeActive takes a node out of the numbered active set: the last node
// moves into its place, so the numbers stay 0..n-1 at constant cost (at
// most two pages rewritten).
func (k *Keeper) removeActive(ctx context.Context, pubkey string) error {
	idx, err := k.ActiveIndexOf.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	n, err := k.ActiveNodes(ctx)
	if err != nil {
		return err
	}
	if idx >= n {
		return fmt.Errorf("node %s is numbered %d of %d active nodes", pubkey, idx, n)
	}
	last := n - 1
	lastPage, lastOffset := pageOf(last)
	cur, err := k.activePage(ctx, lastPage)
	if err != nil {
		return err
	}
	if len(cur) != lastOffset+types.PubkeySize {
		return fmt.Errorf("active set page %d holds %d bytes; %d active nodes need %d", lastPage, len(cur), n, lastOffset+types.PubkeySize)
	}
	// The last page loses its last key; a copy, never the store's bytes.
	tail := make([]byte, lastOffset)
	copy(tail, cur)
	if idx != last {
		moved := cur[lastOffset : lastOffset+types.PubkeySize]
		page, offset := pageOf(idx)
		if page == lastPage {
			copy(tail[offset:], moved)
		} else {
			b, err := k.activePage(ctx, page)
			if err != nil {
				return err
			}
			if offset+types.PubkeySize > len(b) {
				return fmt.Errorf("active set page %d of %d bytes has no key at offset %d", page, len(b), offset)
			}
			edited := make([]byte, len(b))
			copy(edited, b)
			copy(edited[offset:], moved)
			if err := k.setPage(ctx, page, edited); err != nil {
				return err
			}
		}
		if err := k.ActiveIndexOf.Set(ctx, hex.EncodeToString(moved), idx); err != nil {
			return err
		}
	}
	if len(tail) == 0 {
		err = k.removePage(ctx, lastPage)
	} else {
		err = k.setPage(ctx, lastPage, tail)
	}
	if err != nil {
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

// DecommissionedNodes is the number of decommissioned nodes.
func (k *Keeper) DecommissionedNodes(ctx context.Context) (uint64, error) {
	n, err := k.DecommissionedCount.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return n, err
}

// addDecommissioned moves the decommissioned count by delta (+1 or -1).
func (k *Keeper) addDecommissioned(ctx context.Context, delta int) error {
	n, err := k.DecommissionedNodes(ctx)
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
