package staking

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Decommission takes a serving node out of the equal split: it stays
// registered with its stakes and earns nothing until it is recommissioned.
// A node decommissioned while unlocking keeps its exit time and leaves then
// (unless its credit runs out first). The liveness component, which decides
// it, keeps the rest of the record. A pending fee raise is cancelled: the
// contributors cannot request an unlock of a decommissioned node, so the
// notice they were given to leave is void.
func (k *Keeper) Decommission(ctx context.Context, pubkey string) error {
	node, err := k.GetNode(ctx, pubkey)
	if err != nil {
		return err
	}
	if !node.Status.Serving() {
		return errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: only an active or unlocking node is decommissioned", node.Status)
	}
	if err := k.rewards.StopEarning(ctx, &node); err != nil {
		return err
	}
	if err := k.cancelFeeChange(ctx, &node, cancelByDecommissioned); err != nil {
		return err
	}
	node.Status = types.NODE_STATUS_DECOMMISSIONED
	return k.Nodes.Set(ctx, pubkey, node)
}

// Recommission makes a decommissioned node serve again: it earns from this
// block on, keeping its activation time; a node that was unlocking when it
// went down (it kept its exit time) is unlocking again.
func (k *Keeper) Recommission(ctx context.Context, pubkey string) error {
	node, err := k.GetNode(ctx, pubkey)
	if err != nil {
		return err
	}
	if node.Status != types.NODE_STATUS_DECOMMISSIONED {
		return errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: only a decommissioned node is recommissioned", node.Status)
	}
	node.Status = types.NODE_STATUS_ACTIVE
	if node.ExitTime != nil {
		node.Status = types.NODE_STATUS_UNLOCKING
	}
	if err := k.rewards.StartEarning(ctx, &node); err != nil {
		return err
	}
	return k.Nodes.Set(ctx, pubkey, node)
}

// Deregister removes a node for misbehaviour (governance, a quorum, or
// failing without enough credit): it stops earning now and its stakes are
// returned after deregistration_lock, less the penalty.
func (k *Keeper) Deregister(ctx context.Context, pubkey string) error {
	node, err := k.GetNode(ctx, pubkey)
	if err != nil {
		return err
	}
	if node.Status == types.NODE_STATUS_DEREGISTERED {
		return errorsmod.Wrap(types.ErrWrongStatus, "node is already deregistered")
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	if err := k.liveness.Stop(ctx, node); err != nil {
		return err
	}
	if err := k.rewards.StopEarning(ctx, &node); err != nil {
		return err
	}
	if err := k.cancelFeeChange(ctx, &node, cancelByDeregistered); err != nil {
		return err
	}
	if node.ExitTime != nil {
		if err := k.ExitQueue.Remove(ctx, env.QueueKey(*node.ExitTime, pubkey)); err != nil {
			return err
		}
	}
	exit := k.env.Now(ctx).Add(params.DeregistrationLock)
	node.Status = types.NODE_STATUS_DEREGISTERED
	node.ExitTime = &exit
	// The terms of the exit are those of now: a later change of the params
	// does not reach a node already deregistered.
	node.ExitPenalty = types.MulBps(node.TotalStaked, params.DeregistrationPenaltyBps)
	if err := k.ExitQueue.Set(ctx, env.QueueKey(exit, pubkey)); err != nil {
		return err
	}
	if err := k.Nodes.Set(ctx, pubkey, node); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventNodeDeregistered{Pubkey: pubkey, ExitTime: exit})
}
