// Package colls holds what the modules need of cosmossdk.io/collections
// beyond what it offers: the same operations without the writes and
// allocations that cost a block's messages more than their own work.
package colls

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/codec"
	"cosmossdk.io/collections/indexes"
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

// Multi is an indexes.Multi that leaves a value's entry alone when the value
// changes but its reference key does not. indexes.Multi deletes the entry
// and writes it again on every Set of the value: a store write for nothing,
// which the commit then hashes into the tree like any other. A node's status
// or a transfer's changes a few times in its life; the record itself changes
// with every claim, contribution or signature.
type Multi[ReferenceKey comparable, PrimaryKey, Value any] struct {
	*indexes.Multi[ReferenceKey, PrimaryKey, Value]
	refKey func(PrimaryKey, Value) (ReferenceKey, error)
}

// NewMulti is indexes.NewMulti for a Multi.
func NewMulti[ReferenceKey comparable, PrimaryKey, Value any](
	sb *collections.SchemaBuilder,
	prefix collections.Prefix,
	name string,
	refCodec codec.KeyCodec[ReferenceKey],
	pkCodec codec.KeyCodec[PrimaryKey],
	refKey func(PrimaryKey, Value) (ReferenceKey, error),
) *Multi[ReferenceKey, PrimaryKey, Value] {
	return &Multi[ReferenceKey, PrimaryKey, Value]{
		Multi:  indexes.NewMulti(sb, prefix, name, refCodec, pkCodec, refKey),
		refKey: refKey,
	}
}

// Reference implements collections.Index: as indexes.Multi's, but nothing
// is written when the value existed with the same reference key.
func (m *Multi[ReferenceKey, PrimaryKey, Value]) Reference(ctx context.Context, pk PrimaryKey, newValue Value, lazyOldValue func() (Value, error)) error {
	old, oldErr := lazyOldValue()
	if oldErr == nil {
		oldRef, err := m.refKey(pk, old)
		if err != nil {
			return err
		}
		newRef, err := m.refKey(pk, newValue)
		if err != nil {
			return err
		}
		if oldRef == newRef {
			return nil
		}
	}
	return m.Multi.Reference(ctx, pk, newValue, func() (Value, error) { return old, oldErr })
}
