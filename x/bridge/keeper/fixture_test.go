package keeper_test

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/header"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil/evmsim"
	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
)

// TestMain sets the chain's bech32 prefixes, which ValidateBasic and genesis
// validation read from the SDK's global config, as the app does.
func TestMain(m *testing.M) { keepertest.Main(m) }

const (
	// chainID is the Cosmos chain id of every test block: key proofs carry it.
	chainID = "session-test-1"
	// evmChainID is the EVM chain of the test contract (the simulated backend's).
	evmChainID uint64 = evmsim.ChainID
	// bridgeName is the bridge name of the fixture's params: the bridge id
	// carries it, not the chain id.
	bridgeName = "session-bridge-test"
	// blockTime is the time between the fixture's blocks.
	blockTime = 6 * time.Second
)

var (
	// contract is the bridge contract the fixture's params name: where
	// evmsim deploys the real contract, for the tests that use it.
	contract = evmsim.BridgeAddress()
	// depositor is the EVM account that makes the test deposits.
	depositor = evmAddress("depositor")
	// startBalance is what every user holds at genesis: 1,000 SESH.
	startBalance = math.NewInt(1_000_000_000_000)
	// bridgeAddr is the bridge's module account.
	bridgeAddr = authtypes.NewModuleAddress(types.ModuleName)
	// feeCollectorAddr collects what deposits too small to refund leave.
	feeCollectorAddr = authtypes.NewModuleAddress(authtypes.FeeCollectorName)
	// vals are the validators of the fixture, with power 10 each at first.
	vals = []validator{newValidator(1), newValidator(2), newValidator(3), newValidator(4)}
	// users are funded accounts.
	users = []sdk.AccAddress{testAddr(1), testAddr(2), testAddr(3), testAddr(4)}
	// sesh is one SESH in nsesh.
	sesh = math.NewInt(1_000_000_000)
)

// testAddr returns a distinct plain account address for each i.
var testAddr = keepertest.Addr

// evmKey returns the EVM key named name; the same name gives the same key.
func evmKey(name string) *ecdsa.PrivateKey {
	seed := sha256.Sum256([]byte("bridge keeper test " + name))
	key, err := crypto.ToECDSA(seed[:])
	if err != nil {
		panic(err)
	}
	return key
}

func evmAddress(name string) common.Address { return crypto.PubkeyToAddress(evmKey(name).PublicKey) }

// validator is a validator of the fixture: its operator account registers
// its key, its delegate account sends its bridge messages, its EVM key
// signs for the contract.
type validator struct {
	acc      sdk.AccAddress
	val      sdk.ValAddress
	delegate sdk.AccAddress
	key      *ecdsa.PrivateKey
	evm      common.Address
}

func newValidator(i byte) validator {
	acc := testAddr(100 + i)
	key := evmKey(fmt.Sprintf("validator %d", i))
	return validator{acc: acc, val: sdk.ValAddress(acc), delegate: testAddr(200 + i), key: key, evm: crypto.PubkeyToAddress(key.PublicKey)}
}

// op is the operator account.
func (v validator) op() string { return v.acc.String() }

// signer is the delegate account the validator's bridge messages come from.
func (v validator) signer() string { return v.delegate.String() }

// valoper is the validator's operator address.
func (v validator) valoper() string { return v.val.String() }

// fixtureOption changes the genesis the fixture starts from.
type fixtureOption func(gs *types.GenesisState)

// withParams changes the fixture's params.
func withParams(change func(p *types.Params)) fixtureOption {
	return func(gs *types.GenesisState) { change(&gs.Params) }
}

// unconfigured is a chain whose governance has not named a contract yet.
func unconfigured(gs *types.GenesisState) { gs.Params = types.DefaultParams() }

// paused is a chain whose governance paused the bridge.
func paused(gs *types.GenesisState) { gs.Params.Paused = true }

// fixture is the keeper on a real in-memory store with keepertest's bank
// and fake staking and slashing keepers whose powers the test sets.
type fixture struct {
	t        testing.TB
	ctx      sdk.Context
	env      *keepertest.Env
	cdc      codec.Codec
	k        *keeper.Keeper
	msgs     types.MsgServer
	queries  types.QueryServer
	bank     *keepertest.Bank
	staking  *fakeStaking
	slashing *fakeSlashing
	// genesisSupply is the nsesh supply at genesis.
	genesisSupply math.Int
	authority     string
	moduleKey     *storetypes.KVStoreKey
}

// testParams are the fixture's params: the test contract, small amounts,
// batches made at once, signer sets and rotations as often as wanted.
func testParams() types.Params {
	p := types.DefaultParams()
	p.EvmChainId, p.ContractAddress, p.BridgeName = evmChainID, contract.Hex(), bridgeName
	p.MinTransfer, p.BridgeFee = math.NewInt(10), math.NewInt(2)
	p.BatchWaitBlocks, p.SignerSetMinBlocks, p.KeyRotationMinBlocks = 0, 0, 0
	return p
}

// configuredGenesis is the default genesis with the test params, in which
// every validator has registered its EVM key and delegate.
func configuredGenesis() *types.GenesisState {
	gs := types.DefaultGenesis()
	gs.Params = testParams()
	for _, v := range vals {
		gs.EvmKeys = append(gs.EvmKeys, types.EvmKey{Validator: v.valoper(), EvmAddress: v.evm.Hex(), Delegate: v.signer()})
		gs.KeyOwners = append(gs.KeyOwners, types.KeyOwner{EvmAddress: v.evm.Hex(), Validator: v.valoper()})
	}
	return gs
}

// noKeys is a chain whose validators have registered no EVM keys yet.
func noKeys(gs *types.GenesisState) { gs.EvmKeys, gs.KeyOwners = nil, nil }

