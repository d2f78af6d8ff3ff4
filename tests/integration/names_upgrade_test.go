package integration

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/version"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/names"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestUpgradeAddsNamesStore brings Session names to a chain that ran
// without them. The chain runs a release before x/names: its database has
// no names store, its upgrade module no names version, its auth module no
// names account. A software-upgrade proposal names the plan
// app.NamesUpgrade; at its height the old binary halts. A binary with
// x/names but without the plan's StoreUpgrades cannot even load the
// state; the new release, with them, adds the store at that height, runs
// the module's default genesis through the upgrade handler, and the chain
// goes on: a name is registered and its fee reaches the pool.
func TestUpgradeAddsNamesStore(t *testing.T) {
	savedVersion, savedUpgrades := version.Version, app.Upgrades
	t.Cleanup(func() { version.Version, app.Upgrades = savedVersion, savedUpgrades })
	// The release before x/names: no upgrade of that name.
	version.Version, app.Upgrades = "v-before-names", nil

	opts := testutil.DefaultChainOptions()
	opts.DB, opts.Home = dbm.NewMemDB(), t.TempDir()
	opts.EditGenesis = proGenesis(opts)
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	subscribe(t, c, c.Accounts[2], sessionKey, 1)
	before := subscriptionsOf(t, c, []string{sessionKey})

	// What the old release has instead of x/names: nothing.
	//nolint:staticcheck // the writes go straight to the store the next block commits, as an old chain holds them
	ctx := c.App.NewUncachedContext(false, cmtproto.Header{Height: c.Height, Time: c.Time, ChainID: c.ChainID})
	ctx.KVStore(c.App.UnsafeFindStoreKey(upgradetypes.StoreKey)).Delete(append([]byte{upgradetypes.VersionMapByte}, namestypes.ModuleName...))
	namesAddr := authtypes.NewModuleAddress(namestypes.ModuleName)
	c.App.AccountKeeper.RemoveAccount(ctx, c.App.AccountKeeper.GetAccount(ctx, namesAddr))
	c.NextBlock(time.Second)

	upgradeHeight := c.Height + 10
	id := submitProposal(t, c, c.Accounts[0], "Session names", &upgradetypes.MsgSoftwareUpgrade{
		Authority: govAuthority, Plan: upgradetypes.Plan{Name: app.NamesUpgrade, Height: upgradeHeight},
	})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	for c.Height < upgradeHeight-1 {
		c.NextBlock(time.Second)
	}
	err := c.TryNextBlock(time.Second)
	require.ErrorContains(t, err, `UPGRADE "`+app.NamesUpgrade+`" NEEDED at height`)
	removeStore(t, c.DB(), namestypes.StoreKey, c.Height)

	// A binary with x/names but no StoreUpgrades for it refuses the state.
	app.Upgrades = []app.Upgrade{{Name: app.NamesUpgrade}}
	require.ErrorContains(t, c.TryRestart(), "new stores should be added using StoreUpgrades")

	// The new release adds the store at the plan's height.
	app.Upgrades = savedUpgrades
	version.Version = "v-with-names"
	c.Restart()
	c.NextBlock(time.Second)
	done, err := c.App.UpgradeKeeper.GetDoneHeight(c.Ctx(), app.NamesUpgrade)
	require.NoError(t, err)
	require.Equal(t, upgradeHeight, done)
	vm, err := c.App.UpgradeKeeper.GetModuleVersionMap(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(names.ConsensusVersion), vm[namestypes.ModuleName])
	require.Implements(t, (*sdk.ModuleAccountI)(nil), c.App.AccountKeeper.GetAccount(c.Ctx(), namesAddr),
		"the module's genesis made its account")
	params, err := c.App.NamesKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, namestypes.DefaultParams(), params)
	require.Equal(t, before, subscriptionsOf(t, c, []string{sessionKey}), "the other modules' state across the upgrade")

	// Names work: a registration's fee reaches the pool by the end of its
	// block (the chain checks the invariants after every block).
	feeder := c.Accounts[0]
	res := c.Deliver(time.Second, feeder, &protypes.MsgSubmitPrice{Feeder: feeder.Address.String(), Price: math.LegacyNewDecWithPrec(5, 2), SourceTime: c.Time})
	require.Zero(t, res.Code, res.Log)
	alice := c.Accounts[2]
	res = c.Deliver(time.Second, alice, &namestypes.MsgRegisterName{
		Owner: alice.Address.String(), Name: "after-upgrade", EncryptedValue: nameValue(t, "after-upgrade", 7), Years: 1,
		MaxAmount: nsesh(sesh(100)),
	})
	require.Zero(t, res.Code, res.Log)
	require.Equal(t, sesh(90), inflow(totalsQuery(t, c), rptypes.SourceNames))
	require.Equal(t, alice.Address.String(), resolveName(t, c, "after-upgrade").Owner)
}

// removeStore makes db what a release without the store left at version:
// the store's data gone and the version's commit info without it.
func removeStore(t *testing.T, db dbm.DB, name string, version int64) {
	t.Helper()
	prefix := []byte("s/k:" + name + "/")
	it, err := db.Iterator(prefix, storetypes.PrefixEndBytes(prefix))
	require.NoError(t, err)
	var keys [][]byte
	for ; it.Valid(); it.Next() {
		keys = append(keys, bytes.Clone(it.Key()))
	}
	require.NoError(t, it.Close())
	require.NotEmpty(t, keys, "the store had data")
	for _, k := range keys {
		require.NoError(t, db.Delete(k))
	}
	infoKey := []byte(fmt.Sprintf("s/%d", version))
	bz, err := db.Get(infoKey)
	require.NoError(t, err)
	var info storetypes.CommitInfo
	require.NoError(t, info.Unmarshal(bz))
	kept := info.StoreInfos[:0]
	for _, s := range info.StoreInfos {
		if s.Name != name {
			kept = append(kept, s)
		}
	}
	require.Len(t, kept, len(info.StoreInfos)-1, "the commit info named the store")
	info.StoreInfos = kept
	bz, err = info.Marshal()
	require.NoError(t, err)
	require.NoError(t, db.Set(infoKey, bz))
}
