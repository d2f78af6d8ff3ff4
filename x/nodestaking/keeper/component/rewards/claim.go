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
// credited to it when a node's stakes were returned. A node's share goes to
// the beneficiary of the claimant's contribution when it names one, and
// everything else to recipient (nil: the claimant). Only the claimant's own
// records change; the claim counts in the claimant's totals wherever it
// was paid.
func (k *Keeper) Claim(ctx context.Context, claimant, recipient sdk.AccAddress, stakes []NodeStake) (math.Int, error) {
	claimantStr, err := k.env.AddressCodec.BytesToString(claimant)
	if err != nil {
		return math.Int{}, err
	}
	if recipient == nil {
		recipient = claimant
	}
	payouts, err := k.takeAll(ctx, claimant, recipient, stakes)
	if err != nil {
		return math.Int{}, err
	}
	owed := math.ZeroInt()
	for _, p := range payouts {
		owed = owed.Add(p.amount)
	}
	if !owed.IsPositive() {
		return math.Int{}, errorsmod.Wrapf(types.ErrNothingToClaim, "%s has no rewards", claimantStr)
	}
	for _, p := range payouts {
		if err := k.pay(ctx, claimantStr, p); err != nil {
			return math.Int{}, err
		}
	}
	claimed, err := k.TotalClaimed.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	if err := k.TotalClaimed.Set(ctx, claimed.Add(owed)); err != nil {
		return math.Int{}, err
	}
	return owed, k.totals.AddClaimed(ctx, claimant, owed)
}

// payout is what a claim pays one address.
type payout struct {
	to     sdk.AccAddress
	amount math.Int
}

// addPayout adds amount to what ps pays to, in first-seen order (a slice,
// not a map: the transfers and events are in a fixed order).
func addPayout(ps []payout, to sdk.AccAddress, amount math.Int) []payout {
	if !amount.IsPositive() {
		return ps
	}
	for i := range ps {
		if ps[i].to.Equals(to) {
			ps[i].amount = ps[i].amount.Add(amount)
			return ps
		}
	}
	return append(ps, payout{to: to, amount: amount})
}

// takeAll records as taken everything the claimant is owed and returns who
// is paid what: each node's share to the contribution's beneficiary or to
// recipient, the credited rewards to recipient.
func (k *Keeper) takeAll(ctx context.Context, claimant, recipient sdk.AccAddress, stakes []NodeStake) ([]payout, error) {
	st, err := k.State.Get(ctx)
	if err != nil {
		return nil, err
	}
	var payouts []payout
	for _, s := range stakes {
		share, err := k.takeShare(ctx, s, claimant, s.Node.EarnedTotal(st.RewardIndex))
		if err != nil {
			return nil, err
		}
		to := recipient
		if s.Beneficiary != nil {
			to = s.Beneficiary
		}
		payouts = addPayout(payouts, to, share)
	}
	credited, err := k.Claimable.Get(ctx, claimant)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return payouts, nil
	case err != nil:
		return nil, err
	}
	if err := k.Claimable.Remove(ctx, claimant); err != nil {
		return nil, err
	}
	return addPayout(payouts, recipient, credited), nil
}

// pay sends one payout of a claim and reports it.
func (k *Keeper) pay(ctx context.Context, claimant string, p payout) error {
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, p.to, sdk.NewCoins(sdk.NewCoin(types.Denom, p.amount))); err != nil {
		return err
	}
	to, err := k.env.AddressCodec.BytesToString(p.to)
	if err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventRewardsClaimed{Claimant: claimant, Recipient: to, Amount: p.amount})
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
