package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// startDay opens day number `day` at `start`: its reward is computed from the
// pool balance at this moment and its length from the params in force.
func (k Keeper) startDay(ctx context.Context, day uint64, start time.Time, params types.Params) (types.EmissionState, error) {
	balance := k.Balance(ctx)
	state := types.EmissionState{
		Day:             day,
		DayStart:        start,
		DayEnd:          start.Add(params.DayLength),
		DayStartBalance: balance,
		DayReward:       types.DayReward(balance, params.AnnualRate),
		DayEmitted:      math.ZeroInt(),
	}
	err := k.eventService.EventManager(ctx).Emit(ctx, &types.EventDayStarted{
		Day:       state.Day,
		DayStart:  state.DayStart,
		DayEnd:    state.DayEnd,
		Balance:   state.DayStartBalance,
		DayReward: state.DayReward,
	})
	return state, err
}

// emitUpTo releases what the day has earned up to `entitled` (its total
// entitlement so far) and not yet released, and records it in state.
func (k Keeper) emitUpTo(ctx context.Context, state *types.EmissionState, entitled math.Int) error {
	amount := entitled.Sub(state.DayEmitted)
	if !amount.IsPositive() {
		return nil
	}
	state.DayEmitted = entitled

	paid, err := k.pay(ctx, amount)
	if err != nil {
		return err
	}
	total, counter := k.TotalEmitted, "emitted"
	if !paid {
		total, counter = k.TotalRetained, "retained"
	}
	sum, err := total.Get(ctx)
	if err != nil {
		return err
	}
	if err := total.Set(ctx, sum.Add(amount)); err != nil {
		return err
	}
	k.logger.Debug("emission", "day", state.Day, counter, amount)
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventRewardsEmitted{
		Day:      state.Day,
		Amount:   amount,
		Retained: !paid,
	})
}

// pay hands amount to the emission recipient. It reports false, with
// nothing moved, when there is no recipient, nobody is eligible, or the
// recipient fails: the share then stays in the pool, and the block goes on.
func (k Keeper) pay(ctx context.Context, amount math.Int) (bool, error) {
	if k.recipient == nil {
		return false, nil
	}
	ok, err := k.recipient.CanReceiveEmission(ctx)
	if err != nil || !ok {
		if err != nil {
			k.logger.Error("emission recipient eligibility check failed; share stays in the pool", "err", err)
		}
		return false, nil
	}
	err = branch.Run(ctx, func(ctx context.Context) error {
		coins := sdk.NewCoins(sdk.NewCoin(types.Denom, amount))
		if err := k.bankKeeper.SendCoinsFromModuleToModule(ctx, types.PoolAccount, k.recipient.EmissionModuleAccount(), coins); err != nil {
			return fmt.Errorf("emission transfer: %w", err)
		}
		if err := k.recipient.OnEmission(ctx, amount); err != nil {
			return fmt.Errorf("emission recipient: %w", err)
		}
		return nil
	})
	if err != nil {
		k.logger.Error("emission failed; share stays in the pool", "amount", amount, "err", err)
		return false, nil
	}
	return true, nil
}

// advance brings the emission state up to block time `now`: it completes
// every day that has ended (at most max_catchup_days of them in one call),
// opening the next day from the balance at that moment, then releases the
// current day's entitlement at `now`.
func (k Keeper) advance(ctx context.Context, now time.Time) error {
	state, err := k.Emission.Get(ctx)
	if err != nil {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	for completed := uint32(0); !now.Before(state.DayEnd); completed++ {
		if completed == params.MaxCatchupDays {
			// The rest of a long halt is settled by the next blocks.
			return k.Emission.Set(ctx, state)
		}
		if err := k.emitUpTo(ctx, &state, state.DayReward); err != nil {
			return err
		}
		if state, err = k.startDay(ctx, state.Day+1, state.DayEnd, params); err != nil {
			return err
		}
	}
	entitled := types.Entitlement(state.DayReward, now.Sub(state.DayStart), state.DayEnd.Sub(state.DayStart))
	if err := k.emitUpTo(ctx, &state, entitled); err != nil {
		return err
	}
	return k.Emission.Set(ctx, state)
}
