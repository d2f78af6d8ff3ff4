package integration

import (
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	corestore "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/version"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/names"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
)

// TestUpgradeToNamesVersion2 runs the session-names-v2 upgrade on a chain
// whose x/names is at version 1, its listings in their own map with an
// expiry index beside the records: at the plan's height the old binary
// halts, the new one runs Migrate1to2, the listings are in their records,
// the old prefixes are empty, the marketplace lists the same names at the
// same prices, and a purchase and a new listing work.
func TestUpgradeToNamesVersion2(t *testing.T) {
	savedVersion, savedUpgrades := version.Version, app.Upgrades
	t.Cleanup(func() { version.Version, app.Upgrades = savedVersion, savedUpgrades })
	version.Version, app.Upgrades = "v-integration-old", nil

	opts := testutil.DefaultChainOptions()
	opts.DB, opts.Home = dbm.NewMemDB(), t.TempDir()
	opts.EditGenesis = proGenesis(opts)
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	alice, bob := c.Accounts[2], c.Accounts[1]
	for i, name := range []string{"upgrade-alpha", "upgrade-beta", "upgrade-gamma"} {
		res := c.Deliver(time.Second, alice, &namestypes.MsgRegisterName{
			Owner: alice.Address.String(), Name: name, EncryptedValue: nameValue(t, name, byte(i+1)), Years: 2, MaxAmount: nsesh(sesh(1_000)),
		})
		require.Zero(t, res.Code, res.Log)
	}
	for name, price := range map[string]int64{"upgrade-alpha": 700, "upgrade-beta": 300} {
		res := c.Deliver(time.Second, alice, &namestypes.MsgListName{
			Seller: alice.Address.String(), NameHash: namestypes.NameHashHex(name), Price: nsesh(sesh(price)),
		})
		require.Zero(t, res.Code, res.Log)
	}
	listings, err := namesQuery(c).Listings(c.Ctx(), &namestypes.QueryListingsRequest{})
	require.NoError(t, err)
	require.Len(t, listings.Listings, 2)

	// What version 1 held: the listings beside the records.
	//nolint:staticcheck // the writes go straight to the store the next block commits, as an old chain holds them
	ctx := c.App.NewUncachedContext(false, cmtproto.Header{Height: c.Height, Time: c.Time, ChainID: c.ChainID})
	storeKey := c.App.UnsafeFindStoreKey(namestypes.StoreKey)
	toNamesV1(t, ctx, c, runtime.NewKVStoreService(storeKey.(*storetypes.KVStoreKey)))
	require.NotEmpty(t, prefixKeys(ctx, c, namestypes.ListingsKey))
	vm, err := c.App.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	vm[namestypes.ModuleName] = 1
	require.NoError(t, c.App.UpgradeKeeper.SetModuleVersionMap(ctx, vm))
	c.NextBlock(time.Second)

	upgradeHeight := c.Height + 10
	id := submitProposal(t, c, c.Accounts[0], "Names v2", &upgradetypes.MsgSoftwareUpgrade{
		Authority: govAuthority, Plan: upgradetypes.Plan{Name: app.NamesLayoutUpgrade, Height: upgradeHeight},
	})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	for c.Height < upgradeHeight-1 {
		c.NextBlock(time.Second)
	}
	require.ErrorContains(t, c.TryNextBlock(time.Second), `UPGRADE "`+app.NamesLayoutUpgrade+`" NEEDED at height`)
	version.Version, app.Upgrades = "v-integration-names-v2", savedUpgrades
	c.Restart()
	c.NextBlock(time.Second)

	vm, err = c.App.UpgradeKeeper.GetModuleVersionMap(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(names.ConsensusVersion), vm[namestypes.ModuleName])
	require.Empty(t, prefixKeys(c.Ctx(), c, namestypes.ListingsKey))
	require.Empty(t, prefixKeys(c.Ctx(), c, namestypes.ListingsByExpiryKey))
	after, err := namesQuery(c).Listings(c.Ctx(), &namestypes.QueryListingsRequest{})
	require.NoError(t, err)
	require.Equal(t, listings.Listings, after.Listings)
	rec, err := c.App.NamesKeeper.Records.Get(c.Ctx(), namestypes.NameHash("upgrade-beta"))
	require.NoError(t, err)
	require.NotNil(t, rec.Listing, "the listing is in its record")

	// The marketplace works on the new layout.
	res := c.Deliver(time.Second, bob, &namestypes.MsgBuyName{
		Buyer: bob.Address.String(), NameHash: namestypes.NameHashHex("upgrade-beta"), MaxPrice: nsesh(sesh(300)),
		EncryptedValue: nameValue(t, "upgrade-beta", 9),
	})
	require.Zero(t, res.Code, res.Log)
	require.Equal(t, bob.Address.String(), resolveName(t, c, "upgrade-beta").Owner)
	res = c.Deliver(time.Second, alice, &namestypes.MsgListName{
		Seller: alice.Address.String(), NameHash: namestypes.NameHashHex("upgrade-gamma"), Price: nsesh(sesh(100)),
	})
	require.Zero(t, res.Code, res.Log)
	after, err = namesQuery(c).Listings(c.Ctx(), &namestypes.QueryListingsRequest{})
	require.NoError(t, err)
	require.Equal(t, []string{namestypes.NameHashHex("upgrade-gamma"), namestypes.NameHashHex("upgrade-alpha")},
		[]string{after.Listings[0].NameHash, after.Listings[1].NameHash})
}

// toNamesV1 rewrites the names store as version 1 kept it: the listings
// out of their records into their own map, with their expiry index; the
// price index as it is; no listing cursor.
func toNamesV1(t *testing.T, ctx sdk.Context, c *testutil.Chain, svc corestore.KVStoreService) {
	t.Helper()
	k := c.App.NamesKeeper
	sb := collections.NewSchemaBuilder(svc)
	listings := collections.NewMap(sb, namestypes.ListingsKey, "listings", collections.BytesKey,
		codec.CollValue[namestypes.Listing](c.App.AppCodec()))
	expiry := collections.NewKeySet(sb, namestypes.ListingsByExpiryKey, "listings_by_expiry",
		collections.PairKeyCodec(collections.Int64Key, collections.BytesKey))
	_, err := sb.Build()
	require.NoError(t, err)
	it, err := k.Records.Iterate(ctx, nil)
	require.NoError(t, err)
	records, err := it.KeyValues()
	require.NoError(t, err)
	for _, kv := range records {
		l := kv.Value.Listing
		if l == nil {
			continue
		}
		kv.Value.Listing = nil
		require.NoError(t, k.Records.Set(ctx, kv.Key, kv.Value))
		require.NoError(t, k.Records.Indexes.Price.Set(ctx, collections.Join(l.Price.Uint64(), kv.Key)))
		require.NoError(t, listings.Set(ctx, kv.Key, *l))
		require.NoError(t, expiry.Set(ctx, collections.Join(l.Expiry.UnixNano(), kv.Key)))
	}
	require.NoError(t, k.ListingCursor.Remove(ctx))
}

// prefixKeys returns the keys of the names store under prefix.
func prefixKeys(ctx sdk.Context, c *testutil.Chain, prefix collections.Prefix) [][]byte {
	store := ctx.KVStore(c.App.UnsafeFindStoreKey(namestypes.StoreKey))
	it := store.Iterator(prefix.Bytes(), storetypes.PrefixEndBytes(prefix.Bytes()))
	defer it.Close()
	var keys [][]byte
	for ; it.Valid(); it.Next() {
		keys = append(keys, it.Key())
	}
	return keys
}
