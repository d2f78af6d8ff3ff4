//go:build sims

package app_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	coreheader "cosmossdk.io/core/header"
	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/types/kv"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	simcli "github.com/cosmos/cosmos-sdk/x/simulation/client/cli"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/sessiontoken/sessionchain/testutil/sim"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// The simulations run with `go test -tags sims`; the Makefile's test-sim
// targets set the flags. -Seed is the first seed, -NumSeeds how many
// consecutive seeds run, -NumBlocks and -BlockSize the length and the mean
// operations per block.
var numSeeds = flag.Int("NumSeeds", 3, "number of consecutive seeds, from -Seed, each simulation runs")

func init() {
	simcli.GetSimulatorFlags()
}

// genesisTime is the genesis of every simulated chain, so that a seed
// replays the same blocks on any machine.
var genesisTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func seeds() []int64 {
	out := make([]int64, *numSeeds)
	for i := range out {
		out[i] = simcli.FlagSeedValue + int64(i)
	}
	return out
}

func simConfig(seed int64) sim.Config {
	return sim.Config{
		Seed:        seed,
		NumBlocks:   simcli.FlagNumBlocksValue,
		BlockSize:   simcli.FlagBlockSizeValue,
		GenesisTime: genesisTime,
		Verbose:     simcli.FlagVerboseValue,
	}
}

// forEachSeed runs fn for every seed, in parallel.
func forEachSeed(t *testing.T, fn func(t *testing.T, seed int64)) {
	for _, seed := range seeds() {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			fn(t, seed)
		})
	}
}

// TestFullAppSimulation runs random blocks of every module's operations
// from a random genesis and checks the invariants after every block.
func TestFullAppSimulation(t *testing.T) {
	forEachSeed(t, func(t *testing.T, seed int64) {
		res := sim.Run(t, simConfig(seed))
		res.Summary(os.Stdout)
	})
}

// TestAppStateDeterminism runs each seed twice: the app hashes must agree.
func TestAppStateDeterminism(t *testing.T) {
	forEachSeed(t, func(t *testing.T, seed int64) {
		first := sim.Run(t, simConfig(seed))
		second := sim.Run(t, simConfig(seed))
		require.Equal(t, first.Height, second.Height)
		require.Equal(t, first.App.LastCommitID().Hash, second.App.LastCommitID().Hash,
			"seed %d: the same blocks gave different app hashes at height %d", seed, first.Height)
	})
}

// skipPrefixes are the store entries an export does not carry over as
// they are: the SDK modules' time queues and per-block bookkeeping, which
// their genesis rebuilds differently, and nodestaking's period end, which
// the first block after genesis derives again, and the recent app hashes
// uptime proofs sign, which the new chain records from its first block.
var skipPrefixes = map[string][][]byte{
	stakingtypes.StoreKey: {
		stakingtypes.UnbondingQueueKey, stakingtypes.RedelegationQueueKey, stakingtypes.ValidatorQueueKey,
		stakingtypes.HistoricalInfoKey, stakingtypes.UnbondingIDKey, stakingtypes.UnbondingIndexKey,
		stakingtypes.UnbondingTypeKey, stakingtypes.ValidatorUpdatesKey,
	},
	authzkeeper.StoreKey:      {authzkeeper.GrantQueuePrefix},
	feegrant.StoreKey:         {feegrant.FeeAllowanceQueueKeyPrefix},
	slashingtypes.StoreKey:    {slashingtypes.ValidatorMissedBlockBitmapKeyPrefix},
	nodestakingtypes.StoreKey: {nodestakingtypes.PeriodEndKey, nodestakingtypes.ProofBlocksKey},
}

