package keepertest

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
)

// Bank keeps balances, locked (unspendable, as under a vesting schedule)
// amounts and the supply of each denom in its own store. A send either
// moves every coin or, with x/bank's error, nothing; only spendable coins
// move. Minting and burning are for the modules given WithMinters, and
// WithBlockedModules keeps module accounts from receiving sends from a
// module, as the app's blocked addresses do.
type Bank struct {
	ak       AccountKeeper
	balances collections.Map[collections.Pair[sdk.AccAddress, string], math.Int]
	locked   collections.Map[collections.Pair[sdk.AccAddress, string], math.Int]
	supply   collections.Map[string, math.Int]
	minters  map[string]bool
	blocked  map[string]bool
}

// BankOption configures a Bank.
type BankOption func(*Bank)

// WithMinters lets the modules mint and burn (x/bank's minter and burner
// permissions).
func WithMinters(modules ...string) BankOption {
	return func(b *Bank) {
		for _, m := range modules {
			b.minters[m] = true
		}
	}
}

// WithBlockedModules refuses sends from a module to these modules'
// accounts, as x/bank refuses them to the app's blocked addresses.
func WithBlockedModules(modules ...string) BankOption {
	return func(b *Bank) {
		for _, m := range modules {
			b.blocked[string(b.ak.GetModuleAddress(m))] = true
		}
	}
}

// NewBank returns a bank keeping its state in storeService.
func NewBank(storeService store.KVStoreService, ak AccountKeeper, opts ...BankOption) *Bank {
	sb := collections.NewSchemaBuilder(storeService)
	addrDenom := collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey)
	b := &Bank{
		ak:       ak,
		balances: collections.NewMap(sb, collections.NewPrefix(0), "balances", addrDenom, sdk.IntValue),
		locked:   collections.NewMap(sb, collections.NewPrefix(1), "locked", addrDenom, sdk.IntValue),
		supply:   collections.NewMap(sb, collections.NewPrefix(2), "supply", collections.StringKey, sdk.IntValue),
		minters:  map[string]bool{},
		blocked:  map[string]bool{},
	}
	if _, err := sb.Build(); err != nil {
		panic(err)
	}
	for _, o := range opts {
		o(b)
	}
	return b
}

func getOrZero[K any](ctx context.Context, m collections.Map[K, math.Int], key K) math.Int {
	v, err := m.Get(ctx, key)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return math.ZeroInt()
	case err != nil:
		panic(err)
	}
	return v
}

// GetBalance returns addr's balance of denom.
func (b *Bank) GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	return sdk.NewCoin(denom, getOrZero(ctx, b.balances, collections.Join(addr, denom)))
}

// SpendableCoin returns what of addr's balance of denom is not locked.
func (b *Bank) SpendableCoin(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	spendable := b.GetBalance(ctx, addr, denom).Amount.Sub(getOrZero(ctx, b.locked, collections.Join(addr, denom)))
	return sdk.NewCoin(denom, math.MaxInt(spendable, math.ZeroInt()))
}

// GetSupply returns the supply of denom: everything minted less everything
// burned.
func (b *Bank) GetSupply(ctx context.Context, denom string) sdk.Coin {
	return sdk.NewCoin(denom, getOrZero(ctx, b.supply, denom))
}

// SendCoins moves amt from one address to another.
func (b *Bank) SendCoins(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	return b.send(ctx, from, to, amt)
}

// SendCoinsFromAccountToModule moves amt into a module account.
func (b *Bank) SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, module string, amt sdk.Coins) error {
	to, err := b.ModuleAddress(module)
	if err != nil {
		return err
	}
	return b.send(ctx, sender, to, amt)
}

// SendCoinsFromModuleToAccount moves amt from a module account, not to a
// blocked one.
func (b *Bank) SendCoinsFromModuleToAccount(ctx context.Context, module string, recipient sdk.AccAddress, amt sdk.Coins) error {
	from, err := b.ModuleAddress(module)
	if err != nil {
		return err
	}
	if b.blocked[string(recipient)] {
		return errorsmod.Wrapf(sdkerrors.ErrUnauthorized, "%s is not allowed to receive funds", recipient)
	}
	return b.send(ctx, from, recipient, amt)
}

// BlockedAddr says whether sends from a module to addr are refused.
func (b *Bank) BlockedAddr(addr sdk.AccAddress) bool {
	return b.blocked[string(addr)]
}

