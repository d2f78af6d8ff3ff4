package keeper_test

import (
	"fmt"
	goruntime "runtime"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/header"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	sdkstore "github.com/cosmos/cosmos-sdk/store/v2"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// BenchmarkNamesEndBlock measures EndBlock with 100 or 100,000 names,
// a tenth of them listed, none of which expires soon: the expiry indexes
// are long, but nothing in them is due, so EndBlock must cost the same.
// scripts/benchtable reports the ratio of the two.
func BenchmarkNamesEndBlock(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		b.Run(fmt.Sprintf("names=%d", n), func(b *testing.B) {
			gs := types.DefaultGenesis()
			enc := value(b, "bench", 1)
			for i := range n {
				hash := types.NameHashHex(fmt.Sprintf("bench-%d", i))
				expiry := genesisTime.Add(types.Year).Add(time.Duration(i) * time.Second)
				gs.Records = append(gs.Records, types.NameRecord{
					NameHash: hash, Owner: users[i%len(users)].String(), EncryptedValue: enc, NameLength: 12,
					RegisteredAt: genesisTime, Expiry: expiry, UpdatedAt: genesisTime,
				})
				if i%10 == 0 {
					gs.Listings = append(gs.Listings, types.Listing{
						NameHash: hash, Seller: users[i%len(users)].String(), Price: math.NewInt(int64(1 + i)), ListedAt: genesisTime, Expiry: expiry,
					})
				}
			}
			k, cms, ctx := newBenchKeeper(b, gs)
			height := int64(1)
			nextBlock := func() sdk.Context {
				height++
				return ctx.WithMultiStore(cms.CacheMultiStore()).
					WithHeaderInfo(header.Info{Height: height, Time: genesisTime.Add(time.Duration(height) * time.Second)}).
					WithEventManager(sdk.NewEventManager())
			}
			block := nextBlock()
			require.NoError(b, k.EndBlock(block))
			require.Empty(b, block.EventManager().Events(), "nothing was due")
			b.ReportAllocs()
			for b.Loop() {
				if err := k.EndBlock(nextBlock()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// newBenchKeeper returns a keeper whose state, gs loaded, is committed in
// a plain key-value store over goleveldb in a temporary directory, not an
// IAVL tree and not an in-memory database: the benchmark measures the
// module's work per block, not the tree's lookups, nor the garbage
// collector scanning a heap that holds the whole state (a node keeps it on
// disk). Each block is a fresh branch of that state.
func newBenchKeeper(b *testing.B, gs *types.GenesisState) (*keeper.Keeper, storetypes.CommitMultiStore, sdk.Context) {
	b.Helper()
	moduleKey := storetypes.NewKVStoreKey(types.StoreKey)
	bankKey := storetypes.NewKVStoreKey("benchbank")
	poolKey := storetypes.NewKVStoreKey("benchpool")
	db, err := dbm.NewGoLevelDB("names", b.TempDir(), nil)
	require.NoError(b, err)
	b.Cleanup(func() { require.NoError(b, db.Close()) })
	cms := sdkstore.NewCommitMultiStore(db, log.NewNopLogger())
	cms.MountStoreWithDB(moduleKey, storetypes.StoreTypeDB, db)
	cms.MountStoreWithDB(bankKey, storetypes.StoreTypeIAVL, nil)
	cms.MountStoreWithDB(poolKey, storetypes.StoreTypeIAVL, nil)
	require.NoError(b, cms.LoadLatestVersion())
	ctx := sdk.NewContext(cms, cmtproto.Header{}, false, log.NewNopLogger()).
		WithHeaderInfo(header.Info{Height: 1, Time: genesisTime}).WithEventManager(sdk.NewEventManager())

	ak := keepertest.NewAccountKeeper(types.ModuleName, protypes.LiquidityAccount, rewardpooltypes.PoolAccount)
	bank := keepertest.NewBank(runtime.NewKVStoreService(bankKey), ak)
	pool := keepertest.NewPool(runtime.NewKVStoreService(poolKey), bank)
	prices := &keepertest.Prices{}
	prices.Set(math.LegacyMustNewDecFromStr(defaultPrice))
	k := keeper.NewKeeper(moduletestutil.MakeTestEncodingConfig().Codec, addresscodec.NewBech32Codec("session"),
		runtime.NewKVStoreService(moduleKey), runtime.EventService{}, keepertest.HeaderService{}, log.NewNopLogger(),
		authtypes.NewModuleAddress("gov").String(), ak, bank, pool, prices)
	require.NoError(b, k.InitGenesis(ctx, gs))
	cms.Commit()
	require.NoError(b, db.ForceCompact(nil, nil))
	// Collect the garbage of the setup now, not during the timed blocks.
	goruntime.GC()
	return &k, cms, ctx
}
