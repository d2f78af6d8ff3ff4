package staking

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// ProcessExits handles the exits that are due at block time now, at most
// max_exits_per_block of them: unlocking nodes leave the split and their
// stakes go back; deregistered nodes' stakes go back less the penalty. It
// reads only the due part of the time-ordered queue. A failing exit is
// logged and retried next block; it never fails the block.
func (k *Keeper) ProcessExits(ctx context.Context) error {
	return k.env.RunDue(ctx, k.ExitQueue, k.env.Now(ctx), k.maxPerBlock(ctx), "node exit", k.exit)
}

// maxPerBlock reads max_exits_per_block, which bounds the exits and the fee
// changes a block applies.
func (k *Keeper) maxPerBlock(ctx context.Context) func() (uint32, error) {
	return func() (uint32, error) {
		params, err := k.env.GetParams(ctx)
		return params.MaxExitsPerBlock, err
	}
}

// exit returns a due node's stakes and removes it.
func (k *Keeper) exit(ctx context.Context, key collections.Pair[int64, string]) error {
	if err := k.ExitQueue.Remove(ctx, key); err != nil {
		return err
	}
	node, err := k.Nodes.Get(ctx, key.K2())
	if errors.Is(err, collections.ErrNotFound) {
		// A stale entry: drop it rather than retry it every block.
		k.env.Logger.Error("exit queue names an unknown node; entry dropped", "node", key.K2())
		return nil
	}
	if err != nil {
		return err
	}
	// An unlocking node served until now; one decommissioned while
	// unlocking leaves its credit queue.
	if err := k.liveness.Stop(ctx, node); err != nil {
		return err
	}
	if err := k.rewards.StopEarning(ctx, &node); err != nil {
		return err
	}
	// Unlock and deregistration cancel a pending raise already; this one
	// catches any left (a state from before they did), so that no queued
	// change outlives its node.
	if err := k.cancelFeeChange(ctx, &node, cancelByExited); err != nil {
		return err
	}
	contribs, err := k.NodeContributions(ctx, node)
	if err != nil {
		return err
	}
	// The rewards first, split by the stakes the node earned with.
	stakes, err := k.stakesOf(contribs)
	if err != nil {
		return err
	}
	if err := k.rewards.CreditFinalShares(ctx, node, stakes); err != nil {
		return err
	}
	penalty := math.ZeroInt()
	if node.Status == types.NODE_STATUS_DEREGISTERED && !node.ExitPenalty.IsNil() {
		// Fixed at deregistration, and never more than the operator's stake.
		penalty = math.MinInt(node.ExitPenalty, contribs[0].Amount)
		contribs[0].Amount = contribs[0].Amount.Sub(penalty)
		if penalty.IsPositive() {
			if err := k.pool.FundFromModule(ctx, types.ModuleName, penalty, rewardpooltypes.SourcePenalty); err != nil {
				return err
			}
			if err := k.totals.AddPenalty(ctx, contribs[0].Addr, penalty); err != nil {
				return err
			}
		}
	}
	returned := math.ZeroInt()
	for _, c := range contribs {
		if err := k.refund(ctx, c, c.Amount); err != nil {
			return err
		}
		returned = returned.Add(c.Amount)
	}
	if err := k.addStaked(ctx, node.TotalStaked.Neg()); err != nil {
		return err
	}
	if err := k.remember(ctx, node, removalReason(node.Status), penalty); err != nil {
		return err
	}
	if err := k.removeNode(ctx, node); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventNodeExited{Pubkey: node.Pubkey, Returned: returned, Penalty: penalty})
}
