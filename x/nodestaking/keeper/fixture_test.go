package keeper_test

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/header"
	corestore "cosmossdk.io/core/store"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// chainID is the chain id of every test block; registrations sign it.
const chainID = "session-test-1"

// numAccounts funded accounts exist in every fixture: testAddr(1) to
// testAddr(numAccounts), each with startBalance.
const numAccounts = 30

var (
	// genesisTime is deliberately not a round time.
	genesisTime  = time.Date(2025, 6, 1, 12, 34, 56, 789, time.UTC)
	startBalance = sesh(100_000)
	moduleAddr   = authtypes.NewModuleAddress(types.ModuleName)
	poolAddr     = authtypes.NewModuleAddress(rewardpooltypes.PoolAccount)
	day          = 24 * time.Hour
)

// sesh returns n SESH in nsesh.
func sesh(n int64) math.Int { return math.NewInt(n).Mul(math.NewInt(1_000_000_000)) }

// testAddr returns a distinct plain account address for each i.
var testAddr = keepertest.Addr

// TestMain sets the chain's bech32 prefix, which ValidateBasic and genesis
// validation read from the SDK's global config, as the app does.
func TestMain(m *testing.M) { keepertest.Main(m) }

// nodeKey returns the i-th node key; the same i gives the same key.
func nodeKey(i int) ed25519.PrivateKey {
	seed := sha256.Sum256(fmt.Appendf(nil, "session node %d", i))
	return ed25519.NewKeyFromSeed(seed[:])
}

// pubkey returns a node key's public key, and keyHex its name in state.
func pubkey(key ed25519.PrivateKey) []byte {
	pk, ok := key.Public().(ed25519.PublicKey)
	if !ok {
		panic("not an ed25519 key")
	}
	return pk
}

func keyHex(key ed25519.PrivateKey) string { return hex.EncodeToString(pubkey(key)) }

// spot returns a reserved spot for addr.
func spot(addr sdk.AccAddress, amount math.Int) types.ReservedSpot {
	return types.ReservedSpot{Address: addr.String(), Amount: amount}
}

// stake is one contribution of a node built by newNode.
type stake struct {
	addr   sdk.AccAddress
	amount math.Int
}

// fixture is the keeper on a real in-memory store with store-backed fakes
// for x/bank and x/rewardpool, at genesis time after InitGenesis.
type fixture struct {
	t         testing.TB
	ctx       sdk.Context
	cdc       codec.Codec
	k         *keeper.Keeper
	msgs      types.MsgServer
	queries   types.QueryServer
	env       *keepertest.Env
	pool      *fakeRewardPool
	authority string
	height    int64
	// store is the module's store, for tests that write an older layout.
	store corestore.KVStoreService
	// free is the fee exemption of votes, on a transient store of its own.
	free *keeper.FreeVotes
	// emitted is everything the reward pool has sent the module.
	emitted math.Int
}

// withLiveness restores the default uptime proof timeout.
func withLiveness(gs *types.GenesisState) {
	gs.Params.UptimeProofTimeout = types.DefaultUptimeProofTimeout
}

// withHalts counts gaps between blocks over the default halt_threshold as
// halts, as a chain does.
func withHalts(gs *types.GenesisState) {
	gs.Params.HaltThreshold = types.DefaultHaltThreshold
}

// withoutProofDuty lets a test unlock nodes that have sent no proof for days:
// their proofs are never due.
func withoutProofDuty(gs *types.GenesisState) {
	gs.Params.UptimeProofInterval = types.MaxDuration
}

// withParams changes the default params of the fixture's genesis.
func withParams(change func(*types.Params)) func(*types.GenesisState) {
	return func(gs *types.GenesisState) { change(&gs.Params) }
}

func newFixture(t testing.TB, opts ...func(*types.GenesisState)) *fixture {
	t.Helper()
	gs := types.DefaultGenesis()
	// Tests of staking and rewards jump days ahead without uptime proofs:
	// their nodes never time out. Liveness tests set the timeout back
	// (withLiveness).
	gs.Params.UptimeProofTimeout = types.MaxDuration
	// Tests jump hours and days in one block to let deadlines pass: no
	// halts, unless a test turns them on (withHalts).
	gs.Params.HaltThreshold = 0
	for _, o := range opts {
		o(gs)
	}
	return newFixtureFromGenesis(t, gs, math.ZeroInt())
}

// newFixtureFromGenesis starts from gs with the module account holding
// moduleBalance (what gs owes: stakes, claimable, pending and carry).
func newFixtureFromGenesis(t testing.TB, gs *types.GenesisState, moduleBalance math.Int) *fixture {
	t.Helper()
	funded := make([]sdk.AccAddress, numAccounts)
	for i := range funded {
		funded[i] = testAddr(byte(i + 1))
	}
	env := keepertest.NewEnv(t, types.StoreKey,
		keepertest.WithHeader(header.Info{Height: 1, Time: genesisTime, ChainID: chainID}),
		keepertest.WithModuleAccounts(types.ModuleName, rewardpooltypes.PoolAccount),
		// x/bank refuses module sends to the app's module accounts.
		keepertest.WithBank(keepertest.WithBlockedModules(rewardpooltypes.PoolAccount)),
		keepertest.WithTransientStore(types.FreeVotesStoreKey),
		keepertest.WithFunded(startBalance, funded...))
	pool := &fakeRewardPool{Pool: env.Pool, dayReward: math.ZeroInt()}
	k := keeper.NewKeeper(moduleutil.Services(env.Services(types.StoreKey)), env.Accounts, env.Bank, pool)

	free, err := keeper.NewFreeVotes(&k, env.TransientStoreService(types.FreeVotesStoreKey))
	require.NoError(t, err)
	f := &fixture{
		t: t, ctx: env.Ctx, env: env, cdc: env.Cdc, k: &k, pool: pool, authority: env.Authority, free: free,
		store:   env.StoreService(types.StoreKey),
		msgs:    keeper.NewMsgServerImpl(&k),
		queries: keeper.NewQueryServerImpl(&k),
		emitted: gs.TotalReceived,
		height:  1,
	}
	if f.emitted.IsNil() {
		f.emitted = math.ZeroInt()
	}
	env.Fund(f.ctx, moduleAddr, moduleBalance)
	require.NoError(t, k.InitGenesis(f.ctx, gs))
	return f
}

