package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// toV1Layout rewrites the fixture's store as consensus version 1 kept it:
// each listing in its own map and its expiry index beside the records,
// the records without it, the price index as it is, and no cursor.
func toV1Layout(t *testing.T, f *fixture) {
	t.Helper()
	v1, err := keeper.NewV1Layout(f.k)
	require.NoError(t, err)
	it, err := f.k.Records.Iterate(f.ctx, nil)
	require.NoError(t, err)
	records, err := it.KeyValues()
	require.NoError(t, err)
	for _, kv := range records {
		l := kv.Value.Listing
		if l == nil {
			continue
		}
		kv.Value.Listing = nil
		require.NoError(t, f.k.Records.Set(f.ctx, kv.Key, kv.Value)) // drops the price entry
		require.NoError(t, f.k.Records.Indexes.Price.Set(f.ctx, collections.Join(l.Price.Uint64(), kv.Key)))
		require.NoError(t, v1.Listings.Set(f.ctx, kv.Key, *l))
		require.NoError(t, v1.Expiry.Set(f.ctx, collections.Join(l.Expiry.UnixNano(), kv.Key)))
	}
	require.NoError(t, f.k.ListingCursor.Remove(f.ctx))
}

// prefixes returns the first bytes (hex) of the store's keys, counted.
func prefixes(f *fixture) map[string]int {
	out := map[string]int{}
	for key := range f.store() {
		out[key[:2]]++
	}
	return out
}

// Migrate1to2 turns a version-1 store into the one version 2 would have
// written: every listing in its record, prefixes 6 and 8 empty, the same
// queries and export; a listing already due when the chain upgraded ends
// at the first EndBlock.
func TestMigrate1to2(t *testing.T) {
	f := newFixture(t)
	f.mustRegister(users[0], "alpha1", 1)
	f.mustRegister(users[1], "beta22", 2)
	f.mustRegister(users[2], "gamma3", 1)
	require.NoError(t, f.list(users[0], "alpha1", sesh(100)))
	require.NoError(t, f.list(users[1], "beta22", sesh(200)))
	f.endBlock()
	// alpha1 has expired, and no EndBlock has run since.
	f.nextBlock(types.Year + time.Hour)
	want := f.store()
	wantGenesis, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, wantGenesis.Listings, 2)
	wantListings, err := f.queries.Listings(f.ctx, &types.QueryListingsRequest{})
	require.NoError(t, err)

	toV1Layout(t, f)
	require.Equal(t, map[string]int{"00": 1, "01": 3, "02": 1, "03": 1, "04": 3, "05": 3, "06": 2, "07": 2, "08": 2}, prefixes(f))
	require.NoError(t, keeper.NewMigrator(f.k).Migrate1to2(f.ctx))

	delete(want, "09") // the first EndBlock after the upgrade walks from the start
	require.Equal(t, want, f.store())
	gotGenesis, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, wantGenesis, gotGenesis)
	gotListings, err := f.queries.Listings(f.ctx, &types.QueryListingsRequest{})
	require.NoError(t, err)
	require.Equal(t, wantListings, gotListings)

	f.clearEvents()
	f.endBlock()
	require.Equal(t, []proto.Message{&types.EventListingCancelled{
		NameHash: types.NameHashHex("alpha1"), Seller: users[0].String(), Reason: "expired",
	}}, f.events())
	require.Nil(t, f.resolve("alpha1").Listing)
	require.NotNil(t, f.resolve("beta22").Listing)
}

// EndBlock ends at most MaxRemovalsPerBlock listings a block, earliest
// first, the rest at the next blocks, and writes nothing when nothing is
// due.
func TestListingEndsBoundedPerBlock(t *testing.T) {
	gs := types.DefaultGenesis()
	n := types.MaxRemovalsPerBlock + 7
	for i := range n {
		name := "list" + strings.Repeat(string(rune('a'+i%26)), 1+i/26)
		expiry := genesisTime.Add(time.Hour + time.Duration(i)*time.Second)
		gs.Records = append(gs.Records, types.NameRecord{
			NameHash: types.NameHashHex(name), Owner: users[0].String(), EncryptedValue: value(t, name, 1),
			NameLength: uint32(len(name)), RegisteredAt: genesisTime, Expiry: expiry, UpdatedAt: genesisTime, //nolint:gosec // short
		})
		gs.Listings = append(gs.Listings, types.Listing{
			NameHash: types.NameHashHex(name), Seller: users[0].String(), Price: sesh(int64(i + 1)),
			ListedAt: genesisTime, Expiry: expiry,
		})
	}
	f := newFixture(t, withGenesis(gs))
	listed := func() int {
		res, err := f.queries.Listings(f.ctx, &types.QueryListingsRequest{Pagination: limit(uint64(n + 1))})
		require.NoError(t, err)
		return len(res.Listings)
	}
	f.endBlock()
	require.Equal(t, n, listed(), "nothing due yet")

	f.nextBlock(2 * time.Hour)
	f.endBlock()
	require.Equal(t, 7, listed(), "the first block ends the bound")
	f.advance(time.Second)
	require.Zero(t, listed(), "the next the rest")
	before := f.snapshot()
	f.advance(time.Second)
	require.Equal(t, before, f.snapshot(), "nothing due, nothing written")
}
