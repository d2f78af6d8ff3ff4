package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/address"
	"cosmossdk.io/core/header"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/keeper"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestMain sets the chain's bech32 prefix in the SDK's global config, as
// the app does.
func TestMain(m *testing.M) { keepertest.Main(m) }

// genesisTime is deliberately not a round time: day boundaries fall on odd
// nanoseconds.
var genesisTime = time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.UTC)

// day is the default day length.
var day = types.DefaultDayLength

// sesh returns n SESH in nsesh.
func sesh(n int64) math.Int { return math.NewInt(n).Mul(math.NewInt(1_000_000_000)) }

// nsesh returns coins of n nsesh.
func nsesh(n math.Int) sdk.Coins { return sdk.NewCoins(sdk.NewCoin(types.Denom, n)) }

// testAddr returns a distinct plain account address for each i.
var testAddr = keepertest.Addr

type recipientMode int

const (
	eligibleRecipient   recipientMode = iota // receives every share
	noRecipient                              // none wired: every share is retained
	ineligibleRecipient                      // CanReceiveEmission is false
	erroringRecipient                        // CanReceiveEmission fails
	failingRecipient                         // OnEmission fails
)

func (m recipientMode) String() string {
	return [...]string{"eligible", "none", "ineligible", "eligibility error", "failing"}[m]
}

// pays reports whether shares reach the recipient in this mode.
func (m recipientMode) pays() bool { return m == eligibleRecipient }

type fixtureConfig struct {
	pool      math.Int
	genesis   *types.GenesisState
	recipient recipientMode
}

type fixtureOption func(*fixtureConfig)

// withPool sets the pool account's balance at genesis (default 40,000,000 SESH).
func withPool(amount math.Int) fixtureOption { return func(c *fixtureConfig) { c.pool = amount } }

// withParams starts the chain with params instead of the defaults.
func withParams(p types.Params) fixtureOption {
	return func(c *fixtureConfig) { c.genesis.Params = p }
}

// withGenesis starts the chain from gs instead of the default genesis.
func withGenesis(gs *types.GenesisState) fixtureOption {
	return func(c *fixtureConfig) { c.genesis = gs }
}

// withRecipient wires a recipient in the given mode (default: eligible).
func withRecipient(m recipientMode) fixtureOption { return func(c *fixtureConfig) { c.recipient = m } }

// fixture is the keeper on a real in-memory store, with exact fakes for x/auth
// and x/bank, after InitGenesis at genesisTime.
type fixture struct {
	t            testing.TB
	ctx          sdk.Context
	k            *keeper.Keeper
	bank         *keepertest.Bank
	recipient    *testRecipient // nil when no recipient is wired
	msgs         types.MsgServer
	queries      types.QueryServer
	addressCodec address.Codec
	authority    string
	poolAddr     sdk.AccAddress
	genesis      blockEvents // the events of InitGenesis
}

func newFixture(t testing.TB, opts ...fixtureOption) *fixture {
	t.Helper()
	cfg := fixtureConfig{pool: sesh(40_000_000), genesis: types.DefaultGenesis(), recipient: eligibleRecipient}
	for _, o := range opts {
		o(&cfg)
	}

	env := keepertest.NewEnv(t, types.StoreKey,
		keepertest.WithHeader(header.Info{Time: genesisTime}),
		keepertest.WithModuleAccounts(types.PoolAccount, recipientModule, funderModule))
	k := keeper.NewKeeper(moduleutil.Services(env.Services(types.StoreKey)), env.Accounts, env.Bank)
	f := &fixture{
		t:            t,
		ctx:          env.Ctx,
		k:            &k,
		bank:         env.Bank,
		msgs:         keeper.NewMsgServerImpl(&k),
		queries:      keeper.NewQueryServerImpl(&k),
		addressCodec: env.AddressCodec,
		authority:    env.Authority,
		poolAddr:     env.Accounts.GetModuleAddress(types.PoolAccount),
	}
	if cfg.recipient != noRecipient {
		f.recipient = &testRecipient{
			bank:           env.Bank,
			eligible:       cfg.recipient != ineligibleRecipient,
			eligibilityErr: cfg.recipient == erroringRecipient,
			fail:           cfg.recipient == failingRecipient,
			total:          math.ZeroInt(),
		}
		k.SetEmissionRecipient(f.recipient)
	}
	env.Fund(f.ctx, f.poolAddr, cfg.pool)
	require.NoError(t, k.InitGenesis(f.ctx, cfg.genesis))
	f.genesis = parseEvents(t, f.ctx)
	return f
}

