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

// settle records in node.Earned what an earning node has earned since its
// last settlement, up to the reward index of st (the caller read it), and
// moves its index snapshot up; the caller saves the node. A node is settled
// when it stops earning; its contributors' shares are paid by their claims
// (takeShare) and, for the rest, when its stakes are returned
// (creditFinalShares).
func settle(node *types.Node, st types.RewardState) {
	node.Earned = node.EarnedTotal(st.RewardIndex)
	node.RewardIndex = st.RewardIndex
}

// shareOwed returns what a node owes one contributor now: its entitlement
// to everything the node has earned (total) less what it took before, and
// the entitlement. addrStr is addr in bech32, to recognise the operator.
func (k Keeper) shareOwed(ctx context.Context, node types.Node, addr sdk.AccAddress, addrStr string, total math.Int) (owed, entitled math.Int, err error) {
	key := contribKey(node.Pubkey, addr)
	c, err := k.Contributions.Get(ctx, key)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	taken, err := k.taken(ctx, key)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	entitled = types.Entitlement(total, node.FeeBps, c.Amount, node.TotalStaked, node.Operator == addrStr)
	if owed = entitled.Sub(taken); owed.IsNegative() {
		owed = math.ZeroInt()
	}
	return owed, entitled, nil
}

// takeShare returns what a node owes a claimant now and records it as
// taken. It reads and writes the claimant's records only: the node and the
// other contributors stay as they are.
func (k Keeper) takeShare(ctx context.Context, node types.Node, addr sdk.AccAddress, addrStr string, total math.Int) (math.Int, error) {
	owed, entitled, err := k.shareOwed(ctx, node, addr, addrStr, total)
	if err != nil || !owed.IsPositive() {
		return owed, err
	}
	return owed, k.RewardsTaken.Set(ctx, contribKey(node.Pubkey, addr), entitled)
}

// creditFinalShares credits each contributor of a node whose stakes are
// returned what it has not taken of its final share: SplitReward of all the
// node earned, which gives the operator what the roundings of the shares
// leave. The node is settled (stopEarning); contribs are its contributions
// with the stakes it earned with, the operator's first.
func (k Keeper) creditFinalShares(ctx context.Context, node types.Node, contribs []contrib) error {
	earned := node.EarnedTotal(node.RewardIndex) // settled: nothing since
	if !earned.IsPositive() {
		return nil
	}
	shares := types.SplitReward(earned, node.FeeBps, stakesOf(contribs))
	for i, c := range contribs {
		taken, err := k.taken(ctx, contribKey(node.Pubkey, c.addr))
		if err != nil {
			return err
		}
		if err := k.credit(ctx, c.addr, shares[i].Sub(taken)); err != nil {
			return err
		}
	}
	return nil
}

// taken returns what a contributor has taken of its node's rewards.
func (k Keeper) taken(ctx context.Context, key collections.Pair[string, sdk.AccAddress]) (math.Int, error) {
	taken, err := k.RewardsTaken.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return math.ZeroInt(), nil
	}
	return taken, err
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
