package staking

import (
	"context"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The history of removed nodes: when a node's stakes have gone back and it
// is removed, one RemovedNode record keeps who ran it, on what terms, how
// and when it left and what it earned (consensus version 6 on; nodes
// removed before have no record). Records are kept for good, as the used
// node keys are: one small record for each node key, which registers once.

// remember records a node that is being removed (before removeNode): why,
// and the penalty taken from its stakes.
func (k *Keeper) remember(ctx context.Context, node types.Node, reason types.RemovalReason, penalty math.Int) error {
	earned := node.Earned
	if earned.IsNil() {
		earned = math.ZeroInt()
	}
	return k.RemovedNodes.Set(ctx, node.Pubkey, types.RemovedNode{
		Pubkey:        node.Pubkey,
		Operator:      node.Operator,
		FeeBps:        node.FeeBps,
		Reason:        reason,
		RegisteredAt:  node.RegisteredAt,
		ActivatedAt:   node.ActivatedAt,
		RemovedAt:     k.env.Now(ctx),
		RemovedHeight: k.env.Height(ctx),
		TotalStaked:   node.TotalStaked,
		Earned:        earned,
		Penalty:       penalty,
		Contributors:  node.Contributors,
	})
}

// removalReason is how a node with status leaves once its stakes are back.
func removalReason(status types.NodeStatus) types.RemovalReason {
	if status == types.NODE_STATUS_DEREGISTERED {
		return types.REMOVAL_REASON_DEREGISTERED
	}
	return types.REMOVAL_REASON_EXITED
}
