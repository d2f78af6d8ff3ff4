package keeper

import (
	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// Migrator holds the store migrations of the names module, one per
// consensus version step. The app's upgrade handlers run them through the
// module manager (app/upgrades.go).
type Migrator struct {
	keeper *Keeper
}

// NewMigrator returns the migrations for k.
func NewMigrator(k *Keeper) Migrator { return Migrator{keeper: k} }

// v1Layout is what consensus version 1 kept beside the records: the
// listings by name hash and their index by expiry. Its index by price had
// the keys the records' price index has.
type v1Layout struct {
	Listings collections.Map[[]byte, types.Listing]
	Expiry   collections.KeySet[collections.Pair[int64, []byte]]
}

// newV1Layout builds the version-1 collections on the module's store.
func newV1Layout(k *Keeper) (v1Layout, error) {
	sb := collections.NewSchemaBuilder(k.storeService)
	l := v1Layout{
		Listings: collections.NewMap(sb, types.ListingsKey, "listings", collections.BytesKey, codec.CollValue[types.Listing](k.cdc)),
		Expiry: collections.NewKeySet(sb, types.ListingsByExpiryKey, "listings_by_expiry",
			collections.PairKeyCodec(collections.Int64Key, collections.BytesKey)),
	}
	_, err := sb.Build()
	return l, err
}

// Migrate1to2 moves every listing into its record (consensus version 2):
// the records are rewritten with their listing, whose price-index entry
// is the one version 1 wrote; the listings and their expiry index are
// cleared; and the listing cursor is removed, so the first EndBlock walks
// the records' expiry index from its beginning and ends every listing
// already due, MaxRemovalsPerBlock a block.
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	v1, err := newV1Layout(m.keeper)
	if err != nil {
		return err
	}
	it, err := v1.Listings.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	listings, err := it.KeyValues() // closes the iterator before the store changes
	if err != nil {
		return err
	}
	for _, kv := range listings {
		rec, err := m.keeper.Records.Get(ctx, kv.Key)
		if err != nil {
			return errorsmod.Wrapf(err, "the record of listing %s", kv.Value.NameHash)
		}
		rec.Listing = &kv.Value
		if err := m.keeper.Records.Set(ctx, kv.Key, rec); err != nil {
			return err
		}
	}
	if err := colls.RemoveRange(ctx, v1.Listings, nil); err != nil {
		return err
	}
	if err := colls.RemoveRange(ctx, collections.Map[collections.Pair[int64, []byte], collections.NoValue](v1.Expiry), nil); err != nil {
		return err
	}
	return m.keeper.ListingCursor.Remove(ctx)
}