// runBlock runs the BeginBlocker of the next block at block time `at` and
// returns the module's events. The block must neither panic nor fail, and the
// pool must be conserved after it.
func (f *fixture) runBlock(at time.Time) blockEvents {
	f.t.Helper()
	f.ctx = keepertest.AtTime(f.ctx, at)
	height := f.ctx.HeaderInfo().Height
	keepertest.RequireBlock(f.t, func() error { return f.k.BeginBlocker(f.ctx) }, "block %d at %s", height, at)
	require.NoError(f.t, f.k.CheckConservation(f.ctx), "block %d at %s", height, at)
	return parseEvents(f.t, f.ctx)
}

// balance returns the pool balance.
func (f *fixture) balance() math.Int { return f.k.Balance(f.ctx) }

// accountBalance returns addr's nsesh balance.
func (f *fixture) accountBalance(addr sdk.AccAddress) math.Int {
	return f.bank.GetBalance(f.ctx, addr, types.Denom).Amount
}

// recipientBalance returns what the recipient's module account holds.
func (f *fixture) recipientBalance() math.Int {
	return f.accountBalance(authtypes.NewModuleAddress(recipientModule))
}

// emission returns the stored emission state.
func (f *fixture) emission() types.EmissionState {
	f.t.Helper()
	s, err := f.k.Emission.Get(f.ctx)
	require.NoError(f.t, err)
	return s
}

// params returns the stored params.
func (f *fixture) params() types.Params {
	f.t.Helper()
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(f.t, err)
	return p
}

// totals returns the Totals query's answer.
func (f *fixture) totals() *types.QueryTotalsResponse {
	f.t.Helper()
	res, err := f.queries.Totals(f.ctx, &types.QueryTotalsRequest{})
	require.NoError(f.t, err)
	return res
}

// stateSnapshot is everything a rejected Msg must leave as it was.
type stateSnapshot struct {
	Params   types.Params
	Emission types.EmissionState
	Totals   *types.QueryTotalsResponse
	Balances map[string]math.Int
}

func (f *fixture) snapshot(accounts ...sdk.AccAddress) stateSnapshot {
	s := stateSnapshot{Params: f.params(), Emission: f.emission(), Totals: f.totals(), Balances: map[string]math.Int{}}
	for _, a := range append([]sdk.AccAddress{f.poolAddr}, accounts...) {
		s.Balances[a.String()] = f.accountBalance(a)
	}
	return s
}

// blockEvents are the typed events of the module in one block.
type blockEvents struct {
	started []types.EventDayStarted
	emitted []types.EventRewardsEmitted
	funded  []types.EventPoolFunded
}

// parseEvents sorts the module's events emitted in ctx so far; another
// event fails the test.
func parseEvents(t testing.TB, ctx sdk.Context) blockEvents {
	t.Helper()
	var out blockEvents
	for _, msg := range keepertest.Events(t, ctx) {
		switch ev := msg.(type) {
		case *types.EventDayStarted:
			out.started = append(out.started, *ev)
		case *types.EventRewardsEmitted:
			out.emitted = append(out.emitted, *ev)
		case *types.EventPoolFunded:
			out.funded = append(out.funded, *ev)
		default:
			t.Fatalf("unexpected event %T", msg)
		}
	}
	return out
}
