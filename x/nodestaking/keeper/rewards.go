package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

var _ rewardpooltypes.EmissionRecipient = Keeper{}

// EmissionModuleAccount implements rewardpool's EmissionRecipient: the
// emission is sent to this module's account.
func (Keeper) EmissionModuleAccount() string { return types.ModuleName }

// CanReceiveEmission implements EmissionRecipient: only when a node earns.
func (k Keeper) CanReceiveEmission(ctx context.Context) (bool, error) {
	st, err := k.Rewards.Get(ctx)
	return st.EarningNodes > 0, err
}

// OnEmission implements EmissionRecipient. It splits the block's emission
// equally between the earning nodes by raising the global reward index by
// each node's share; nodes are settled lazily, so this is O(1) whatever the
// number of nodes. What does not divide evenly is carried to the next block.
func (k Keeper) OnEmission(ctx context.Context, amount math.Int) error {
	st, err := k.Rewards.Get(ctx)
	if err != nil {
		return err
	}
	if st.EarningNodes == 0 {
		return errors.New("no earning node to receive the emission")
	}
	st.Distribute(amount)
	return k.Rewards.Set(ctx, st)
}

// settle credits what an earning node has earned since its last settlement,
// up to the reward index of st (the caller read it), to its contributors
// (operator fee first, then pro rata) and moves its index snapshot up. It
// touches at most max_contributors accounts. A claim passes its claimant
// as payee: payee's share is returned, for the claim to pay at once,
// instead of credited. The caller saves the node.
func (k Keeper) settle(ctx context.Context, node *types.Node, st types.RewardState, payee sdk.AccAddress) (math.Int, error) {
	accrued := st.RewardIndex.Sub(node.RewardIndex)
	node.RewardIndex = st.RewardIndex
	if !accrued.IsPositive() {
		return math.ZeroInt(), nil
	}
	contribs, err := k.nodeContributions(ctx, *node)
	if err != nil {
		return math.Int{}, err
	}
	shares := types.SplitReward(accrued, node.FeeBps, stakesOf(contribs))
	paid := math.ZeroInt()
	for i, c := range contribs {
		if payee != nil && c.addr.Equals(payee) {
			paid = paid.Add(shares[i])
			continue
		}
		if err := k.credit(ctx, c.addr, shares[i]); err != nil {
			return math.Int{}, err
		}
	}
	return paid, nil
}

// pendingFor returns what addr's share of an earning node's unsettled
// reward is, without changing state.
func (k Keeper) pendingFor(ctx context.Context, node types.Node, addr sdk.AccAddress) (math.Int, error) {
	if !node.Earning() {
		return math.ZeroInt(), nil
	}
	st, err := k.Rewards.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	accrued := st.RewardIndex.Sub(node.RewardIndex)
	if !accrued.IsPositive() {
		return math.ZeroInt(), nil
	}
	contribs, err := k.nodeContributions(ctx, node)
	if err != nil {
		return math.Int{}, err
	}
	shares := types.SplitReward(accrued, node.FeeBps, stakesOf(contribs))
	for i, c := range contribs {
		if c.addr.Equals(addr) {
			return shares[i], nil
		}
	}
	return math.ZeroInt(), nil
}

// credit adds amount to addr's claimable rewards.
func (k Keeper) credit(ctx context.Context, addr sdk.AccAddress, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	owed, err := k.Claimable.Get(ctx, addr)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		owed = math.ZeroInt()
	case err != nil:
		return err
	}
	return k.Claimable.Set(ctx, addr, owed.Add(amount))
}
