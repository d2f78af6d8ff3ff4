package keeper

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// plainIndexes are the record indexes kept one by one, as collections
// does without oneRead.
type plainIndexes struct{ RecordIndexes }

func (i plainIndexes) IndexesList() []collections.Index[[]byte, types.NameRecord] {
	return []collections.Index[[]byte, types.NameRecord]{i.Owner, i.Expiry, i.Price}
}

// recordMaps builds the records with their indexes on key, kept as one
// (oneRead) or one by one.
func recordMaps(key *storetypes.KVStoreKey, one bool) *collections.IndexedMap[[]byte, types.NameRecord, collections.Indexes[[]byte, types.NameRecord]] {
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	idx := RecordIndexes{
		Owner: colls.NewMulti(sb, types.RecordsByOwnerKey, "records_by_owner", collections.StringKey, collections.BytesKey,
			func(_ []byte, r types.NameRecord) (string, error) { return r.Owner, nil }),
		Expiry: colls.NewMulti(sb, types.RecordsByExpiryKey, "records_by_expiry", collections.Int64Key, collections.BytesKey,
			func(_ []byte, r types.NameRecord) (int64, error) { return timeKey(r.Expiry), nil }),
		Price: NewPriceIndex(sb, types.ListingsByPriceKey, "listings_by_price"),
	}
	var indexes collections.Indexes[[]byte, types.NameRecord] = plainIndexes{idx}
	if one {
		indexes = idx
	}
	return collections.NewIndexedMap(sb, types.RecordsKey, "records", collections.BytesKey,
		codec.CollValue[types.NameRecord](moduletestutil.MakeTestEncodingConfig().Codec), indexes)
}

type (
	testContext = sdk.Context
	recordMap   = *collections.IndexedMap[[]byte, types.NameRecord, collections.Indexes[[]byte, types.NameRecord]]
)

// oneRead writes exactly the index entries the indexes kept one by one
// write, through listing, relisting, a sale, a renewal and a removal, and
// reads each old record once instead of three times (less gas).
func TestOneReadMatchesPlainIndexes(t *testing.T) {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	hashA, hashB := bytes.Repeat([]byte{0xa}, 32), bytes.Repeat([]byte{0xb}, 32)
	rec := func(owner string, expiry time.Time, price int64) types.NameRecord {
		r := types.NameRecord{NameHash: "h", Owner: owner, NameLength: 6, RegisteredAt: t0, Expiry: expiry, UpdatedAt: t0}
		if price > 0 {
			r.Listing = &types.Listing{NameHash: "h", Seller: owner, Price: math.NewInt(price), ListedAt: t0, Expiry: expiry}
		}
		return r
	}
	steps := []func(ctx testContext, m recordMap) error{
		func(ctx testContext, m recordMap) error { return m.Set(ctx, hashA, rec("alice", t0, 0)) },
		func(ctx testContext, m recordMap) error { return m.Set(ctx, hashB, rec("bob", t0, 9)) },
		func(ctx testContext, m recordMap) error { return m.Set(ctx, hashA, rec("alice", t0, 5)) },
		func(ctx testContext, m recordMap) error { return m.Set(ctx, hashA, rec("alice", t0, 7)) },
		func(ctx testContext, m recordMap) error { return m.Set(ctx, hashA, rec("alice", t0.Add(time.Hour), 7)) },
		func(ctx testContext, m recordMap) error { return m.Set(ctx, hashA, rec("carol", t0.Add(time.Hour), 0)) },
		func(ctx testContext, m recordMap) error { return m.Remove(ctx, hashB) },
	}
	var stores [2][]string
	var gas [2]storetypes.Gas
	for i, one := range []bool{false, true} {
		ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient"))
		m := recordMaps(key, one)
		for _, step := range steps {
			require.NoError(t, step(ctx, m))
		}
		gas[i] = ctx.GasMeter().GasConsumed()
		it := ctx.KVStore(key).Iterator(nil, nil)
		for ; it.Valid(); it.Next() {
			stores[i] = append(stores[i], string(it.Key())+"="+string(it.Value()))
		}
		require.NoError(t, it.Close())
	}
	require.Equal(t, stores[0], stores[1])
	require.Len(t, stores[1], 3, "one record, unlisted: it and its owner and expiry entries")
	require.Less(t, gas[1], gas[0])
}
