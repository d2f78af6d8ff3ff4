package keeper_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestMain sets the chain's bech32 prefix, which ValidateBasic and
// Params.Validate read from the SDK's global config, as the app does.
func TestMain(m *testing.M) { keepertest.Main(m) }

// genesisTime is the kit's, deliberately not a round time.
var genesisTime = keepertest.GenesisTime

// The default plans.
const (
	planMonth   uint32 = 1 // 30 days, $4.99
	planQuarter uint32 = 2 // 90 days, $12.99
	planYear    uint32 = 3 // 365 days, $49.99
)

const (
	month   = 30 * types.Day
	quarter = 90 * types.Day
	year    = 365 * types.Day
)

// testAddr returns a distinct plain account address for each i.
var testAddr = keepertest.Addr

// sessionKey returns a distinct canonical Session key for each i.
func sessionKey(i byte) string {
	sum := sha256.Sum256([]byte{i})
	return hex.EncodeToString(sum[:])
}

// The accounts of the default fixture: three feeders (a fourth is not named
// until a test names it), two processors, four funded payers and an
// unfunded outsider.
var (
	feeders    = []sdk.AccAddress{testAddr(1), testAddr(2), testAddr(3), testAddr(4)}
	processors = []sdk.AccAddress{testAddr(11), testAddr(12)}
	payers     = []sdk.AccAddress{testAddr(21), testAddr(22), testAddr(23), testAddr(24)}
	outsider   = testAddr(99)
)

// authorityAddr is the gov module account, the keeper's authority.
func authorityAddr() sdk.AccAddress { return authtypes.NewModuleAddress("gov") }

// startingBalance is what every payer and processor holds at genesis:
// 1,000,000 SESH.
var startingBalance = math.NewInt(1_000_000_000_000_000)

// dec parses a decimal.
func dec(s string) math.LegacyDec { return math.LegacyMustNewDecFromStr(s) }

// coin returns amount nsesh.
func coin(amount math.Int) sdk.Coin { return sdk.NewCoin(types.Denom, amount) }

// strs returns the bech32 strings of addrs.
func strs(addrs ...sdk.AccAddress) []string {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = a.String()
	}
	return out
}

// fixturePlans are the default plans with a receipt minimum of 1 nsesh:
// the minimums have their own tests (TestRecordPaymentMinimum); elsewhere
// any positive amount records.
func fixturePlans() []types.Plan {
	plans := types.DefaultPlans()
	for i := range plans {
		plans[i].MinReceiptAmount = math.OneInt()
	}
	return plans
}

type fixtureOption func(gs *types.GenesisState)

// withParams changes the default fixture's params.
func withParams(modify func(p *types.Params)) fixtureOption {
	return func(gs *types.GenesisState) { modify(&gs.Params) }
}

// withGenesis starts from gs instead of the default fixture's genesis.
func withGenesis(gs *types.GenesisState) fixtureOption {
	return func(dst *types.GenesisState) { *dst = *gs }
}

// fixture is the keeper on a real in-memory store with exact fakes for x/auth,
// x/bank and x/rewardpool, after InitGenesis at genesisTime.
type fixture struct {
	t             testing.TB
	ctx           sdk.Context
	env           *keepertest.Env
	k             *keeper.Keeper
	bank          *keepertest.Bank
	pool          *keepertest.Pool
	msgs          types.MsgServer
	queries       types.QueryServer
	authority     string
	moduleAddr    sdk.AccAddress
	liquidityAddr sdk.AccAddress
	poolAddr      sdk.AccAddress
	storeKey      *storetypes.KVStoreKey
}

