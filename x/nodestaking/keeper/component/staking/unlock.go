package staking

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// RequestUnlock starts an active node's exit: it keeps earning, and owes
// its uptime proofs and its quorum duties, until unlock_delay from now, then
// leaves and its stakes go back. A node whose proof is overdue cannot
// unlock. The message passed ValidateBasic.
func (k *Keeper) RequestUnlock(ctx context.Context, msg *types.MsgRequestUnlock) error {
	m, err := k.readContributorMsg(ctx, msg.Pubkey, "requester", msg.Requester,
		types.NODE_STATUS_ACTIVE, "node is %s: only an active node can be unlocked")
	if err != nil {
		return err
	}
	nodeKey, requester, node, c, params := m.nodeKey, m.addr, m.node, m.contrib, m.params
	now := k.env.Now(ctx)
	operator, err := k.address("operator", node.Operator)
	if err != nil {
		return err
	}
	// The operator may always unlock; other contributors under the
	// threshold wait out the node's first small_contributor_lock, unless a
	// higher fee is pending: the unlock is how they refuse it.
	small := c.Amount.MulRaw(types.BasisPoints).LT(node.TotalStaked.MulRaw(int64(params.SmallContributorBps))) &&
		!requester.Equals(operator) && !node.FeeChangePending()
	if allowed := node.ActivatedAt.Add(params.SmallContributorLock); small && now.Before(allowed) {
		return errorsmod.Wrapf(types.ErrTooEarly,
			"a contributor with under %d bps of the stake may request an unlock from %s", params.SmallContributorBps, allowed.UTC().Format("2006-01-02T15:04:05Z"))
	}
	// A leaving node serves until it exits: it stays in liveness, where it
	// can still be decommissioned or deregistered.
	if err := k.liveness.CheckUnlock(ctx, nodeKey); err != nil {
		return err
	}
	if err := k.liveness.SettleUnlock(ctx, nodeKey); err != nil {
		return err
	}
	// A leaving node's contributors keep the fee they joined at.
	if err := k.cancelFeeChange(ctx, &node, cancelByUnlock); err != nil {
		return err
	}
	exit := now.Add(params.UnlockDelay)
	node.Status = types.NODE_STATUS_UNLOCKING
	node.ExitTime = &exit
	if err := k.ExitQueue.Set(ctx, env.QueueKey(exit, node.Pubkey)); err != nil {
		return err
	}
	if err := k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventUnlockRequested{Pubkey: nodeKey, Requester: msg.Requester, ExitTime: exit})
}
