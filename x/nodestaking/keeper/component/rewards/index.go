package rewards

import (
	"context"
	"errors"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// CanReceiveEmission reports whether a node earns, so that the pool's
// emission has somewhere to go.
func (k *Keeper) CanReceiveEmission(ctx context.Context) (bool, error) {
	st, err := k.State.Get(ctx)
	return st.EarningNodes > 0, err
}

// OnEmission splits a block's emission equally between the earning nodes by
// raising the global reward index by each node's share; nodes are settled
// lazily, so this is O(1) whatever the number of nodes. What does not
// divide evenly is carried to the next block.
func (k *Keeper) OnEmission(ctx context.Context, amount math.Int) error {
	st, err := k.State.Get(ctx)
	if err != nil {
		return err
	}
	if st.EarningNodes == 0 {
		return errors.New("no earning node to receive the emission")
	}
	st.Distribute(amount)
	return k.State.Set(ctx, st)
}

// StartEarning puts a node into the equal split from this block on: its
// index snapshot is the index now. The snapshot comes before the carry is
// spread: a node that starts earning when none earned receives the carry
// left by the last one to stop. The caller saves the node.
func (k *Keeper) StartEarning(ctx context.Context, node *types.Node) error {
	st, err := k.State.Get(ctx)
	if err != nil {
		return err
	}
	node.RewardIndex = st.RewardIndex
	st.EarningNodes++
	st.SpreadCarry()
	return k.State.Set(ctx, st)
}

// StopEarning settles an earning node and takes it out of the equal split;
// the carry is spread over the nodes that still earn. A node that does not
// earn is left as it is. The caller saves the node.
func (k *Keeper) StopEarning(ctx context.Context, node *types.Node) error {
	if !node.Earning() {
		return nil
	}
	st, err := k.State.Get(ctx)
	if err != nil {
		return err
	}
	Settle(node, st)
	if st.EarningNodes == 0 {
		return errors.New("earning node count would go below zero")
	}
	st.EarningNodes--
	st.SpreadCarry()
	return k.State.Set(ctx, st)
}

// SettleEarned settles an earning node up to the index now (a node that
// does not earn was settled when it stopped) and returns everything it has
// earned. The node goes on earning; the caller saves it.
func (k *Keeper) SettleEarned(ctx context.Context, node *types.Node) (math.Int, error) {
	if node.Earning() {
		st, err := k.State.Get(ctx)
		if err != nil {
			return math.Int{}, err
		}
		Settle(node, st)
		return node.Earned, nil
	}
	return node.EarnedTotal(math.ZeroInt()), nil // not earning: the index does not count
}

// Index returns the global reward index now.
func (k *Keeper) Index(ctx context.Context) (math.Int, error) {
	st, err := k.State.Get(ctx)
	return st.RewardIndex, err
}

// Settle records in node.Earned what an earning node has earned since its
// last settlement, up to the reward index of st, and moves its index
// snapshot up; the caller saves the node. A node is settled when it stops
// earning; its contributors' shares are paid by their claims (TakeShare)
// and, for the rest, when its stakes are returned (CreditFinalShares).
func Settle(node *types.Node, st types.RewardState) {
	node.Earned = node.EarnedTotal(st.RewardIndex)
	node.RewardIndex = st.RewardIndex
}
