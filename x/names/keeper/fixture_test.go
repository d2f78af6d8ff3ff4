package keeper_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestMain sets the chain's bech32 prefix, which ValidateBasic and
// Params.Validate read from the SDK's global config, as the app does.
func TestMain(m *testing.M) { keepertest.Main(m) }

// genesisTime is the kit's, deliberately not a round time.
var genesisTime = keepertest.GenesisTime

// testAddr returns a distinct plain account address for each i.
var testAddr = keepertest.Addr

// The accounts of the fixture: four funded users and an unfunded outsider.
var (
	users    = []sdk.AccAddress{testAddr(1), testAddr(2), testAddr(3), testAddr(4)}
	outsider = testAddr(99)
)

// startingBalance is what every user holds at genesis: 1,000,000 SESH.
var startingBalance = math.NewInt(1_000_000_000_000_000)

// The default price, $0.05 per SESH, makes $1 cost 20 SESH: a 1-year
// term of a name of 6 or more characters ($5) costs 100 SESH.
const (
	defaultPrice = "0.05"
	oneYear      = int64(100_000_000_000)
)

// sesh returns n SESH in nsesh.
func sesh(n int64) math.Int { return math.NewInt(n).MulRaw(1_000_000_000) }

// coin returns amount nsesh.
func coin(amount math.Int) sdk.Coin { return sdk.NewCoin(types.Denom, amount) }

// sessionID returns a distinct Session ID for each i.
func sessionID(i byte) []byte {
	return append([]byte{types.SessionIDPrefix}, bytes.Repeat([]byte{i}, 32)...)
}

// value returns the Session ID of i encrypted under name's key, with a
// nonce that depends on both (tests need no randomness).
func value(t testing.TB, name string, i byte) []byte {
	t.Helper()
	nonce := bytes.Repeat([]byte{i ^ byte(len(name))}, types.NonceSize)
	enc, err := types.EncryptValue(name, types.Value{SessionID: sessionID(i)}, nonce)
	require.NoError(t, err)
	return enc
}

// fixtureConfig is what a fixture starts from: the module's genesis and
// what bank's genesis gives the names module account (nil: what the
// genesis has not swept yet, as an export carries it).
type fixtureConfig struct {
	gs            *types.GenesisState
	moduleBalance *math.Int
}

type fixtureOption func(c *fixtureConfig)

// withParams changes the default fixture's params.
func withParams(modify func(p *types.Params)) fixtureOption {
	return func(c *fixtureConfig) { modify(&c.gs.Params) }
}

// withGenesis starts from gs instead of the default genesis.
func withGenesis(gs *types.GenesisState) fixtureOption {
	return func(c *fixtureConfig) { *c.gs = *gs }
}

// withModuleBalance has bank's genesis give the names module account
// amount, whatever the module's genesis says it holds.
func withModuleBalance(amount math.Int) fixtureOption {
	return func(c *fixtureConfig) { c.moduleBalance = &amount }
}

// fixture is the keeper on a real in-memory store with exact fakes for
// x/auth, x/bank, x/rewardpool and x/pro's price, after InitGenesis at
// genesisTime, with the price at $0.05.
type fixture struct {
	t             testing.TB
	ctx           sdk.Context
	env           *keepertest.Env
	k             *keeper.Keeper
	prices        *keepertest.Prices
	msgs          types.MsgServer
	queries       types.QueryServer
	authority     string
	moduleAddr    sdk.AccAddress
	liquidityAddr sdk.AccAddress
	poolAddr      sdk.AccAddress
}

func newFixture(t testing.TB, opts ...fixtureOption) *fixture {
	t.Helper()
	f, err := tryFixture(t, opts...)
	require.NoError(t, err)
	return f
}

// tryFixture builds a fixture and returns InitGenesis's error.
func tryFixture(t testing.TB, opts ...fixtureOption) (*fixture, error) {
	t.Helper()
	cfg := fixtureConfig{gs: types.DefaultGenesis()}
	for _, o := range opts {
		o(&cfg)
	}
	gs := cfg.gs
	env := keepertest.NewEnv(t, types.StoreKey,
		keepertest.WithModuleAccounts(types.ModuleName, protypes.LiquidityAccount, rewardpooltypes.PoolAccount),
		keepertest.WithFunded(startingBalance, users...))
	prices := &keepertest.Prices{}
	prices.Set(math.LegacyMustNewDecFromStr(defaultPrice))
	k := keeper.NewKeeper(moduleutil.Services(env.Services(types.StoreKey)), env.Accounts, env.Bank, env.Pool, prices)

	f := &fixture{
		t:             t,
		ctx:           env.Ctx,
		env:           env,
		k:             &k,
		prices:        prices,
		msgs:          keeper.NewMsgServerImpl(&k),
		queries:       keeper.NewQueryServerImpl(&k),
		authority:     env.Authority,
		moduleAddr:    env.Accounts.GetModuleAddress(types.ModuleName),
		liquidityAddr: env.Accounts.GetModuleAddress(protypes.LiquidityAccount),
		poolAddr:      env.Accounts.GetModuleAddress(rewardpooltypes.PoolAccount),
	}
	held := gs.Unswept()
	if cfg.moduleBalance != nil {
		held = *cfg.moduleBalance
	}
	env.Fund(f.ctx, f.moduleAddr, held)
	return f, k.InitGenesis(f.ctx, gs)
}

// now returns the block time.
func (f *fixture) now() time.Time { return f.ctx.HeaderInfo().Time }

// endBlock runs the module's EndBlock.
func (f *fixture) endBlock() {
	f.t.Helper()
	require.NoError(f.t, f.k.EndBlock(f.ctx))
}

