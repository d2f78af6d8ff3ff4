package rewards

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Claim pays claimant everything it is owed: its share of what each of its
// nodes (stakes) has earned, less what it took before, and what was
// credited to it when a node's stakes were returned. Only the claimant's
// own records change.
func (k *Keeper) Claim(ctx context.Context, claimant sdk.AccAddress, stakes []NodeStake) (math.Int, error) {
	claimantStr, err := k.env.AddressCodec.BytesToString(claimant)
	if err != nil {
		return math.Int{}, err
	}
	st, err := k.State.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	owed := math.ZeroInt()
	for _, s := range stakes {
		share, err := k.takeShare(ctx, s, claimant, s.Node.EarnedTotal(st.RewardIndex))
		if err != nil {
			return math.Int{}, err
		}
		owed = owed.Add(share)
	}
	credited, err := k.Claimable.Get(ctx, claimant)
	switch {
	case errors.Is(err, collections.ErrNotFound):
	case err != nil:
		return math.Int{}, err
	default:
		owed = owed.Add(credited)
		if err := k.Claimable.Remove(ctx, claimant); err != nil {
			return math.Int{}, err
		}
	}
	if !owed.IsPositive() {
		return math.Int{}, errorsmod.Wrapf(types.ErrNothingToClaim, "%s has no rewards", claimantStr)
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, claimant, sdk.NewCoins(sdk.NewCoin(types.Denom, owed))); err != nil {
		return math.Int{}, err
	}
	claimed, err := k.TotalClaimed.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	if err := k.TotalClaimed.Set(ctx, claimed.Add(owed)); err != nil {
		return math.Int{}, err
	}
	if err := k.totals.AddClaimed(ctx, claimant, owed); err != nil {
		return math.Int{}, err
	}
	return owed, k.env.Emit(ctx, &types.EventRewardsClaimed{Claimant: claimantStr, Amount: owed})
}

// Owed returns an address's claimable (credited) and pending rewards: its
// share of what its nodes (stakes) earned, less what it took.
func (k *Keeper) Owed(ctx context.Context, addr sdk.AccAddress, stakes []NodeStake) (claimable, pending math.Int, err error) {
	claimable, err = k.Claimable.Get(ctx, addr)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		claimable = math.ZeroInt()
	case err != nil:
		return math.Int{}, math.Int{}, err
	}
	st, err := k.State.Get(ctx)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	pending = math.ZeroInt()
	for _, s := range stakes {
		share, _, err := k.ShareOwed(ctx, s, addr, s.Node.EarnedTotal(st.RewardIndex))
		if err != nil {
			return math.Int{}, math.Int{}, err
		}
		pending = pending.Add(share)
	}
	return claimable, pending, nil
}
