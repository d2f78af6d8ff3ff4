package liveness

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Process runs the liveness deadlines that are due, at most
// max_liveness_per_block of each kind: active nodes without a recent proof
// fail; decommissioned nodes whose credit ran out are deregistered. Each
// runs in a branch of the state; a failing one is logged and retried next
// block. A block with nothing due reads two empty ranges and the period
// seed, and allocates no handler.
func (k *Keeper) Process(ctx context.Context) error {
	if err := k.tickPeriod(ctx); err != nil {
		return err
	}
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	for _, creditQueue := range []bool{false, true} {
		queue := k.ProofDeadlines
		if creditQueue {
			queue = k.CreditRunsOut
		}
		// A proof deadline fails its node, a credit running out deregisters it.
		var params types.Params
		limit := func() (uint32, error) {
			var err error
			params, err = k.env.GetParams(ctx)
			return params.MaxLivenessPerBlock, err
		}
		err := k.env.RunDue(ctx, queue, now, limit, "liveness deadline", func(ctx context.Context, key collections.Pair[int64, string]) error {
			if err := queue.Remove(ctx, key); err != nil {
				return err
			}
			if creditQueue {
				return k.creditExhausted(ctx, key.K2())
			}
			return k.proofTimedOut(ctx, key.K2(), params)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// nodeIn returns a node if it exists with the given status; a stale queue
// entry (a node gone or in another state) gives false.
func (k *Keeper) nodeIn(ctx context.Context, pubkey string, status types.NodeStatus) (bool, error) {
	node, err := k.staking.GetNode(ctx, pubkey)
	if errors.Is(err, types.ErrNodeNotFound) {
		return false, nil
	}
	return err == nil && node.Status == status, err
}

// serving reports whether a node exists and serves (active or unlocking);
// a stale queue entry gives false.
func (k *Keeper) serving(ctx context.Context, pubkey string) (bool, error) {
	node, err := k.staking.GetNode(ctx, pubkey)
	if errors.Is(err, types.ErrNodeNotFound) {
		return false, nil
	}
	return err == nil && node.Status.Serving(), err
}

// proofTimedOut fails a serving node whose proof deadline passed.
func (k *Keeper) proofTimedOut(ctx context.Context, pubkey string, params types.Params) error {
	if ok, err := k.serving(ctx, pubkey); err != nil || !ok {
		return err
	}
	rec, err := k.record(ctx, pubkey)
	if err != nil {
		return err
	}
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	if now.Before(proofDeadline(rec, params)) {
		// The timeout was raised since: wait for the new deadline.
		return k.ProofDeadlines.Set(ctx, env.QueueKey(proofDeadline(rec, params), pubkey))
	}
	return k.fail(ctx, pubkey, rec, params, reasonProofTimeout)
}

// creditExhausted deregisters a decommissioned node whose credit ran out.
func (k *Keeper) creditExhausted(ctx context.Context, pubkey string) error {
	if ok, err := k.nodeIn(ctx, pubkey, types.NODE_STATUS_DECOMMISSIONED); err != nil || !ok {
		return err
	}
	if err := k.env.Emit(ctx, &types.EventNodeFailed{Pubkey: pubkey, Reason: reasonCreditExhausted}); err != nil {
		return err
	}
	return k.staking.Deregister(ctx, pubkey)
}
