package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// FundFromAccount moves amount (nsesh) from an account into the pool and
// records it under source. It counts towards the pool from the next day on.
func (k Keeper) FundFromAccount(ctx context.Context, from sdk.AccAddress, amount math.Int, source string) error {
	return k.FundFromAccountWith(ctx, from, amount, source)
}

// FundFromAccountWith is FundFromAccount for a payment the pool shares with
// other accounts, such as a Pro purchase: one bank transfer debits the payer
// once for the pool's amount and the others (outputs in nsesh to accounts
// that exist), and only the pool's amount is recorded under source.
func (k Keeper) FundFromAccountWith(ctx context.Context, from sdk.AccAddress, amount math.Int, source string, others ...banktypes.Output) error {
	if err := validateInflow(amount, source); err != nil {
		return err
	}
	funder, err := k.addressCodec.BytesToString(from)
	if err != nil {
		return err
	}
	coins := sdk.NewCoins(sdk.NewCoin(types.Denom, amount))
	if len(others) == 0 {
		err = k.bankKeeper.SendCoinsFromAccountToModule(ctx, from, types.PoolAccount, coins)
	} else {
		total := coins
		for _, o := range others {
			total = total.Add(o.Coins...)
		}
		outputs := append([]banktypes.Output{{Address: k.poolAddress, Coins: coins}}, others...)
		err = k.bankKeeper.InputOutputCoins(ctx, banktypes.Input{Address: funder, Coins: total}, outputs)
	}
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
