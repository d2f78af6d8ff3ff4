// Package keepertest is the one kit of the custom modules' keeper tests,
// on a real in-memory store (after Noble dollar's utils/mocks):
//
//   - Env: a multistore with the module's store and the fakes' stores, a
//     context at a fixed height and time, the gov authority and the codecs;
//   - exact fakes of the keepers the modules depend on: x/auth's module
//     accounts (AccountKeeper), x/bank's balances (Bank, which refuses
//     overdrafts), x/rewardpool's inflows (Pool) and x/pro's price (Prices);
//   - blocks: Deliver runs a Msg in a cache context written only if it
//     succeeds, as baseapp does; NextBlock and AtTime move the clock;
//   - checks: Events and EventsOf read typed events, State and
//     RequireRejected compare the stores around a rejected Msg;
//   - accounts: Addr, and Main for a TestMain with the chain's prefixes.
//
// The bank and pool fakes keep their state in stores of their own, so that
// a cache context commits or discards their changes exactly as the real
// keepers' are.
package keepertest

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Denom is the token the fakes move.
const Denom = "nsesh"

// HeaderService returns the block header of the sdk.Context, as the
// runtime's header service does.
type HeaderService struct{}

// GetHeaderInfo implements header.Service.
func (HeaderService) GetHeaderInfo(ctx context.Context) header.Info {
	return sdk.UnwrapSDKContext(ctx).HeaderInfo()
}

// AccountKeeper knows a fixed set of module accounts, like x/auth with its
// module account permissions: unknown modules have no address.
type AccountKeeper struct {
	modules map[string]bool
}

// NewAccountKeeper returns an AccountKeeper that knows modules.
func NewAccountKeeper(modules ...string) AccountKeeper {
	ak := AccountKeeper{modules: map[string]bool{}}
	for _, m := range modules {
		ak.modules[m] = true
	}
	return ak
}

// GetModuleAccount returns a known module's account, nil for another.
func (ak AccountKeeper) GetModuleAccount(_ context.Context, name string) sdk.ModuleAccountI {
	if !ak.modules[name] {
		return nil
	}
	return authtypes.NewEmptyModuleAccount(name)
}

// GetModuleAddress returns a known module's address, nil for another.
func (ak AccountKeeper) GetModuleAddress(name string) sdk.AccAddress {
	if !ak.modules[name] {
		return nil
	}
	return authtypes.NewModuleAddress(name)
}

// Pool stands in for x/rewardpool: FundFromModule moves the tokens into the
// reward_pool module account through the Bank and adds them to the
// source's total. It refuses what the real keeper refuses: a non-positive
// amount or an invalid source.
type Pool struct {
	bank    *Bank
	inflows collections.Map[string, math.Int]
}

// NewPool returns a pool keeping its inflows in storeService.
func NewPool(storeService store.KVStoreService, bank *Bank) *Pool {
	sb := collections.NewSchemaBuilder(storeService)
	p := &Pool{
		bank:    bank,
		inflows: collections.NewMap(sb, collections.NewPrefix(0), "inflows", collections.StringKey, sdk.IntValue),
	}
	if _, err := sb.Build(); err != nil {
		panic(err)
	}
	return p
}

// FundFromModule moves amount from a module account into the pool under
// source.
func (p *Pool) FundFromModule(ctx context.Context, module string, amount math.Int, source string) error {
	if amount.IsNil() || !amount.IsPositive() {
		return errorsmod.Wrapf(rewardpooltypes.ErrInvalidAmount, "amount must be positive, got %s", amount)
	}
	if err := rewardpooltypes.ValidateSource(source); err != nil {
		return err
	}
	coins := sdk.NewCoins(sdk.NewCoin(Denom, amount))
	if err := p.bank.SendCoinsFromModuleToModule(ctx, module, rewardpooltypes.PoolAccount, coins); err != nil {
		return err
	}
	return p.inflows.Set(ctx, source, p.Inflow(ctx, source).Add(amount))
}

// Inflow returns the total a source has paid into the pool.
func (p *Pool) Inflow(ctx context.Context, source string) math.Int {
	return getOrZero(ctx, p.inflows, source)
}

// All returns every source's total.
func (p *Pool) All(ctx context.Context) map[string]string {
	out := map[string]string{}
	err := p.inflows.Walk(ctx, nil, func(k string, v math.Int) (bool, error) {
		out[k] = v.String()
		return false, nil
	})
	if err != nil {
		panic(err)
	}
	return out
}

// Prices stands in for x/pro's price in force: a price set by the test,
// or none, in which case it fails closed with x/pro's ErrNoPrice.
type Prices struct {
	price math.LegacyDec
}

// Set puts price (USD per SESH) in force.
func (p *Prices) Set(price math.LegacyDec) { p.price = price }

// Clear leaves no valid price.
func (p *Prices) Clear() { p.price = math.LegacyDec{} }

// QuoteUSD converts micro-USD at the price in force as x/pro does.
func (p *Prices) QuoteUSD(_ context.Context, microUSD uint64) (math.Int, math.LegacyDec, error) {
	if p.price.IsNil() || !p.price.IsPositive() {
		return math.Int{}, math.LegacyDec{}, errorsmod.Wrap(protypes.ErrNoPrice, "no price in force")
	}
	return protypes.QuoteNsesh(microUSD, p.price), p.price, nil
}
