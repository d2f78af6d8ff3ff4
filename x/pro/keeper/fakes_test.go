package keeper_test

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// headerService returns the block header of the sdk.Context, as the
// runtime's header service does.
type headerService struct{}

func (headerService) GetHeaderInfo(ctx context.Context) header.Info {
	return sdk.UnwrapSDKContext(ctx).HeaderInfo()
}

// fakeAccountKeeper knows a fixed set of module accounts, like x/auth with
// its module account permissions: unknown modules have no address.
type fakeAccountKeeper struct {
	modules map[string]bool
}

var _ types.AccountKeeper = fakeAccountKeeper{}

func newFakeAccountKeeper(modules ...string) fakeAccountKeeper {
	ak := fakeAccountKeeper{modules: map[string]bool{}}
	for _, m := range modules {
		ak.modules[m] = true
	}
	return ak
}

func (ak fakeAccountKeeper) GetModuleAccount(_ context.Context, name string) sdk.ModuleAccountI {
	if !ak.modules[name] {
		return nil
	}
	return authtypes.NewEmptyModuleAccount(name)
}

func (ak fakeAccountKeeper) GetModuleAddress(name string) sdk.AccAddress {
	if !ak.modules[name] {
		return nil
	}
	return authtypes.NewModuleAddress(name)
}

// fakeBank keeps balances in its own store, so that cache contexts (the
// fixture delivers every Msg in one, as baseapp does) commit or discard
// transfers exactly as x/bank's do. A send either moves every coin or, with
// an error, nothing.
type fakeBank struct {
	ak       fakeAccountKeeper
	balances collections.Map[collections.Pair[sdk.AccAddress, string], math.Int]
}

var _ types.BankKeeper = (*fakeBank)(nil)

func newFakeBank(storeService store.KVStoreService, ak fakeAccountKeeper) *fakeBank {
	sb := collections.NewSchemaBuilder(storeService)
	b := &fakeBank{
		ak: ak,
		balances: collections.NewMap(sb, collections.NewPrefix(0), "balances",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), sdk.IntValue),
	}
	if _, err := sb.Build(); err != nil {
		panic(err)
	}
	return b
}

func (b *fakeBank) GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	amount, err := b.balances.Get(ctx, collections.Join(addr, denom))
	switch {
	case errors.Is(err, collections.ErrNotFound):
		amount = math.ZeroInt()
	case err != nil:
		panic(err)
	}
	return sdk.NewCoin(denom, amount)
}

func (b *fakeBank) SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, module string, amt sdk.Coins) error {
	to, err := b.moduleAddress(module)
	if err != nil {
		return err
	}
	return b.send(ctx, sender, to, amt)
}

func (b *fakeBank) SendCoins(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	return b.send(ctx, from, to, amt)
}

func (b *fakeBank) SendCoinsFromModuleToAccount(ctx context.Context, module string, recipient sdk.AccAddress, amt sdk.Coins) error {
	from, err := b.moduleAddress(module)
	if err != nil {
		return err
	}
	return b.send(ctx, from, recipient, amt)
}

// mint credits coins out of thin air; tests use it to fund accounts.
func (b *fakeBank) mint(ctx context.Context, addr sdk.AccAddress, amt sdk.Coins) {
	for _, c := range amt {
		bal := b.GetBalance(ctx, addr, c.Denom).Amount
		if err := b.balances.Set(ctx, collections.Join(addr, c.Denom), bal.Add(c.Amount)); err != nil {
			panic(err)
		}
	}
}

// all returns every non-zero balance, keyed by address and denom.
func (b *fakeBank) all(ctx context.Context) map[string]string {
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

func (b *fakeBank) moduleAddress(module string) (sdk.AccAddress, error) {
	addr := b.ak.GetModuleAddress(module)
	if addr == nil {
		return nil, errorsmod.Wrapf(sdkerrors.ErrUnknownAddress, "module account %s does not exist", module)
	}
	return addr, nil
}

func (b *fakeBank) send(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	if !amt.IsValid() {
		return errorsmod.Wrapf(sdkerrors.ErrInvalidCoins, "%s", amt)
	}
	for _, c := range amt {
		if have := b.GetBalance(ctx, from, c.Denom).Amount; have.LT(c.Amount) {
			return errorsmod.Wrapf(sdkerrors.ErrInsufficientFunds, "%s%s < %s", have, c.Denom, c)
		}
	}
	for _, c := range amt {
		fromBal := b.GetBalance(ctx, from, c.Denom).Amount
		if err := b.balances.Set(ctx, collections.Join(from, c.Denom), fromBal.Sub(c.Amount)); err != nil {
			return err
		}
		toBal := b.GetBalance(ctx, to, c.Denom).Amount
		if err := b.balances.Set(ctx, collections.Join(to, c.Denom), toBal.Add(c.Amount)); err != nil {
			return err
		}
	}
	return nil
}

// fakePool stands in for x/rewardpool: FundFromModule moves the tokens into
// the reward_pool module account through the fake bank and adds them to the
// source's total, both in the store, so a discarded cache context undoes
// both. It refuses what the real keeper refuses: a non-positive amount or
// an empty source.
type fakePool struct {
	bank    *fakeBank
	inflows collections.Map[string, math.Int]
}

var _ types.RewardPool = (*fakePool)(nil)

func newFakePool(storeService store.KVStoreService, bank *fakeBank) *fakePool {
	sb := collections.NewSchemaBuilder(storeService)
	p := &fakePool{
		bank:    bank,
		inflows: collections.NewMap(sb, collections.NewPrefix(0), "inflows", collections.StringKey, sdk.IntValue),
	}
	if _, err := sb.Build(); err != nil {
		panic(err)
	}
	return p
}

func (p *fakePool) FundFromModule(ctx context.Context, module string, amount math.Int, source string) error {
	if amount.IsNil() || !amount.IsPositive() {
		return errorsmod.Wrapf(rewardpooltypes.ErrInvalidAmount, "amount must be positive, got %s", amount)
	}
	if source == "" {
		return errorsmod.Wrap(rewardpooltypes.ErrInvalidRequest, "empty source")
	}
	from, err := p.bank.moduleAddress(module)
	if err != nil {
		return err
	}
	coins := sdk.NewCoins(sdk.NewCoin(types.Denom, amount))
	if err := p.bank.SendCoinsFromAccountToModule(ctx, from, rewardpooltypes.PoolAccount, coins); err != nil {
		return err
	}
	return p.inflows.Set(ctx, source, p.inflow(ctx, source).Add(amount))
}

// inflow returns the total a source has paid into the pool.
func (p *fakePool) inflow(ctx context.Context, source string) math.Int {
	v, err := p.inflows.Get(ctx, source)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return math.ZeroInt()
	case err != nil:
		panic(err)
	}
	return v
}

// all returns every source's total.
func (p *fakePool) all(ctx context.Context) map[string]string {
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
