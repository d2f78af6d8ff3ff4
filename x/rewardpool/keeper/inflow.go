package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// FundFromAccount moves amount (nsesh) from an account into the pool and
// records it under source. It counts towards the pool from the next day on.
// The pool's module account exists from genesis on, so the tokens go to its
// address directly.
func (k Keeper) FundFromAccount(ctx context.Context, from sdk.AccAddress, amount math.Int, source string) error {
	if err := validateInflow(amount, source); err != nil {
		return err
	}
	if err := k.bankKeeper.SendCoins(ctx, from, k.poolAddr, sdk.NewCoins(sdk.NewCoin(types.Denom, amount))); err != nil {
		return err
	}
	funder, err := k.addressCodec.BytesToString(from)
	if err != nil {
		return err
	}
	return k.recordInflow(ctx, source, funder, amount)
}

// FundFromModule moves amount (nsesh) from another module's account into the
// pool and records it under source: the Pro revenue share, node penalties.
func (k Keeper) FundFromModule(ctx context.Context, module string, amount math.Int, source string) error {
	if err := validateInflow(amount, source); err != nil {
		return err
	}
	if module == types.PoolAccount {
		return errorsmod.Wrap(types.ErrInvalidRequest, "the pool cannot fund itself")
	}
	if err := k.bankKeeper.SendCoinsFromModuleToModule(ctx, module, types.PoolAccount, sdk.NewCoins(sdk.NewCoin(types.Denom, amount))); err != nil {
		return err
	}
	funder, err := k.addressCodec.BytesToString(k.accountKeeper.GetModuleAddress(module))
	if err != nil {
		return err
	}
	return k.recordInflow(ctx, source, funder, amount)
}

func validateInflow(amount math.Int, source string) error {
	if amount.IsNil() || !amount.IsPositive() {
		return errorsmod.Wrapf(types.ErrInvalidAmount, "amount must be positive, got %s", amount)
	}
	return types.ValidateSource(source)
}

// recordInflow adds amount to the source's total and emits EventPoolFunded.
func (k Keeper) recordInflow(ctx context.Context, source, funder string, amount math.Int) error {
	sum, err := k.Inflows.Get(ctx, source)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		sum = math.ZeroInt()
	case err != nil:
		return err
	}
	if err := k.Inflows.Set(ctx, source, sum.Add(amount)); err != nil {
		return err
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventPoolFunded{
		Source: source,
		Funder: funder,
		Amount: amount,
	})
}
