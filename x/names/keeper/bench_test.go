package keeper_test

import (
	"fmt"
	goruntime "runtime"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"

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
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// benchDue is how many listings end, and how many released records are
// removed, in every block of BenchmarkNamesEndBlock, whatever the number of
// names: the work that is due is the same, only the state around it grows.
const benchDue = 20

// BenchmarkNamesEndBlock measures EndBlock with 100 or 100,000 names. In
// every block the same benchDue listings of names that just expired end and
// the same benchDue released records are removed; every other name expires
// a year or more later. The expiry indexes are long, but only their heads
// are due, so EndBlock must cost the same. Each block is a fresh branch of
// the committed state at the same block time, made with the timer stopped:
// only EndBlock is timed. scripts/benchtable reports the ratio of the two.
func BenchmarkNamesEndBlock(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		b.Run(fmt.Sprintf("names=%d", n), func(b *testing.B) {
			gs := benchEndBlockGenesis(b, n)
			k, cms, ctx := newBenchKeeper(b, gs)
			blockTime := genesisTime.Add(time.Hour)
			height := int64(1)
			nextBlock := func() sdk.Context {
				height++
				return ctx.WithMultiStore(cms.CacheMultiStore()).
					WithHeaderInfo(header.Info{Height: height, Time: blockTime}).
					WithEventManager(sdk.NewEventManager())
			}
			block := nextBlock()
			require.NoError(b, k.EndBlock(block))
			require.Len(b, block.EventManager().Events(), 2*benchDue, "the due listings ended, the due records removed")
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				block := nextBlock()
				b.StartTimer()
				if err := k.EndBlock(block); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchEndBlockGenesis holds n names: benchDue listed names that expired
// just before the benchmark's block time (in their grace period: the
// listing ends, the record stays), benchDue names whose premium after
// release ended (the record goes), and the rest, a tenth of them listed,
// expiring a year or more after genesis.
func benchEndBlockGenesis(b *testing.B, n int) *types.GenesisState {
	b.Helper()
	gs := types.DefaultGenesis()
	enc := value(b, "bench", 1)
	removed := genesisTime.Add(-gs.Params.RemovalDelay() - types.Day)
	for i := range n {
		hash := types.NameHashHex(fmt.Sprintf("bench-%d", i))
		owner := users[i%len(users)].String()
		var expiry time.Time
		var listed bool
		switch {
		case i < benchDue:
			expiry, listed = genesisTime.Add(-time.Duration(i+1)*time.Second), true
		case i < 2*benchDue:
			expiry = removed.Add(-time.Duration(i) * time.Second)
		default:
			expiry, listed = genesisTime.Add(types.Year).Add(time.Duration(i)*time.Second), i%10 == 0
		}
		gs.Records = append(gs.Records, types.NameRecord{
			NameHash: hash, Owner: owner, EncryptedValue: enc, NameLength: 12,
			RegisteredAt: genesisTime.Add(-types.Year), Expiry: expiry, UpdatedAt: genesisTime.Add(-types.Year),
		})
		if listed {
			gs.Listings = append(gs.Listings, types.Listing{
				NameHash: hash, Seller: owner, Price: math.NewInt(int64(1 + i)), ListedAt: genesisTime.Add(-types.Year), Expiry: expiry,
			})
		}
	}
	return gs
}

// newBenchKeeper returns a keeper whose state, gs loaded, is committed in
// a plain key-value store over goleveldb in a temporary directory, not an
// IAVL tree and not an in-memory database: the benchmark measures the
// module's work per block, not the tree's lookups, nor the garbage
// collector scanning a heap that holds the whole state (a node keeps it on
// disk). Each block is a fresh branch of that state.
//
// The database has cosmos-db's options (a bloom filter) and a block cache
// that holds the whole state of 100,000 names (about 40 MB): with
// goleveldb's default of 8 MB, the due entries' blocks were read from the
// file and decompressed again in every block, and EndBlock cost 1.7 to 3
// times as much with 100,000 names as with 100 for that alone (the module
// did the same work at both sizes). A node keeps the state's hot nodes in
// IAVL's node cache in the same way.
func newBenchKeeper(b *testing.B, gs *types.GenesisState) (*keeper.Keeper, storetypes.CommitMultiStore, sdk.Context) {
	b.Helper()
	moduleKey := storetypes.NewKVStoreKey(types.StoreKey)
	bankKey := storetypes.NewKVStoreKey("benchbank")
	poolKey := storetypes.NewKVStoreKey("benchpool")
	db, err := dbm.NewGoLevelDBWithOpts("names", b.TempDir(), &opt.Options{
		Filter: filter.NewBloomFilter(10), BlockCacheCapacity: 64 << 20,
	})
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
	k := keeper.NewKeeper(moduleutil.Services{
		Cdc:           moduletestutil.MakeTestEncodingConfig().Codec,
		AddressCodec:  addresscodec.NewBech32Codec("session"),
		StoreService:  runtime.NewKVStoreService(moduleKey),
		EventService:  runtime.EventService{},
		HeaderService: keepertest.HeaderService{},
		Logger:        log.NewNopLogger(),
		Authority:     authtypes.NewModuleAddress("gov").String(),
	}, ak, bank, pool, prices)
	require.NoError(b, k.InitGenesis(ctx, gs))
	cms.Commit()
	require.NoError(b, db.ForceCompact(nil, nil))
	// Collect the garbage of the setup now, not during the timed blocks.
	goruntime.GC()
	return &k, cms, ctx
}