// newFixture starts at height 1 after InitGenesis of the configured genesis
// changed by opts, with vals at power 10 and users funded.
func newFixture(t testing.TB, opts ...fixtureOption) *fixture {
	t.Helper()
	gs := configuredGenesis()
	for _, o := range opts {
		o(gs)
	}
	return newFixtureFromGenesis(t, gs)
}

func newFixtureFromGenesis(t testing.TB, gs *types.GenesisState) *fixture {
	t.Helper()
	// Block times follow the clock, so that batch deadlines mean the same
	// to the simulated EVM chain.
	env := keepertest.NewEnv(t, types.StoreKey,
		keepertest.WithHeader(header.Info{Height: 1, ChainID: chainID, Time: time.Now().UTC().Truncate(time.Second)}),
		keepertest.WithModuleAccounts(moduleAccounts...),
		// Every module account of the app is blocked from receiving sends;
		// only the bridge may mint and burn.
		keepertest.WithBank(keepertest.WithMinters(types.ModuleName), keepertest.WithBlockedModules(moduleAccounts...)),
		keepertest.WithFunded(startBalance, users...))
	staking := newFakeStaking()
	slashing := &fakeSlashing{staking: staking}
	f := &fixture{
		t: t, ctx: env.Ctx, env: env, cdc: env.Cdc, bank: env.Bank, staking: staking, slashing: slashing,
		authority: env.Authority, moduleKey: env.StoreKey(types.StoreKey),
	}
	f.swapBank(env.Bank) // the keeper, on the kit's bank
	for _, v := range vals {
		staking.set(v.val, 10)
	}
	f.genesisSupply = f.supply().Sub(gs.Stats.Minted).Add(gs.Stats.Burned).Sub(gs.Stats.Returned)
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	return f
}

// swapBank makes the keeper use bank (on the same stores) from now on.
func (f *fixture) swapBank(bank types.BankKeeper) {
	k := keeper.NewKeeper(moduleutil.Services(f.env.Services(types.StoreKey)),
		addresscodec.NewBech32Codec(keepertest.Bech32ValoperPrefix), bank, f.staking, f.slashing)
	f.k, f.msgs, f.queries = &k, keeper.NewMsgServerImpl(&k), keeper.NewQueryServerImpl(&k)
}

// setPowers sets the last bonded power of vals[0], vals[1], ... in order.
func (f *fixture) setPowers(powers ...int64) {
	for i, p := range powers {
		f.staking.set(vals[i].val, p)
	}
}

// nextBlock starts the next block, blockTime later, with no events yet.
func (f *fixture) nextBlock() { f.ctx = keepertest.NextBlock(f.ctx, blockTime) }

// height is the current block height.
func (f *fixture) height() int64 { return f.ctx.HeaderInfo().Height }

// endBlock runs the EndBlocker, which must neither panic nor fail, and checks
// the invariants.
func (f *fixture) endBlock() {
	f.t.Helper()
	keepertest.RequireBlock(f.t, func() error { return f.k.EndBlocker(f.ctx) })
	f.checkInvariants()
}

// block ends this block and starts the next.
func (f *fixture) block() {
	f.t.Helper()
	f.endBlock()
	f.nextBlock()
}

// checkInvariants checks the invariants of docs/architecture.md as far as
// the chain sees it: the state
// exports a valid genesis (whose stats equal the transfers in flight), the
// supply moved by exactly minted − burned + returned, and the module
// account only passes tokens through.
func (f *fixture) checkInvariants() {
	f.t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(f.t, err)
	require.NoError(f.t, gs.Validate())
	want := f.genesisSupply.Add(gs.Stats.Minted).Sub(gs.Stats.Burned).Add(gs.Stats.Returned)
	require.Equal(f.t, want.String(), f.supply().String(), "supply = genesis + minted − burned + returned")
	require.True(f.t, f.balance(bridgeAddr).IsZero(), "the module account holds %s", f.balance(bridgeAddr))
}

func (f *fixture) balance(addr sdk.AccAddress) math.Int { return f.env.Balance(f.ctx, addr) }

func (f *fixture) supply() math.Int { return f.bank.GetSupply(f.ctx, types.Denom).Amount }

func (f *fixture) params() types.Params {
	f.t.Helper()
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(f.t, err)
	return p
}

// setParams changes the params as governance would.
func (f *fixture) setParams(change func(p *types.Params)) {
	f.t.Helper()
	p := f.params()
	change(&p)
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})
	require.NoError(f.t, err)
}

func (f *fixture) stats() types.Stats {
	f.t.Helper()
	res, err := f.queries.Supply(f.ctx, &types.QuerySupplyRequest{})
	require.NoError(f.t, err)
	return res.Stats
}

// snapshot is everything a rejected Msg must leave as it was: every store
// (the module's, every balance and the supply) and the slashings and
// jailings asked of the staking fakes.
type snapshot struct {
	Stores keepertest.State
	Jailed int
}

func (f *fixture) snapshot() snapshot {
	return snapshot{Stores: f.env.State(f.ctx), Jailed: len(f.slashing.slashes) + len(f.staking.jailed)}
}

// requireRejected checks that err is wantErr and that the state is still
// the before snapshot, with no event emitted since.
func (f *fixture) requireRejected(err, wantErr error, before snapshot, eventsBefore int) {
	f.t.Helper()
	keepertest.RequireRejected(f.t, err, wantErr, before, f.snapshot())
	require.Len(f.t, f.ctx.EventManager().Events(), eventsBefore, "a rejected Msg emitted events")
}

// events returns the module's typed events of type T in the current block.
func events[T proto.Message](f *fixture) []T {
	f.t.Helper()
	return keepertest.EventsOf[T](f.t, f.ctx)
}
