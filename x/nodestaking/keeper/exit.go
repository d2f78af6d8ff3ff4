package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func contribKey(pubkey string, addr sdk.AccAddress) collections.Pair[string, sdk.AccAddress] {
	return collections.Join(pubkey, addr)
}

// queueKey is a node's key in a time-ordered queue (exits, proof deadlines,
// credit exhaustion): unix nanoseconds first, so iteration goes by time.
func queueKey(t time.Time, pubkey string) collections.Pair[int64, string] {
	return collections.Join(t.UnixNano(), pubkey)
}

// contributionOf loads addr's contribution to a node or returns ErrNotContributor.
func (k Keeper) contributionOf(ctx context.Context, pubkey string, addr sdk.AccAddress) (types.Contribution, error) {
	c, err := k.Contributions.Get(ctx, contribKey(pubkey, addr))
	if errors.Is(err, collections.ErrNotFound) {
		return c, errorsmod.Wrapf(types.ErrNotContributor, "%s has no stake in node %s", addr, pubkey)
	}
	return c, err
}

// Deregister removes a node for misbehaviour (governance, a quorum, or
// failing without enough credit): it stops earning now and its stakes are
// returned after deregistration_lock, less the penalty.
func (k Keeper) Deregister(ctx context.Context, pubkey string) error {
	node, err := k.getNode(ctx, pubkey)
	if err != nil {
		return err
	}
	if node.Status == types.NODE_STATUS_DEREGISTERED {
		return errorsmod.Wrap(types.ErrWrongStatus, "node is already deregistered")
	}
	params, err := k.getParams(ctx)
	if err != nil {
		return err
	}
	if err := k.stopLiveness(ctx, &node, params); err != nil {
		return err
	}
	if err := k.stopEarning(ctx, &node); err != nil {
		return err
	}
	if node.ExitTime != nil {
		if err := k.ExitQueue.Remove(ctx, queueKey(*node.ExitTime, pubkey)); err != nil {
			return err
		}
	}
	if node.Status == types.NODE_STATUS_DECOMMISSIONED {
		if err := k.addDecommissioned(ctx, -1); err != nil {
			return err
		}
		// Only a decommissioned node has a decommission time: an export
		// that kept it would not import again.
		node.DecommissionedAt = nil
	}
	exit := k.now(ctx).Add(params.DeregistrationLock)
	node.Status = types.NODE_STATUS_DEREGISTERED
	node.ExitTime = &exit
	if err := k.ExitQueue.Set(ctx, queueKey(exit, pubkey)); err != nil {
		return err
	}
	if err := k.Nodes.Set(ctx, pubkey, node); err != nil {
		return err
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeDeregistered{
		Pubkey: pubkey, ExitTime: exit,
	})
}

// Claim pays addr everything it is owed: its share of what each of its
// nodes has earned, less what it took before, and what was credited to it
// when a node's stakes were returned. Only addr's own records change.
func (k Keeper) Claim(ctx context.Context, addr sdk.AccAddress) (math.Int, error) {
	addrStr, err := k.addressCodec.BytesToString(addr)
	if err != nil {
		return math.Int{}, err
	}
	it, err := k.Contributions.Indexes.ByContributor.MatchExact(ctx, addr)
	if err != nil {
		return math.Int{}, err
	}
	pubkeys, err := it.PrimaryKeys()
	if err != nil {
		return math.Int{}, err
	}
	st, err := k.Rewards.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	owed := math.ZeroInt()
	for _, pk := range pubkeys {
		node, err := k.Nodes.Get(ctx, pk.K1())
		if err != nil {
			return math.Int{}, err
		}
		share, err := k.takeShare(ctx, node, addr, addrStr, node.EarnedTotal(st.RewardIndex))
		if err != nil {
			return math.Int{}, err
		}
		owed = owed.Add(share)
	}
	credited, err := k.Claimable.Get(ctx, addr)
	switch {
	case errors.Is(err, collections.ErrNotFound):
	case err != nil:
		return math.Int{}, err
	default:
		owed = owed.Add(credited)
		if err := k.Claimable.Remove(ctx, addr); err != nil {
			return math.Int{}, err
		}
	}
	if !owed.IsPositive() {
		return math.Int{}, errorsmod.Wrapf(types.ErrNothingToClaim, "%s has no rewards", addr)
	}
	if err := k.refund(ctx, addr, owed); err != nil {
		return math.Int{}, err
	}
	claimed, err := k.TotalClaimed.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	if err := k.TotalClaimed.Set(ctx, claimed.Add(owed)); err != nil {
		return math.Int{}, err
	}
	return owed, k.eventService.EventManager(ctx).Emit(ctx, &types.EventRewardsClaimed{Claimant: addrStr, Amount: owed})
}

// ProcessExits handles the exits that are due at block time now, at most
// max_exits_per_block of them: unlocking nodes leave the split and their
// stakes go back; deregistered nodes' stakes go back less the penalty. It
// reads only the due part of the time-ordered queue. A failing exit is
// logged and retried next block; it never fails the block.
func (k Keeper) ProcessExits(ctx context.Context) error {
	due, params, err := k.dueKeys(ctx, k.ExitQueue, k.now(ctx), func(p types.Params) uint32 { return p.MaxExitsPerBlock })
	if err != nil || len(due) == 0 {
		return err
	}
	for _, key := range due {
		if err := branch.Run(ctx, func(ctx context.Context) error { return k.exit(ctx, key, params) }); err != nil {
			k.logger.Error("node exit failed; retrying next block", "node", key.K2(), "err", err)
		}
	}
	return nil
}

// exit returns a due node's stakes and removes it.
func (k Keeper) exit(ctx context.Context, key collections.Pair[int64, string], params types.Params) error {
	if err := k.ExitQueue.Remove(ctx, key); err != nil {
		return err
	}
	node, err := k.Nodes.Get(ctx, key.K2())
	if errors.Is(err, collections.ErrNotFound) {
		// A stale entry: drop it rather than retry it every block.
		k.logger.Error("exit queue names an unknown node; entry dropped", "node", key.K2())
		return nil
	}
	if err != nil {
		return err
	}
	if err := k.stopEarning(ctx, &node); err != nil {
		return err
	}
	contribs, err := k.nodeContributions(ctx, node)
	if err != nil {
		return err
	}
	// The rewards first, split by the stakes the node earned with.
	if err := k.creditFinalShares(ctx, node, contribs); err != nil {
		return err
	}
	penalty := math.ZeroInt()
	if node.Status == types.NODE_STATUS_DEREGISTERED {
		penalty = math.MinInt(types.MulBps(node.TotalStaked, params.DeregistrationPenaltyBps), contribs[0].Amount)
		contribs[0].Amount = contribs[0].Amount.Sub(penalty)
		if penalty.IsPositive() {
			if err := k.rewardPool.FundFromModule(ctx, types.ModuleName, penalty, rewardpooltypes.SourcePenalty); err != nil {
				return err
			}
		}
	}
	returned := math.ZeroInt()
	for _, c := range contribs {
		if err := k.refund(ctx, c.addr, c.Amount); err != nil {
			return err
		}
		returned = returned.Add(c.Amount)
	}
	if err := k.addStaked(ctx, node.TotalStaked.Neg()); err != nil {
		return err
	}
	if err := k.removeNode(ctx, node); err != nil {
		return err
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeExited{
		Pubkey: node.Pubkey, Returned: returned, Penalty: penalty,
	})
}
