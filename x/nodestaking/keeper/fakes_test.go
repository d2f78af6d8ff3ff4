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

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// headerService returns the block header of the sdk.Context, as the
// runtime's header service does.
type headerService struct{}

func (headerService) GetHeaderInfo(ctx context.Context) header.Info {
	return sdk.UnwrapSDKContext(ctx).HeaderInfo()
}

// fakeAccountKeeper knows the module accounts of the test chain: this
// module's and the reward pool's.
type fakeAccountKeeper struct{}

var _ types.AccountKeeper = fakeAccountKeeper{}

func (ak fakeAccountKeeper) GetModuleAccount(_ context.Context, name string) sdk.ModuleAccountI {
	if ak.GetModuleAddress(name) == nil {
		return nil
	}
	return authtypes.NewEmptyModuleAccount(name)
}

func (fakeAccountKeeper) GetModuleAddress(name string) sdk.AccAddress {
	switch name {
	case types.ModuleName, rewardpooltypes.PoolAccount:
		return authtypes.NewModuleAddress(name)
	default:
		return nil
	}
}

// fakeBank keeps nsesh balances in its own store, so that cache contexts
// (EndBlock runs each exit in one) commit or discard transfers as x/bank's
// do. A send either moves the coins or, with an error, nothing.
type fakeBank struct {
	ak       fakeAccountKeeper
	balances collections.Map[sdk.AccAddress, math.Int]
}

var _ types.BankKeeper = (*fakeBank)(nil)

func (b *fakeBank) balance(ctx context.Context, addr sdk.AccAddress) math.Int {
	amount, err := b.balances.Get(ctx, addr)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return math.ZeroInt()
	case err != nil:
		panic(err)
	}
	return amount
}

func (b *fakeBank) GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	if denom != types.Denom {
		return sdk.NewCoin(denom, math.ZeroInt())
	}
	return sdk.NewCoin(denom, b.balance(ctx, addr))
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

// mint credits nsesh out of thin air: funding test accounts, and the
// reward pool's emission.
func (b *fakeBank) mint(ctx context.Context, addr sdk.AccAddress, amount math.Int) {
	if err := b.balances.Set(ctx, addr, b.balance(ctx, addr).Add(amount)); err != nil {
		panic(err)
	}
}

func (b *fakeBank) moduleAddress(module string) (sdk.AccAddress, error) {
	addr := b.ak.GetModuleAddress(module)
	if addr == nil {
		return nil, errorsmod.Wrapf(sdkerrors.ErrUnknownAddress, "module account %s does not exist", module)
	}
	return addr, nil
}

func (b *fakeBank) send(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	if !amt.IsValid() || len(amt) != 1 || amt[0].Denom != types.Denom {
		return errorsmod.Wrapf(sdkerrors.ErrInvalidCoins, "%s", amt)
	}
	amount := amt[0].Amount
	if have := b.balance(ctx, from); have.LT(amount) {
		return errorsmod.Wrapf(sdkerrors.ErrInsufficientFunds, "%s%s < %s", have, types.Denom, amt)
	}
	if err := b.balances.Set(ctx, from, b.balance(ctx, from).Sub(amount)); err != nil {
		return err
	}
	b.mint(ctx, to, amount)
	return nil
}

// fakeRewardPool stands in for x/rewardpool: FundFromModule moves the coins
// into the pool account and records them by source (in the store, so a
// discarded cache context forgets them too); DayRewardNow answers dayReward.
type fakeRewardPool struct {
	bank      *fakeBank
	inflows   collections.Map[string, math.Int]
	dayReward math.Int
}

var _ types.RewardPool = (*fakeRewardPool)(nil)

func (p *fakeRewardPool) FundFromModule(ctx context.Context, module string, amount math.Int, source string) error {
	if !amount.IsPositive() {
		return errors.New("the pool takes positive amounts only")
	}
	if err := p.bank.SendCoinsFromModuleToAccount(ctx, module, poolAddr, sdk.NewCoins(sdk.NewCoin(types.Denom, amount))); err != nil {
		return err
	}
	return p.inflows.Set(ctx, source, p.inflow(ctx, source).Add(amount))
}

// inflow returns what the pool has received from source.
func (p *fakeRewardPool) inflow(ctx context.Context, source string) math.Int {
	amount, err := p.inflows.Get(ctx, source)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return math.ZeroInt()
	case err != nil:
		panic(err)
	}
	return amount
}

func (p *fakeRewardPool) DayRewardNow(context.Context) (math.Int, error) {
	return p.dayReward, nil
}

// newFakes builds the fake bank and reward pool on one store.
func newFakes(storeService store.KVStoreService) (*fakeBank, *fakeRewardPool) {
	sb := collections.NewSchemaBuilder(storeService)
	bank := &fakeBank{
		balances: collections.NewMap(sb, collections.NewPrefix(0), "balances", sdk.AccAddressKey, sdk.IntValue),
	}
	pool := &fakeRewardPool{
		bank:      bank,
		inflows:   collections.NewMap(sb, collections.NewPrefix(1), "inflows", collections.StringKey, sdk.IntValue),
		dayReward: math.ZeroInt(),
	}
	if _, err := sb.Build(); err != nil {
		panic(err)
	}
	return bank, pool
}