// TestAppImportExport exports the simulated chain, starts a new chain from
// the export, and compares every store of the two, the custom modules'
// included.
func TestAppImportExport(t *testing.T) {
	forEachSeed(t, func(t *testing.T, seed int64) {
		res := sim.Run(t, simConfig(seed))
		requireCoverage(t, res)
		exported, err := res.App.ExportAppStateAndValidators(false, nil, nil)
		require.NoError(t, err)

		newApp := sim.NewApp(t, false)
		_, err = newApp.InitChain(&abci.RequestInitChain{
			ChainId:         sim.ChainID,
			Time:            res.Time,
			ConsensusParams: &exported.ConsensusParams,
			AppStateBytes:   exported.AppState,
			InitialHeight:   exported.Height,
		})
		require.NoError(t, err)

		header := cmtproto.Header{ChainID: sim.ChainID, Height: res.Height, Time: res.Time}
		ctxA := res.App.NewContextLegacy(true, header)
		ctxB := newApp.NewContextLegacy(false, header).WithHeaderInfo(coreheader.Info{Height: res.Height, Time: res.Time})
		compared := 0
		for _, keyA := range res.App.GetStoreKeys() {
			if _, ok := keyA.(*storetypes.KVStoreKey); !ok {
				continue
			}
			name := keyA.Name()
			keyB := newApp.UnsafeFindStoreKey(name)
			require.NotNil(t, keyB, name)
			diffA, diffB := simtestutil.DiffKVStores(ctxA.KVStore(keyA), ctxB.KVStore(keyB), skipPrefixes[name])
			require.Empty(t, diffA, "store %s differs after the round trip:\n%s", name, describeDiff(diffA, diffB))
			compared++
		}
		require.Positive(t, compared)
		t.Logf("seed %d: %d stores equal after export at height %d and import", seed, compared, res.Height)
	})
}

// requireCoverage fails a run whose export would not carry the flows the
// round trip must get right: a Pro purchase, a sweep of Pro revenue into the
// pool, a deregistration penalty paid into the pool, and a bridge transfer
// (a mint or a burn). A run too short to reach them proves little.
func requireCoverage(t *testing.T, res *sim.Result) {
	t.Helper()
	ctx := res.App.NewContextLegacy(true, cmtproto.Header{ChainID: sim.ChainID, Height: res.Height, Time: res.Time})
	revenue, err := res.App.ProKeeper.Revenue.Get(ctx)
	require.NoError(t, err)
	swept, err := res.App.ProKeeper.Swept.Get(ctx)
	require.NoError(t, err)
	penalties, err := res.App.RewardPoolKeeper.Inflows.Get(ctx, rewardpooltypes.SourcePenalty)
	if errors.Is(err, collections.ErrNotFound) {
		penalties, err = math.ZeroInt(), nil
	}
	require.NoError(t, err)
	stats, err := res.App.BridgeKeeper.Stats.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		stats, err = bridgetypes.ZeroStats(), nil
	}
	require.NoError(t, err)
	covered := map[string]bool{
		"a Pro purchase":             revenue.Purchases > 0,
		"a sweep of Pro revenue":     swept.ToPool.IsPositive(),
		"a penalty paid to the pool": penalties.IsPositive(),
		"a bridge transfer":          stats.Minted.IsPositive() || stats.Burned.IsPositive(),
	}
	t.Logf("seed run to height %d: purchases %d, swept to the pool %s, penalties %s, bridge minted %s, burned %s",
		res.Height, revenue.Purchases, swept.ToPool, penalties, stats.Minted, stats.Burned)
	for what, ok := range covered {
		require.True(t, ok, "the run to height %d has no %s: give it more blocks", res.Height, what)
	}
}

// describeDiff lists the entries two stores disagree on, key by key.
func describeDiff(a, b []kv.Pair) string {
	var out strings.Builder
	for i := range max(len(a), len(b)) {
		if i < len(a) {
			fmt.Fprintf(&out, "A %X => %X\n", a[i].Key, a[i].Value)
		}
		if i < len(b) {
			fmt.Fprintf(&out, "B %X => %X\n", b[i].Key, b[i].Value)
		}
	}
	return out.String()
}

// TestAppSimulationAfterImport exports the simulated chain, starts a new
// chain from the export after a halt of one to five days, and simulates it
// further with the same accounts.
func TestAppSimulationAfterImport(t *testing.T) {
	forEachSeed(t, func(t *testing.T, seed int64) {
		res := sim.Run(t, simConfig(seed))
		requireCoverage(t, res)
		exported, err := res.App.ExportAppStateAndValidators(false, nil, nil)
		require.NoError(t, err)
		require.True(t, json.Valid(exported.AppState))

		r := rand.New(rand.NewSource(seed)) //nolint:gosec // simulations are seeded
		halt := time.Duration(24+r.Intn(96)) * time.Hour
		cfg := simConfig(seed + 1_000_000)
		cfg.Import = &sim.Import{Exported: exported, Accounts: res.Accounts, Time: res.Time.Add(halt)}
		after := sim.Run(t, cfg)
		after.Summary(os.Stdout)
		require.False(t, bytes.Equal(res.App.LastCommitID().Hash, after.App.LastCommitID().Hash))
	})
}