func newFixture(t testing.TB, opts ...fixtureOption) *fixture {
	t.Helper()
	gs := types.DefaultGenesis()
	gs.Params.Feeders = strs(feeders[:3]...)
	gs.Params.Processors = strs(processors...)
	// The liquidity is spendable from genesis, as on a chain whose lock has
	// passed; the lock's own tests set it.
	gs.Params.LiquidityLockedUntil = genesisTime
	lenientPrice(&gs.Params)
	gs.Params.Plans = fixturePlans()
	for _, o := range opts {
		o(gs)
	}

	env := keepertest.NewEnv(t, types.StoreKey,
		keepertest.WithModuleAccounts(types.ModuleName, types.LiquidityAccount, rewardpooltypes.PoolAccount),
		keepertest.WithFunded(startingBalance, append(append([]sdk.AccAddress{}, payers...), processors...)...))
	k := keeper.NewKeeper(moduleutil.Services(env.Services(types.StoreKey)), env.Accounts, env.Bank, env.Pool)

	f := &fixture{
		t:             t,
		ctx:           env.Ctx,
		env:           env,
		k:             &k,
		bank:          env.Bank,
		pool:          env.Pool,
		msgs:          keeper.NewMsgServerImpl(&k),
		queries:       keeper.NewQueryServerImpl(&k),
		authority:     env.Authority,
		moduleAddr:    env.Accounts.GetModuleAddress(types.ModuleName),
		liquidityAddr: env.Accounts.GetModuleAddress(types.LiquidityAccount),
		poolAddr:      env.Accounts.GetModuleAddress(rewardpooltypes.PoolAccount),
		storeKey:      env.StoreKey(types.StoreKey),
	}
	require.NoError(t, k.InitGenesis(f.ctx, gs))
	return f
}

// now returns the block time.
func (f *fixture) now() time.Time { return f.ctx.HeaderInfo().Time }

// endBlock runs the module's EndBlock work: the block's purchases move on
// to the pool and protocol_liquidity, and ended subscriptions stop counting.
func (f *fixture) endBlock() {
	f.t.Helper()
	require.NoError(f.t, f.k.Sweep(f.ctx))
	require.NoError(f.t, f.k.ExpireSubscriptions(f.ctx))
}

// advance ends the current block and starts one d after it, with no events
// yet.
func (f *fixture) advance(d time.Duration) {
	f.endBlock()
	f.ctx = keepertest.NextBlock(f.ctx, d)
}

// deliver runs a Msg handler as baseapp does: in a cache context that is
// written only if the handler succeeds.
func (f *fixture) deliver(handler func(ctx context.Context) error) error {
	return keepertest.Deliver(f.ctx, handler)
}

// lenientPrice gives the fixture the price rules of before consensus
// version 5, so that tests of purchases can set any price at once: one
// fresh submission suffices, the band is as wide as max_price_usd allows and
// the reference follows every submission up to twice or down to nothing.
// The price's health tests start from the defaults instead (withPriceDefaults).
func lenientPrice(p *types.Params) {
	p.MinFeeders = 1
	p.PriceFloor = math.LegacySmallestDec()
	p.PriceCeiling = math.LegacyNewDecFromInt(math.NewIntFromUint64(p.MaxPriceUsd))
	p.MaxPriceChangeBps = types.BasisPoints
	p.PriceWindow = time.Nanosecond
}

// withPriceDefaults restores the default price rules: three fresh feeders,
// the default band and at most 10% move an hour.
func withPriceDefaults() fixtureOption {
	return withParams(func(p *types.Params) {
		d := types.DefaultParams()
		p.MinFeeders, p.PriceFloor, p.PriceCeiling = d.MinFeeders, d.PriceFloor, d.PriceCeiling
		p.MaxPriceChangeBps, p.PriceWindow, p.MaxSourceDelay = d.MaxPriceChangeBps, d.PriceWindow, d.MaxSourceDelay
	})
}

// submitPrice has feeder submit price read at its sources now.
func (f *fixture) submitPrice(feeder sdk.AccAddress, price math.LegacyDec) error {
	return f.submitPriceAt(feeder, price, f.now())
}

// submitPriceAt has feeder submit price read at its sources at source.
func (f *fixture) submitPriceAt(feeder sdk.AccAddress, price math.LegacyDec, source time.Time) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.SubmitPrice(ctx, &types.MsgSubmitPrice{Feeder: feeder.String(), Price: price, SourceTime: source})
		return err
	})
}

// setPrice makes price the one in force (with min_feeders 1): the first
// feeder submits it now.
func (f *fixture) setPrice(price string) {
	f.t.Helper()
	require.NoError(f.t, f.submitPrice(feeders[0], dec(price)))
}

// subscribe buys plan for key, paid by payer, and returns what it cost.
func (f *fixture) subscribe(payer sdk.AccAddress, key string, plan uint32, maxAmount math.Int) (math.Int, error) {
	return f.subscribeMsg(&types.MsgSubscribe{Payer: payer.String(), SessionPubkey: key, PlanId: plan, MaxAmount: coin(maxAmount)})
}

