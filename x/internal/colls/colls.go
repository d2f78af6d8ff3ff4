// Package colls holds what the modules need of cosmossdk.io/collections
// beyond what it offers.
package colls

import (
	"context"

	"cosmossdk.io/collections"
)

// RemoveRange removes the entries of m in rng. collections' Map.Clear does
// the same but sets aside room for 10,000 keys on every call (240 kB): on a
// message's or a block's path, where the range holds a handful of entries,
// that allocation costs more than the removals. RemoveRange holds only the
// keys it finds.
func RemoveRange[K, V any](ctx context.Context, m collections.Map[K, V], rng collections.Ranger[K]) error {
	it, err := m.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	keys, err := it.Keys() // closes the iterator before the store changes
	if err != nil {
		return err
	}
	for _, key := range keys {
		if err := m.Remove(ctx, key); err != nil {
			return err
		}
	}
	return nil
}