// advance ends the current block and starts one d after it, with no
// events yet.
func (f *fixture) advance(d time.Duration) {
	f.t.Helper()
	f.endBlock()
	f.nextBlock(d)
}

// nextBlock starts a block d after the current one without ending it.
func (f *fixture) nextBlock(d time.Duration) { f.ctx = keepertest.NextBlock(f.ctx, d) }

// deliver runs a Msg handler as baseapp does: in a cache context that is
// written only if the handler succeeds.
func (f *fixture) deliver(handler func(ctx context.Context) error) error {
	return keepertest.Deliver(f.ctx, handler)
}

// registerMsg is owner's registration of name for years, at most max.
func (f *fixture) registerMsg(owner sdk.AccAddress, name string, years uint32, maxAmount math.Int) *types.MsgRegisterName {
	return &types.MsgRegisterName{
		Owner: owner.String(), Name: name, EncryptedValue: value(f.t, name, owner[0]), Years: years, MaxAmount: coin(maxAmount),
	}
}

// register delivers a registration and returns its response.
func (f *fixture) register(msg *types.MsgRegisterName) (*types.MsgRegisterNameResponse, error) {
	var res *types.MsgRegisterNameResponse
	err := f.deliver(func(ctx context.Context) (err error) {
		res, err = f.msgs.RegisterName(ctx, msg)
		return err
	})
	return res, err
}

// mustRegister registers name for owner for years, paying what it costs.
func (f *fixture) mustRegister(owner sdk.AccAddress, name string, years uint32) *types.MsgRegisterNameResponse {
	f.t.Helper()
	res, err := f.register(f.registerMsg(owner, name, years, startingBalance))
	require.NoError(f.t, err)
	return res
}

func (f *fixture) renew(payer sdk.AccAddress, name string, years uint32, maxAmount math.Int) (*types.MsgRenewNameResponse, error) {
	var res *types.MsgRenewNameResponse
	err := f.deliver(func(ctx context.Context) (err error) {
		res, err = f.msgs.RenewName(ctx, &types.MsgRenewName{
			Payer: payer.String(), NameHash: types.NameHashHex(name), Years: years, MaxAmount: coin(maxAmount),
		})
		return err
	})
	return res, err
}

func (f *fixture) update(msg *types.MsgUpdateName) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.UpdateName(ctx, msg)
		return err
	})
}

func (f *fixture) transfer(msg *types.MsgTransferName) (*types.MsgTransferNameResponse, error) {
	var res *types.MsgTransferNameResponse
	err := f.deliver(func(ctx context.Context) (err error) {
		res, err = f.msgs.TransferName(ctx, msg)
		return err
	})
	return res, err
}

func (f *fixture) list(seller sdk.AccAddress, name string, price math.Int) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.ListName(ctx, &types.MsgListName{Seller: seller.String(), NameHash: types.NameHashHex(name), Price: coin(price)})
		return err
	})
}

func (f *fixture) cancel(seller sdk.AccAddress, name string) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.CancelListing(ctx, &types.MsgCancelListing{Seller: seller.String(), NameHash: types.NameHashHex(name)})
		return err
	})
}

func (f *fixture) buyMsg(buyer sdk.AccAddress, name string, maxPrice math.Int) *types.MsgBuyName {
	return &types.MsgBuyName{
		Buyer: buyer.String(), NameHash: types.NameHashHex(name), MaxPrice: coin(maxPrice), EncryptedValue: value(f.t, name, buyer[0]),
	}
}

func (f *fixture) buy(msg *types.MsgBuyName) (*types.MsgBuyNameResponse, error) {
	var res *types.MsgBuyNameResponse
	err := f.deliver(func(ctx context.Context) (err error) {
		res, err = f.msgs.BuyName(ctx, msg)
		return err
	})
	return res, err
}

// resolve returns the Resolve query's answer for name.
func (f *fixture) resolve(name string) *types.QueryResolveResponse {
	f.t.Helper()
	res, err := f.queries.Resolve(f.ctx, &types.QueryResolveRequest{NameHash: types.NameHashHex(name)})
	require.NoError(f.t, err)
	return res
}

// quote returns what name costs for years now.
func (f *fixture) quote(name string, years uint32) *types.QueryQuoteResponse {
	f.t.Helper()
	res, err := f.queries.Quote(f.ctx, &types.QueryQuoteRequest{
		NameHash: types.NameHashHex(name), Years: years, NameLength: uint32(len(name)), //nolint:gosec // a test name
	})
	require.NoError(f.t, err)
	return res
}

// balance returns addr's nsesh balance.
func (f *fixture) balance(addr sdk.AccAddress) math.Int {
	return f.env.Balance(f.ctx, addr)
}

// namesInflow returns what the fake pool recorded under source "names".
func (f *fixture) namesInflow() math.Int {
	return f.env.Pool.Inflow(f.ctx, rewardpooltypes.SourceNames)
}

// revenue returns the stored revenue totals.
func (f *fixture) revenue() types.Revenue {
	f.t.Helper()
	r, err := f.k.Revenue.Get(f.ctx)
	require.NoError(f.t, err)
	return r
}

// snapshot is everything a rejected Msg must leave as it was: every entry
// of the module's store (indexes included), every balance and the pool's
// inflows.
func (f *fixture) snapshot() keepertest.State { return f.env.State(f.ctx) }

// store returns every key and value of the module's store, in hex.
func (f *fixture) store() map[string]string { return f.env.Store(f.ctx, types.StoreKey) }

// clearEvents forgets the events emitted so far in this block.
func (f *fixture) clearEvents() { f.ctx = keepertest.ClearEvents(f.ctx) }

// events returns the module's typed events of the current block.
func (f *fixture) events() []proto.Message { return keepertest.Events(f.t, f.ctx) }
