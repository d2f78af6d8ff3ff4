package keeper

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Failure reasons, as events and logs give them.
const (
	reasonProofTimeout    = "uptime proof timeout"
	reasonQuorumVote      = "quorum vote"
	reasonCreditExhausted = "credit exhausted"
	reasonUptimeProof     = "uptime proof"
)

// proofDeadline is when an active node that sends no proof is reported.
func proofDeadline(node types.Node, params types.Params) time.Time {
	return node.LastProofAt.Add(params.UptimeProofTimeout)
}

// startLiveness begins the liveness bookkeeping of a node that just became
// active: its proof clock starts now, with the initial credit, and it joins
// the active set quorums are drawn from. The caller saves the node.
func (k Keeper) startLiveness(ctx context.Context, node *types.Node, params types.Params) error {
	now := k.now(ctx)
	node.LastProofAt = &now
	node.Credit = params.InitialCredit
	node.CreditAt = &now
	node.DecommissionedAt = nil
	if err := k.ProofDeadlines.Set(ctx, queueKey(proofDeadline(*node, params), node.Pubkey)); err != nil {
		return err
	}
	return k.addActive(ctx, node.Pubkey)
}

// stopLiveness ends the bookkeeping of a node that leaves the active or
// decommissioned state (unlock, deregistration): it leaves the active set
// and both queues. Its credit is frozen where it stands.
func (k Keeper) stopLiveness(ctx context.Context, node *types.Node, params types.Params) error {
	switch node.Status {
	case types.NODE_STATUS_ACTIVE:
		if node.LastProofAt != nil {
			if err := k.ProofDeadlines.Remove(ctx, queueKey(proofDeadline(*node, params), node.Pubkey)); err != nil {
				return err
			}
		}
		if err := k.removeActive(ctx, node.Pubkey); err != nil {
			return err
		}
	case types.NODE_STATUS_DECOMMISSIONED:
		if err := k.CreditRunsOut.Remove(ctx, queueKey(creditRunsOut(*node), node.Pubkey)); err != nil {
			return err
		}
	default:
		return nil
	}
	now := k.now(ctx)
	node.Credit = node.CreditNow(now, params)
	node.CreditAt = &now
	return nil
}

// creditRunsOut is when a decommissioned node's credit is gone.
func creditRunsOut(node types.Node) time.Time {
	return node.CreditAt.Add(node.Credit)
}

// fail handles a node that failed its proofs or its quorum: with enough
// credit it is decommissioned, otherwise deregistered with the penalty.
func (k Keeper) fail(ctx context.Context, node types.Node, params types.Params, reason string) error {
	now := k.now(ctx)
	credit := node.CreditNow(now, params)
	if credit < params.MinDecommissionCredit {
		if err := k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeFailed{Pubkey: node.Pubkey, Reason: reason}); err != nil {
			return err
		}
		return k.Deregister(ctx, node.Pubkey)
	}
	if err := k.stopLiveness(ctx, &node, params); err != nil {
		return err
	}
	if err := k.stopEarning(ctx, &node); err != nil {
		return err
	}
	node.Status = types.NODE_STATUS_DECOMMISSIONED
	node.DecommissionedAt = &now
	if err := k.addDecommissioned(ctx, 1); err != nil {
		return err
	}
	if err := k.CreditRunsOut.Set(ctx, queueKey(creditRunsOut(node), node.Pubkey)); err != nil {
		return err
	}
	if err := k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return err
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeDecommissioned{
		Pubkey: node.Pubkey, Reason: reason, CreditSeconds: int64(credit / time.Second),
	})
}