func (f *fixture) subscribeMsg(msg *types.MsgSubscribe) (math.Int, error) {
	var cost math.Int
	err := f.deliver(func(ctx context.Context) error {
		res, err := f.msgs.Subscribe(ctx, msg)
		if err == nil {
			cost = res.Amount
		}
		return err
	})
	return cost, err
}

func (f *fixture) record(processor sdk.AccAddress, receipt, key string, plan uint32, amount int64) error {
	return f.recordMsg(&types.MsgRecordPayment{
		Processor: processor.String(), ReceiptId: receipt, SessionPubkey: key, PlanId: plan, Amount: coin(math.NewInt(amount)),
	})
}

func (f *fixture) recordMsg(msg *types.MsgRecordPayment) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.RecordPayment(ctx, msg)
		return err
	})
}

// receipt returns a processor's stored receipt.
func (f *fixture) receipt(processor sdk.AccAddress, id string) types.Receipt {
	f.t.Helper()
	r, err := f.k.Receipts.Get(f.ctx, collections.Join(processor, id))
	require.NoError(f.t, err)
	return r
}

func (f *fixture) revoke(processor sdk.AccAddress, receipt string) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.RevokePayment(ctx, &types.MsgRevokePayment{Processor: processor.String(), ReceiptId: receipt})
		return err
	})
}

// balance returns addr's nsesh balance.
func (f *fixture) balance(addr sdk.AccAddress) math.Int {
	return f.env.Balance(f.ctx, addr)
}

// proInflow returns what the fake pool recorded under source "pro".
func (f *fixture) proInflow() math.Int { return f.pool.Inflow(f.ctx, rewardpooltypes.SourcePro) }

// revenue returns the stored revenue totals.
func (f *fixture) revenue() types.Revenue {
	f.t.Helper()
	r, err := f.k.Revenue.Get(f.ctx)
	require.NoError(f.t, err)
	return r
}

// swept returns the revenue totals EndBlock has moved on.
func (f *fixture) swept() types.Revenue {
	f.t.Helper()
	r, err := f.k.Swept.Get(f.ctx)
	require.NoError(f.t, err)
	return r
}

// subscription returns the Subscription query's answer for key.
func (f *fixture) subscription(key string) *types.QuerySubscriptionResponse {
	f.t.Helper()
	res, err := f.queries.Subscription(f.ctx, &types.QuerySubscriptionRequest{SessionPubkey: key})
	require.NoError(f.t, err)
	return res
}

// quote returns what plan costs now.
func (f *fixture) quote(plan uint32) math.Int {
	f.t.Helper()
	res, err := f.queries.Quote(f.ctx, &types.QueryQuoteRequest{PlanId: plan})
	require.NoError(f.t, err)
	return res.Amount
}

// stateSnapshot is everything a rejected Msg must leave as it was: every
// store (the module's, every balance, the pool's inflow totals) and the
// active count, checked against its index.
type stateSnapshot struct {
	Stores keepertest.State
	Active int
}

func (f *fixture) snapshot() stateSnapshot {
	f.t.Helper()
	return stateSnapshot{Stores: f.env.State(f.ctx), Active: f.activeCount()}
}

// activeCount returns the active subscription count, after checking that
// it is the size of the expiry index.
func (f *fixture) activeCount() int {
	f.t.Helper()
	n, err := f.k.ActiveCount.Get(f.ctx)
	require.NoError(f.t, err)
	it, err := f.k.Active.Iterate(f.ctx, nil)
	require.NoError(f.t, err)
	keys, err := it.Keys()
	require.NoError(f.t, err)
	require.Len(f.t, keys, int(n), "active count against the expiry index") //nolint:gosec // a test count
	return len(keys)
}

// clearEvents forgets the events emitted so far in this block.
func (f *fixture) clearEvents() { f.ctx = keepertest.ClearEvents(f.ctx) }

// events returns the module's typed events of the current block.
func (f *fixture) events() []proto.Message { return keepertest.Events(f.t, f.ctx) }

// eventsAny returns the block's events as []any for comparison.
func eventsAny(f *fixture) []any {
	var out []any
	for _, e := range f.events() {
		out = append(out, e)
	}
	return out
}

// collectionsJoin keys a processor's receipt.
func collectionsJoin(processor sdk.AccAddress, id string) collections.Pair[sdk.AccAddress, string] {
	return collections.Join(processor, id)
}
