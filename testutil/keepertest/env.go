package keepertest

import (
	"testing"
	"time"

	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// The names of the fakes' own stores.
const (
	bankStore = "fakebank"
	poolStore = "fakepool"
)

// GenesisTime is the default block time of an Env's first block. It is
// deliberately not a round time, so that day and period boundaries fall
// on odd instants.
var GenesisTime = time.Date(2025, 6, 1, 12, 34, 56, 789_000_000, time.UTC)

// Env is a keeper test's chain: an in-memory multistore holding the
// module's store and the fakes' stores, a context at a fixed height and
// time, and the fakes of x/auth, x/bank and x/rewardpool on it. Build one
// with NewEnv, then the keeper with Services.
type Env struct {
	// Ctx is the context of the first block, with the funded accounts
	// funded and a fresh event manager.
	Ctx sdk.Context
	// Cdc is the test encoding config's codec.
	Cdc codec.Codec
	// AddressCodec spells account addresses with Bech32Prefix.
	AddressCodec address.Codec
	// Authority is the gov module account, the default authority of every
	// module, spelled by AddressCodec.
	Authority string
	// Accounts knows the module accounts given WithModuleAccounts.
	Accounts AccountKeeper
	// Bank keeps balances in a store of its own.
	Bank *Bank
	// Pool pays into x/rewardpool's module account through Bank.
	Pool *Pool

	keys  map[string]*storetypes.KVStoreKey
	tkeys map[string]*storetypes.TransientStoreKey
}

// envConfig is what the Options set.
type envConfig struct {
	header    header.Info
	modules   []string
	bank      []BankOption
	transient []string
	funded    []sdk.AccAddress
	funds     math.Int
}

// Option configures an Env.
type Option func(*envConfig)

// WithHeader starts the chain at info instead of height 1 at GenesisTime.
func WithHeader(info header.Info) Option { return func(c *envConfig) { c.header = info } }

// WithModuleAccounts gives the modules accounts (x/auth's module account
// permissions); the bank knows no other module.
func WithModuleAccounts(modules ...string) Option {
	return func(c *envConfig) { c.modules = append(c.modules, modules...) }
}

// WithBank configures the bank (minters, blocked module accounts).
func WithBank(opts ...BankOption) Option {
	return func(c *envConfig) { c.bank = append(c.bank, opts...) }
}

// WithTransientStore mounts a transient store named name.
func WithTransientStore(name string) Option {
	return func(c *envConfig) { c.transient = append(c.transient, name) }
}

// WithFunded gives each of addrs amount of Denom in the first block, with
// the supply.
func WithFunded(amount math.Int, addrs ...sdk.AccAddress) Option {
	return func(c *envConfig) { c.funded, c.funds = addrs, amount }
}

// NewEnv mounts the module's store (named storeKey) beside the fakes'
// stores and returns the chain at its first block.
func NewEnv(t testing.TB, storeKey string, opts ...Option) *Env {
	t.Helper()
	cfg := envConfig{header: header.Info{Height: 1, Time: GenesisTime}}
	for _, o := range opts {
		o(&cfg)
	}
	e := &Env{
		Cdc:          moduletestutil.MakeTestEncodingConfig().Codec,
		AddressCodec: addresscodec.NewBech32Codec(Bech32Prefix),
		Accounts:     NewAccountKeeper(cfg.modules...),
		keys:         map[string]*storetypes.KVStoreKey{},
		tkeys:        map[string]*storetypes.TransientStoreKey{},
	}
	for _, name := range []string{storeKey, bankStore, poolStore} {
		e.keys[name] = storetypes.NewKVStoreKey(name)
	}
	for _, name := range cfg.transient {
		e.tkeys[name] = storetypes.NewTransientStoreKey(name)
	}
	authority, err := e.AddressCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	if err != nil {
		t.Fatal(err)
	}
	e.Authority = authority
	e.Bank = NewBank(e.StoreService(bankStore), e.Accounts, cfg.bank...)
	e.Pool = NewPool(e.StoreService(poolStore), e.Bank)
	e.Ctx = testutil.DefaultContextWithKeys(e.keys, e.tkeys, nil).
		WithHeaderInfo(cfg.header).WithEventManager(sdk.NewEventManager())
	for _, a := range cfg.funded {
		e.Fund(e.Ctx, a, cfg.funds)
	}
	return e
}

// StoreService returns the service of the KV store named name; it panics
// for a store the Env did not mount.
func (e *Env) StoreService(name string) store.KVStoreService {
	return runtime.NewKVStoreService(e.StoreKey(name))
}

// StoreKey returns the key of the KV store named name; it panics for a
// store the Env did not mount.
func (e *Env) StoreKey(name string) *storetypes.KVStoreKey {
	key, ok := e.keys[name]
	if !ok {
		panic("keepertest: no store " + name)
	}
	return key
}

// TransientStoreService returns the service of the transient store named
// name, mounted WithTransientStore.
func (e *Env) TransientStoreService(name string) store.TransientStoreService {
	key, ok := e.tkeys[name]
	if !ok {
		panic("keepertest: no transient store " + name)
	}
	return runtime.NewTransientStoreService(key)
}

// Fund creates amount of Denom for addr, with the supply.
func (e *Env) Fund(ctx sdk.Context, addr sdk.AccAddress, amount math.Int) {
	if amount.IsPositive() {
		e.Bank.Mint(ctx, addr, sdk.NewCoins(sdk.NewCoin(Denom, amount)))
	}
}

// Balance returns addr's balance of Denom.
func (e *Env) Balance(ctx sdk.Context, addr sdk.AccAddress) math.Int {
	return e.Bank.GetBalance(ctx, addr, Denom).Amount
}

// Services are a keeper's services as x/internal/moduleutil.Services
// spells them (the same fields, so that a module's test converts one into
// the other): the keepertest package lies outside x/ and cannot import it.
type Services struct {
	Cdc           codec.BinaryCodec
	AddressCodec  address.Codec
	StoreService  store.KVStoreService
	EventService  event.Service
	HeaderService header.Service
	Logger        log.Logger
	Authority     string
}

// Services returns the services of a keeper on the store named storeKey,
// with the Env's codecs, the runtime's event service, the header of the
// context, no logging and the gov authority.
func (e *Env) Services(storeKey string) Services {
	return Services{
		Cdc:           e.Cdc,
		AddressCodec:  e.AddressCodec,
		StoreService:  e.StoreService(storeKey),
		EventService:  runtime.EventService{},
		HeaderService: HeaderService{},
		Logger:        log.NewNopLogger(),
		Authority:     e.Authority,
	}
}
