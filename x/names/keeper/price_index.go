package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// PriceIndex indexes the records on sale by their listing's price: one
// (price, name hash) entry per listed record and none for the others, the
// keys indexes.Multi wrote for the listings of consensus version 1 (prefix
// 7). indexes.Multi cannot leave a value out, and a record changes with
// every renewal, sale and update: like colls.Multi, an entry is written
// only when the listing or its price changes.
type PriceIndex struct {
	collections.KeySet[collections.Pair[uint64, []byte]]
}

// NewPriceIndex builds the index at prefix.
func NewPriceIndex(sb *collections.SchemaBuilder, prefix collections.Prefix, name string) *PriceIndex {
	return &PriceIndex{KeySet: collections.NewKeySet(sb, prefix, name,
		collections.PairKeyCodec(collections.Uint64Key, collections.BytesKey))}
}

// listedPrice is the index key of a record: its listing's price, and
// whether it is listed.
func listedPrice(rec types.NameRecord) (uint64, bool) {
	if rec.Listing == nil {
		return 0, false
	}
	return rec.Listing.Price.Uint64(), true
}

// Reference implements collections.Index.
func (i *PriceIndex) Reference(ctx context.Context, pk []byte, rec types.NameRecord, lazyOld func() (types.NameRecord, error)) error {
	old, err := lazyOld()
	switch {
	case errors.Is(err, collections.ErrNotFound):
		old = types.NameRecord{}
	case err != nil:
		return err
	}
	oldPrice, wasListed := listedPrice(old)
	newPrice, isListed := listedPrice(rec)
	if wasListed && isListed && oldPrice == newPrice {
		return nil
	}
	if wasListed {
		if err := i.Remove(ctx, collections.Join(oldPrice, pk)); err != nil {
			return err
		}
	}
	if isListed {
		return i.Set(ctx, collections.Join(newPrice, pk))
	}
	return nil
}

// Unreference implements collections.Index.
func (i *PriceIndex) Unreference(ctx context.Context, pk []byte, lazyOld func() (types.NameRecord, error)) error {
	old, err := lazyOld()
	if err != nil {
		return err
	}
	if price, listed := listedPrice(old); listed {
		return i.Remove(ctx, collections.Join(price, pk))
	}
	return nil
}
