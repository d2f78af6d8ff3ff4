package staking

import (
	"context"
	"encoding/hex"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Reasons a pending fee change is cancelled (EventFeeChangeCancelled). A
// raise is pending so that contributors can leave first (an unlock request
// cancels it); a node that is decommissioned, deregistered or exits is one
// they cannot leave by unlock, so the raise goes with it: a node
// recommissioned later raises its fee again, with a new notice.
const (
	cancelByOperator       = "operator"
	cancelByUnlock         = "unlock"
	cancelByDeregistered   = "deregistered"
	cancelByDecommissioned = "decommissioned"
	cancelByExited         = "exited"
)

// ChangeFee changes a node's operator fee for its operator and returns when
// the new fee applies. A node awaiting contributions takes it at once (it
// has earned nothing; its contributors see the fee before it activates and
// may withdraw), as does an active node for a lower fee. A higher fee on an
// active node applies fee_change_notice from now (replacing a pending one),
// so that its contributors can request an unlock, which cancels it; asking
// for the fee in force cancels a pending change. Whenever the fee changes,
// what the node earned before keeps the old fee (types.Node.ChangeFee).
// The message passed ValidateBasic.
func (k *Keeper) ChangeFee(ctx context.Context, msg *types.MsgChangeFee) (time.Time, error) {
	nodeKey := hex.EncodeToString(msg.Pubkey)
	node, _, err := k.operatedNode(ctx, nodeKey, msg.Operator)
	if err != nil {
		return time.Time{}, err
	}
	now := k.env.Now(ctx)
	if node.Status != types.NODE_STATUS_AWAITING && node.Status != types.NODE_STATUS_ACTIVE {
		return time.Time{}, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: only a node awaiting contributions or active changes its fee", node.Status)
	}
	if msg.FeeBps == node.FeeBps && !node.FeeChangePending() {
		return time.Time{}, errorsmod.Wrapf(types.ErrInvalidFee, "the fee is %d bps already and no change is pending", node.FeeBps)
	}
	// Others staked at the fee in force: a raise at once would activate
	// them at a fee they never saw (the operator can fill the node in the
	// same transaction). They leave by withdrawing, not by notice.
	if node.Status == types.NODE_STATUS_AWAITING && msg.FeeBps > node.FeeBps && node.Contributors > 1 {
		return time.Time{}, errorsmod.Wrapf(types.ErrInvalidFee,
			"%d contributors besides the operator staked at %d bps: a node awaiting contributions raises its fee only before anyone else stakes",
			node.Contributors-1, node.FeeBps)
	}
	if err := k.cancelFeeChange(ctx, &node, cancelByOperator); err != nil {
		return time.Time{}, err
	}
	at := now
	switch {
	case msg.FeeBps == node.FeeBps: // the cancellation was all
	case node.Status == types.NODE_STATUS_AWAITING || msg.FeeBps < node.FeeBps:
		if err := k.applyFee(ctx, &node, msg.FeeBps); err != nil {
			return time.Time{}, err
		}
	default:
		if at, err = k.scheduleFee(ctx, &node, msg.FeeBps); err != nil {
			return time.Time{}, err
		}
	}
	return at, k.Nodes.Set(ctx, nodeKey, node)
}

// scheduleFee records a higher fee that applies fee_change_notice from now
// and queues the node for then. The caller saves the node.
func (k *Keeper) scheduleFee(ctx context.Context, node *types.Node, feeBps uint32) (time.Time, error) {
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return time.Time{}, err
	}
	at := k.env.Now(ctx).Add(params.FeeChangeNotice)
	node.PendingFeeBps = feeBps
	node.FeeChangeAt = &at
	if err := k.FeeChangeQueue.Set(ctx, env.QueueKey(at, node.Pubkey)); err != nil {
		return time.Time{}, err
	}
	return at, k.env.Emit(ctx, &types.EventFeeChangeScheduled{Pubkey: node.Pubkey, FeeBps: node.FeeBps, NewFeeBps: feeBps, EffectiveAt: at})
}

// applyFee puts feeBps in force now: the node is settled first, so that
// everything it earned up to this block keeps the fee it was earned at.
// The caller saves the node.
func (k *Keeper) applyFee(ctx context.Context, node *types.Node, feeBps uint32) error {
	earned, err := k.rewards.SettleEarned(ctx, node)
	if err != nil {
		return err
	}
	old := node.FeeBps
	node.ChangeFee(earned, feeBps)
	return k.env.Emit(ctx, &types.EventFeeChanged{Pubkey: node.Pubkey, OldFeeBps: old, FeeBps: feeBps})
}

// cancelFeeChange drops a node's pending fee change, if it has one, and
// takes it out of the queue. The caller saves the node.
func (k *Keeper) cancelFeeChange(ctx context.Context, node *types.Node, reason string) error {
	if !node.FeeChangePending() {
		return nil
	}
	if err := k.FeeChangeQueue.Remove(ctx, env.QueueKey(*node.FeeChangeAt, node.Pubkey)); err != nil {
		return err
	}
	pending := node.PendingFeeBps
	node.PendingFeeBps, node.FeeChangeAt = 0, nil
	return k.env.Emit(ctx, &types.EventFeeChangeCancelled{Pubkey: node.Pubkey, PendingFeeBps: pending, Reason: reason})
}

// ProcessFeeChanges applies the fee changes due at block time now, at most
// max_exits_per_block of them (the rest in the next blocks, at the old fee
// until then), reading only the due part of the queue. Each node is settled
// at its old fee first. A failing change is logged and retried next block.
func (k *Keeper) ProcessFeeChanges(ctx context.Context) error {
	return k.env.RunDue(ctx, k.FeeChangeQueue, k.env.Now(ctx), k.maxPerBlock(ctx), "fee change", k.dueFee)
}

// dueFee applies one due fee change.
func (k *Keeper) dueFee(ctx context.Context, key collections.Pair[int64, string]) error {
	if err := k.FeeChangeQueue.Remove(ctx, key); err != nil {
		return err
	}
	node, err := k.GetNode(ctx, key.K2())
	if err != nil {
		return err
	}
	if !node.FeeChangePending() {
		return nil
	}
	if err := k.applyFee(ctx, &node, node.PendingFeeBps); err != nil {
		return err
	}
	return k.Nodes.Set(ctx, node.Pubkey, node)
}
