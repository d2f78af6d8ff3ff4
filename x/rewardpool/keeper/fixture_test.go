package keeper_test

import (
	"bytes"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/address"
	"cosmossdk.io/core/header"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/keeper"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

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
func testAddr(i byte) sdk.AccAddress { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)) }

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
	bank         *fakeBank
	recipient    *testRecipient // nil when no recipient is wired
	msgs         types.MsgServer
	queries      types.QueryServer
	addressCodec address.Codec
	authority    string
	poolAddr     sdk.AccAddress
	height       int64
	genesis      blockEvents // the events of InitGenesis
}

func newFixture(t testing.TB, opts ...fixtureOption) *fixture {
	t.Helper()
	cfg := fixtureConfig{pool: sesh(40_000_000), genesis: types.DefaultGenesis(), recipient: eligibleRecipient}
	for _, o := range opts {
		o(&cfg)
	}

	moduleKey := storetypes.NewKVStoreKey(types.StoreKey)
	bankKey := storetypes.NewKVStoreKey("fakebank")
	ctx := testutil.DefaultContextWithKeys(
		map[string]*storetypes.KVStoreKey{moduleKey.Name(): moduleKey, bankKey.Name(): bankKey}, nil, nil)

	ak := newFakeAccountKeeper(types.PoolAccount, recipientModule, funderModule)
	bank := newFakeBank(runtime.NewKVStoreService(bankKey), ak)
	addressCodec := addresscodec.NewBech32Codec("session")
	authority, err := addressCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(t, err)

	k := keeper.NewKeeper(moduleutil.Services{
		Cdc:           moduletestutil.MakeTestEncodingConfig().Codec,
		AddressCodec:  addressCodec,
		StoreService:  runtime.NewKVStoreService(moduleKey),
		EventService:  runtime.EventService{},
		HeaderService: headerService{},
		Logger:        log.NewNopLogger(),
		Authority:     authority,
	}, ak, bank)
	f := &fixture{
		t:            t,
		k:            &k,
		bank:         bank,
		msgs:         keeper.NewMsgServerImpl(&k),
		queries:      keeper.NewQueryServerImpl(&k),
		addressCodec: addressCodec,
		authority:    authority,
		poolAddr:     ak.GetModuleAddress(types.PoolAccount),
	}
	if cfg.recipient != noRecipient {
		f.recipient = &testRecipient{
			bank:           bank,
			eligible:       cfg.recipient != ineligibleRecipient,
			eligibilityErr: cfg.recipient == erroringRecipient,
			fail:           cfg.recipient == failingRecipient,
			total:          math.ZeroInt(),
		}
		k.SetEmissionRecipient(f.recipient)
	}

	f.ctx = ctx.WithHeaderInfo(header.Info{Time: genesisTime}).WithEventManager(sdk.NewEventManager())
	if cfg.pool.IsPositive() {
		bank.mint(f.ctx, f.poolAddr, nsesh(cfg.pool))
	}
	require.NoError(t, k.InitGenesis(f.ctx, cfg.genesis))
	f.genesis = parseEvents(t, f.ctx.EventManager())
	return f
}

// runBlock runs the BeginBlocker of the next block at block time `at` and
// returns the module's events. The block must neither panic nor fail, and the
// pool must be conserved after it.
func (f *fixture) runBlock(at time.Time) blockEvents {
	f.t.Helper()
	f.height++
	f.ctx = f.ctx.WithHeaderInfo(header.Info{Height: f.height, Time: at}).WithEventManager(sdk.NewEventManager())
	var err error
	require.NotPanics(f.t, func() { err = f.k.BeginBlocker(f.ctx) }, "block %d at %s", f.height, at)
	require.NoError(f.t, err, "block %d at %s", f.height, at)
	require.NoError(f.t, f.k.CheckConservation(f.ctx), "block %d at %s", f.height, at)
	return parseEvents(f.t, f.ctx.EventManager())
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

func parseEvents(t testing.TB, em *sdk.EventManager) blockEvents {
	t.Helper()
	var out blockEvents
	for _, e := range em.Events() {
		msg, err := sdk.ParseTypedEvent(abci.Event(e))
		require.NoError(t, err, "event %s", e.Type)
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
