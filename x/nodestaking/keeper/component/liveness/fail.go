package liveness

import (
	"context"
	"time"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Failure reasons, as events and logs give them.
const (
	reasonProofTimeout    = "uptime proof timeout"
	reasonQuorumVote      = "quorum vote"
	reasonCreditExhausted = "credit exhausted"
	reasonUptimeProof     = "uptime proof"
	reasonSharesWithheld  = "seed shares withheld"
)

// fail handles a serving node that failed its proofs, its quorum or its
// seed-share duty: with enough credit it is decommissioned, otherwise
// deregistered with the penalty.
func (k *Keeper) fail(ctx context.Context, pubkey string, rec types.LivenessRecord, params types.Params, reason string) error {
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	credit := rec.CreditNow(now, params, types.NODE_STATUS_ACTIVE)
	if credit < params.MinDecommissionCredit {
		if err := k.env.Emit(ctx, &types.EventNodeFailed{Pubkey: pubkey, Reason: reason}); err != nil {
			return err
		}
		return k.staking.Deregister(ctx, pubkey)
	}
	if err := k.stop(ctx, pubkey, &rec, types.NODE_STATUS_ACTIVE, params); err != nil {
		return err
	}
	if err := k.staking.Decommission(ctx, pubkey); err != nil {
		return err
	}
	rec.DecommissionedAt = &now
	if err := k.addDecommissioned(ctx, 1); err != nil {
		return err
	}
	if err := k.CreditRunsOut.Set(ctx, env.QueueKey(creditRunsOut(rec), pubkey)); err != nil {
		return err
	}
	if err := k.Records.Set(ctx, pubkey, rec); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventNodeDecommissioned{Pubkey: pubkey, Reason: reason, CreditSeconds: int64(credit / time.Second)})
}

// recommission brings a decommissioned node back: it earns again from now,
// with its credit less recommission_penalty times the time it was down.
func (k *Keeper) recommission(ctx context.Context, pubkey string, rec types.LivenessRecord, params types.Params, reason string) error {
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	if err := k.CreditRunsOut.Remove(ctx, env.QueueKey(creditRunsOut(rec), pubkey)); err != nil {
		return err
	}
	// Credit at decommission is what the node had when it went down.
	atDown := rec.Credit
	down := now.Sub(*rec.DecommissionedAt)
	credit := atDown - time.Duration(params.RecommissionPenalty)*down
	if down > 0 && (credit < 0 || credit > atDown) { // the second test catches an overflow
		credit = 0
	}
	rec.DecommissionedAt = nil
	if err := k.addDecommissioned(ctx, -1); err != nil {
		return err
	}
	if err := k.staking.Recommission(ctx, pubkey); err != nil {
		return err
	}
	rec.LastProofAt = now
	rec.Credit = credit
	rec.CreditAt = now
	if err := k.resumeShares(ctx, &rec); err != nil {
		return err
	}
	if err := k.ProofDeadlines.Set(ctx, env.QueueKey(proofDeadline(rec, params), pubkey)); err != nil {
		return err
	}
	if err := k.addActive(ctx, pubkey); err != nil {
		return err
	}
	if err := k.Records.Set(ctx, pubkey, rec); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventNodeRecommissioned{Pubkey: pubkey, Reason: reason, CreditSeconds: int64(credit / time.Second)})
}