// SendCoinsFromModuleToModule moves amt between module accounts.
func (b *Bank) SendCoinsFromModuleToModule(ctx context.Context, sender, recipient string, amt sdk.Coins) error {
	from, err := b.ModuleAddress(sender)
	if err != nil {
		return err
	}
	to, err := b.ModuleAddress(recipient)
	if err != nil {
		return err
	}
	return b.send(ctx, from, to, amt)
}

// MintCoins creates amt in a minter module's account.
func (b *Bank) MintCoins(ctx context.Context, module string, amt sdk.Coins) error {
	addr, err := b.minter(module, amt)
	if err != nil {
		return err
	}
	b.Mint(ctx, addr, amt)
	return nil
}

// BurnCoins destroys amt from a minter module's account.
func (b *Bank) BurnCoins(ctx context.Context, module string, amt sdk.Coins) error {
	addr, err := b.minter(module, amt)
	if err != nil {
		return err
	}
	if err := b.debit(ctx, addr, amt); err != nil {
		return err
	}
	for _, c := range amt {
		if err := b.supply.Set(ctx, c.Denom, b.GetSupply(ctx, c.Denom).Amount.Sub(c.Amount)); err != nil {
			return err
		}
	}
	return nil
}

// Mint credits coins out of thin air, with the supply; tests fund accounts
// with it.
func (b *Bank) Mint(ctx context.Context, addr sdk.AccAddress, amt sdk.Coins) {
	for _, c := range amt {
		b.credit(ctx, addr, c)
		if err := b.supply.Set(ctx, c.Denom, b.GetSupply(ctx, c.Denom).Amount.Add(c.Amount)); err != nil {
			panic(err)
		}
	}
}

// Lock makes amount of addr's balance of its denom unspendable, as a
// vesting schedule does.
func (b *Bank) Lock(ctx context.Context, addr sdk.AccAddress, amount sdk.Coin) {
	if err := b.locked.Set(ctx, collections.Join(addr, amount.Denom), amount.Amount); err != nil {
		panic(err)
	}
}

// All returns every non-zero balance, keyed by address and denom.
func (b *Bank) All(ctx context.Context) map[string]string {
	out := map[string]string{}
	err := b.balances.Walk(ctx, nil, func(k collections.Pair[sdk.AccAddress, string], v math.Int) (bool, error) {
		if !v.IsZero() {
			out[k.K1().String()+"/"+k.K2()] = v.String()
		}
		return false, nil
	})
	if err != nil {
		panic(err)
	}
	return out
}

// ModuleAddress returns a module account's address, x/bank's error if the
// module has none.
func (b *Bank) ModuleAddress(module string) (sdk.AccAddress, error) {
	addr := b.ak.GetModuleAddress(module)
	if addr == nil {
		return nil, errorsmod.Wrapf(sdkerrors.ErrUnknownAddress, "module account %s does not exist", module)
	}
	return addr, nil
}

// minter returns the account of a module that may mint and burn amt.
func (b *Bank) minter(module string, amt sdk.Coins) (sdk.AccAddress, error) {
	if !b.minters[module] {
		return nil, errorsmod.Wrapf(sdkerrors.ErrUnauthorized, "module %s may not mint or burn", module)
	}
	if !amt.IsValid() {
		return nil, errorsmod.Wrapf(sdkerrors.ErrInvalidCoins, "%s", amt)
	}
	return b.ModuleAddress(module)
}

func (b *Bank) send(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	if err := b.debit(ctx, from, amt); err != nil {
		return err
	}
	for _, c := range amt {
		b.credit(ctx, to, c)
	}
	return nil
}

// debit takes amt from addr's spendable coins, all of them or none.
func (b *Bank) debit(ctx context.Context, addr sdk.AccAddress, amt sdk.Coins) error {
	if !amt.IsValid() {
		return errorsmod.Wrapf(sdkerrors.ErrInvalidCoins, "%s", amt)
	}
	for _, c := range amt {
		if have := b.SpendableCoin(ctx, addr, c.Denom).Amount; have.LT(c.Amount) {
			return errorsmod.Wrapf(sdkerrors.ErrInsufficientFunds, "spendable %s%s < %s", have, c.Denom, c)
		}
	}
	for _, c := range amt {
		if err := b.balances.Set(ctx, collections.Join(addr, c.Denom), b.GetBalance(ctx, addr, c.Denom).Amount.Sub(c.Amount)); err != nil {
			return err
		}
	}
	return nil
}

func (b *Bank) credit(ctx context.Context, addr sdk.AccAddress, c sdk.Coin) {
	if err := b.balances.Set(ctx, collections.Join(addr, c.Denom), b.GetBalance(ctx, addr, c.Denom).Amount.Add(c.Amount)); err != nil {
		panic(err)
	}
}