// recommission brings a decommissioned node back: it earns again from now,
// with its credit less recommission_penalty times the time it was down.
func (k Keeper) recommission(ctx context.Context, node types.Node, params types.Params, reason string) error {
	now := k.now(ctx)
	if err := k.CreditRunsOut.Remove(ctx, queueKey(creditRunsOut(node), node.Pubkey)); err != nil {
		return err
	}
	// Credit at decommission is what the node had when it went down.
	atDown := node.Credit
	down := now.Sub(*node.DecommissionedAt)
	credit := atDown - time.Duration(params.RecommissionPenalty)*down
	if down > 0 && (credit < 0 || credit > atDown) { // the second test catches an overflow
		credit = 0
	}
	node.Status = types.NODE_STATUS_ACTIVE
	node.DecommissionedAt = nil
	if err := k.addDecommissioned(ctx, -1); err != nil {
		return err
	}
	if err := k.resumeEarning(ctx, &node); err != nil {
		return err
	}
	node.LastProofAt = &now
	node.Credit = credit
	node.CreditAt = &now
	if err := k.ProofDeadlines.Set(ctx, queueKey(proofDeadline(node, params), node.Pubkey)); err != nil {
		return err
	}
	if err := k.addActive(ctx, node.Pubkey); err != nil {
		return err
	}
	if err := k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return err
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeRecommissioned{
		Pubkey: node.Pubkey, Reason: reason, CreditSeconds: int64(credit / time.Second),
	})
}

// uptimeProof records a node's proof: the deadline moves, and a
// decommissioned node comes back.
func (k Keeper) uptimeProof(ctx context.Context, pubBytes []byte, seq uint64, sig []byte) (bool, error) {
	pubkey := hex.EncodeToString(pubBytes)
	node, err := k.getNode(ctx, pubkey)
	if err != nil {
		return false, err
	}
	if node.Status != types.NODE_STATUS_ACTIVE && node.Status != types.NODE_STATUS_DECOMMISSIONED {
		return false, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: only active and decommissioned nodes prove uptime", node.Status)
	}
	if seq != node.Proofs+1 {
		return false, errorsmod.Wrapf(types.ErrProofSequence, "want proof %d, got %d", node.Proofs+1, seq)
	}
	msg, err := types.UptimeProofSignBytes(k.headerService.GetHeaderInfo(ctx).ChainID, pubkey, seq)
	if err != nil {
		return false, err
	}
	if !types.VerifyNodeSignature(pubBytes, msg, sig) {
		return false, errorsmod.Wrap(types.ErrInvalidSignature, "not the node key's signature of this proof")
	}
	params, err := k.getParams(ctx)
	if err != nil {
		return false, err
	}
	now := k.now(ctx)
	if node.Status == types.NODE_STATUS_ACTIVE && node.LastProofAt != nil &&
		now.Sub(*node.LastProofAt) < params.UptimeProofInterval/2 {
		return false, errorsmod.Wrapf(types.ErrProofTooSoon, "last proof at %s; the next is accepted from %s",
			node.LastProofAt.UTC().Format(time.RFC3339), node.LastProofAt.Add(params.UptimeProofInterval/2).UTC().Format(time.RFC3339))
	}
	node.Proofs = seq
	if err := k.eventService.EventManager(ctx).Emit(ctx, &types.EventUptimeProof{Pubkey: pubkey, Seq: seq}); err != nil {
		return false, err
	}
	if node.Status == types.NODE_STATUS_DECOMMISSIONED {
		return true, k.recommission(ctx, node, params, reasonUptimeProof)
	}
	if node.LastProofAt != nil {
		if err := k.ProofDeadlines.Remove(ctx, queueKey(proofDeadline(node, params), pubkey)); err != nil {
			return false, err
		}
	}
	// Credit accrues by time active; settle it before the clock moves on.
	node.Credit = node.CreditNow(now, params)
	node.CreditAt = &now
	node.LastProofAt = &now
	if err := k.ProofDeadlines.Set(ctx, queueKey(proofDeadline(node, params), pubkey)); err != nil {
		return false, err
	}
	return false, k.saveNode(ctx, types.NODE_STATUS_ACTIVE, node)
}