// now returns the block time.
func (f *fixture) now() time.Time { return f.ctx.HeaderInfo().Time }

// nextBlock starts the next block, dt after the current one, with fresh
// events, and records the app hash of the block before (appHashAt), as
// BeginBlock does, for uptime proofs.
func (f *fixture) nextBlock(dt time.Duration) {
	f.t.Helper()
	f.height++
	f.ctx = f.ctx.
		WithHeaderInfo(header.Info{Height: f.height, Time: f.now().Add(dt), ChainID: chainID, AppHash: appHashAt(f.height - 1)}).
		WithEventManager(sdk.NewEventManager())
	require.NoError(f.t, f.k.Liveness.RecordBlock(f.ctx))
}

// appHashAt is the app hash the test chain reached at height h.
func appHashAt(h int64) []byte {
	sum := sha256.Sum256(fmt.Appendf(nil, "app hash %d", h))
	return sum[:]
}

// emit does what x/rewardpool's BeginBlocker does with a block's share:
// only if the module can receive it, move the tokens into the module
// account and call OnEmission, in a cache context. It reports whether the
// module took the emission.
func (f *fixture) emit(amount math.Int) bool {
	f.t.Helper()
	ok, err := f.k.CanReceiveEmission(f.ctx)
	require.NoError(f.t, err)
	if !ok {
		return false
	}
	require.NoError(f.t, keepertest.Deliver(f.ctx, func(ctx context.Context) error {
		f.env.Fund(sdk.UnwrapSDKContext(ctx), moduleAddr, amount)
		return f.k.OnEmission(ctx, amount)
	}))
	f.emitted = f.emitted.Add(amount)
	return true
}

// endBlock runs the EndBlocker, which must not fail, and checks conservation.
func (f *fixture) endBlock() {
	f.t.Helper()
	keepertest.RequireBlock(f.t, func() error { return f.k.EndBlocker(f.ctx) })
	f.checkConservation()
}

// checkConservation checks the module's invariants and that everything the
// pool sent is accounted for.
func (f *fixture) checkConservation() {
	f.t.Helper()
	require.NoError(f.t, f.k.CheckConservation(f.ctx, f.balance(moduleAddr)))
	st, err := f.k.Rewards.State.Get(f.ctx)
	require.NoError(f.t, err)
	require.Equal(f.t, f.emitted.String(), st.TotalReceived.String(), "total received")
}

// balance returns addr's nsesh balance.
func (f *fixture) balance(addr sdk.AccAddress) math.Int {
	return f.env.Balance(f.ctx, addr)
}

// snapshot is everything a rejected Msg or an idle EndBlock must leave as it
// was, in a form require.Equal compares exactly.
type snapshot struct {
	Genesis     string
	Active      uint64
	TotalStaked string
	ExitQueue   []string
	Balances    map[string]string
	Penalties   string
}

func (f *fixture) snapshot() snapshot {
	f.t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(f.t, err)
	js, err := f.cdc.MarshalJSON(gs)
	require.NoError(f.t, err)
	staked, err := f.k.Staking.TotalStaked.Get(f.ctx)
	require.NoError(f.t, err)
	s := snapshot{
		Genesis:     string(js),
		Active:      f.activeCount(),
		TotalStaked: staked.String(),
		ExitQueue:   f.exitQueue(),
		Balances:    map[string]string{},
		Penalties:   f.pool.Inflow(f.ctx, rewardpooltypes.SourcePenalty).String(),
	}
	addrs := []sdk.AccAddress{moduleAddr, poolAddr}
	for i := byte(1); i <= numAccounts; i++ {
		addrs = append(addrs, testAddr(i))
	}
	for _, a := range addrs {
		s.Balances[a.String()] = f.balance(a).String()
	}
	return s
}

// requireRejected checks that err is wantErr and that the state is still
// the before snapshot.
func (f *fixture) requireRejected(err, wantErr error, before snapshot) {
	f.t.Helper()
	keepertest.RequireRejected(f.t, err, wantErr, before, f.snapshot())
}

// events returns the module's typed events of type T in the current block.
func events[T proto.Message](f *fixture) []T {
	f.t.Helper()
	return keepertest.EventsOf[T](f.t, f.ctx)
}

// setParams has governance change the params with change.
func (f *fixture) setParams(change func(*types.Params)) {
	f.t.Helper()
	p := f.params()
	change(&p)
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})
	require.NoError(f.t, err)
}