// ProcessLiveness runs the liveness deadlines that are due, at most
// max_liveness_per_block of each kind: active nodes without a recent proof
// fail; decommissioned nodes whose credit ran out are deregistered. Each
// runs in a branch of the state; a failing one is logged and retried next
// block. A block with nothing due reads two empty ranges and the period
// seed, and allocates no handler.
func (k Keeper) ProcessLiveness(ctx context.Context) error {
	if err := k.ensurePeriodSeed(ctx); err != nil {
		return err
	}
	now := k.now(ctx)
	for _, creditQueue := range []bool{false, true} {
		queue := k.ProofDeadlines
		if creditQueue {
			queue = k.CreditRunsOut
		}
		due, params, err := k.dueKeys(ctx, queue, now, func(p types.Params) uint32 { return p.MaxLivenessPerBlock })
		if err != nil {
			return err
		}
		if len(due) > 0 {
			k.runDue(ctx, queue, due, params, creditQueue)
		}
	}
	return nil
}

// runDue handles the due keys of a liveness queue, each in a branch: a
// proof deadline fails its node, a credit running out deregisters it.
func (k Keeper) runDue(ctx context.Context, queue collections.KeySet[collections.Pair[int64, string]],
	due []collections.Pair[int64, string], params types.Params, creditQueue bool,
) {
	for _, key := range due {
		if err := branch.Run(ctx, func(ctx context.Context) error {
			if err := queue.Remove(ctx, key); err != nil {
				return err
			}
			if creditQueue {
				return k.creditExhausted(ctx, key.K2())
			}
			return k.proofTimedOut(ctx, key.K2(), params)
		}); err != nil {
			k.logger.Error("liveness deadline failed; retrying next block", "node", key.K2(), "err", err)
		}
	}
}

// dueKeys returns the keys of a time-ordered queue due at now, earliest
// first, at most limit(params) of them, with the params. When nothing is due
// it reads nothing else: the common block costs one empty range read.
func (k Keeper) dueKeys(ctx context.Context, queue collections.KeySet[collections.Pair[int64, string]], now time.Time,
	limit func(types.Params) uint32,
) ([]collections.Pair[int64, string], types.Params, error) {
	it, err := queue.Iterate(ctx, collections.NewPrefixUntilPairRange[int64, string](now.UnixNano()))
	if err != nil {
		return nil, types.Params{}, err
	}
	defer it.Close()
	if !it.Valid() {
		return nil, types.Params{}, nil
	}
	params, err := k.getParams(ctx)
	if err != nil {
		return nil, types.Params{}, err
	}
	var due []collections.Pair[int64, string]
	for ; it.Valid() && len(due) < int(limit(params)); it.Next() {
		key, err := it.Key()
		if err != nil {
			return nil, types.Params{}, err
		}
		due = append(due, key)
	}
	return due, params, nil
}

// proofTimedOut fails an active node whose proof deadline passed.
func (k Keeper) proofTimedOut(ctx context.Context, pubkey string, params types.Params) error {
	node, err := k.Nodes.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return nil // a stale entry
	}
	if err != nil {
		return err
	}
	if node.Status != types.NODE_STATUS_ACTIVE {
		return nil
	}
	if k.now(ctx).Before(proofDeadline(node, params)) {
		// The timeout was raised since: wait for the new deadline.
		return k.ProofDeadlines.Set(ctx, queueKey(proofDeadline(node, params), pubkey))
	}
	return k.fail(ctx, node, params, reasonProofTimeout)
}

// creditExhausted deregisters a decommissioned node whose credit ran out.
func (k Keeper) creditExhausted(ctx context.Context, pubkey string) error {
	node, err := k.Nodes.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if node.Status != types.NODE_STATUS_DECOMMISSIONED {
		return nil
	}
	if err := k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeFailed{Pubkey: pubkey, Reason: reasonCreditExhausted}); err != nil {
		return err
	}
	return k.Deregister(ctx, pubkey)
}

// resumeEarning puts a node that comes back into the equal split from this
// block on, like activate but keeping its activation time.
func (k Keeper) resumeEarning(ctx context.Context, node *types.Node) error {
	st, err := k.Rewards.Get(ctx)
	if err != nil {
		return err
	}
	node.RewardIndex = st.RewardIndex
	st.EarningNodes++
	st.SpreadCarry()
	return k.Rewards.Set(ctx, st)
}
