package liveness

import (
	"context"
	"time"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Start begins the liveness of a node that just became active: its proof
// clock starts now, with the initial credit, and it joins the active set
// quorums are drawn from.
func (k *Keeper) Start(ctx context.Context, pubkey string) error {
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	number, err := k.roundNumber(ctx)
	if err != nil {
		return err
	}
	// The key was bound at registration, in this round or before: its
	// shares count from bindRounds after this one (see BindKey).
	rec := types.LivenessRecord{LastProofAt: now, Credit: params.InitialCredit, CreditAt: now, NextShare: number + bindRounds}
	if err := k.ProofDeadlines.Set(ctx, env.QueueKey(proofDeadline(rec, params), pubkey)); err != nil {
		return err
	}
	if err := k.addActive(ctx, pubkey); err != nil {
		return err
	}
	return k.Records.Set(ctx, pubkey, rec)
}

// Stop ends the bookkeeping of a node that stops serving or being
// decommissioned (deregistration, exit): it leaves the active set and both
// queues, and its credit is frozen where it stands. node has the status it
// leaves; a node in any other state is left as it is. An unlock does not
// stop a node: it serves, and owes its proofs, until it exits.
func (k *Keeper) Stop(ctx context.Context, node types.Node) error {
	if !node.Status.Serving() && node.Status != types.NODE_STATUS_DECOMMISSIONED {
		return nil
	}
	rec, err := k.record(ctx, node.Pubkey)
	if err != nil {
		return err
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	if err := k.stop(ctx, node.Pubkey, &rec, node.Status, params); err != nil {
		return err
	}
	if node.Status == types.NODE_STATUS_DECOMMISSIONED {
		if err := k.addDecommissioned(ctx, -1); err != nil {
			return err
		}
		rec.DecommissionedAt = nil
	}
	return k.Records.Set(ctx, node.Pubkey, rec)
}

// stop takes a node with status out of the active set and its queue and
// freezes its credit at now; the caller saves the record.
func (k *Keeper) stop(ctx context.Context, pubkey string, rec *types.LivenessRecord, status types.NodeStatus, params types.Params) error {
	switch {
	case status.Serving():
		if err := k.ProofDeadlines.Remove(ctx, env.QueueKey(proofDeadline(*rec, params), pubkey)); err != nil {
			return err
		}
		if err := k.removeActive(ctx, pubkey); err != nil {
			return err
		}
	case status == types.NODE_STATUS_DECOMMISSIONED:
		if err := k.CreditRunsOut.Remove(ctx, env.QueueKey(creditRunsOut(*rec), pubkey)); err != nil {
			return err
		}
	}
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	rec.Credit = rec.CreditNow(now, params, status)
	rec.CreditAt = now
	return nil
}

// Forget deletes the liveness record of a node that is removed.
func (k *Keeper) Forget(ctx context.Context, pubkey string) error {
	return k.Records.Remove(ctx, pubkey)
}

// CheckUnlock refuses the unlock of a serving node whose uptime proof is
// overdue (more than uptime_proof_interval since its last one): a node that
// is going down cannot leave ahead of the timeout that would decommission
// it. It proves first, or is decommissioned.
func (k *Keeper) CheckUnlock(ctx context.Context, pubkey string) error {
	rec, err := k.record(ctx, pubkey)
	if err != nil {
		return err
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	if due := rec.LastProofAt.Add(params.UptimeProofInterval); now.After(due) {
		return errorsmod.Wrapf(types.ErrProofOverdue, "the node's uptime proof was due at %s; send it before requesting an unlock",
			k.blockTime(ctx, now, due).UTC().Format(time.RFC3339))
	}
	return nil
}

// Rejoin puts back into liveness a serving node that had left it: an
// unlocking node of consensus version 5, which stopped proving at its
// unlock. Its proof clock starts now and its credit, frozen at its unlock,
// grows again from now.
func (k *Keeper) Rejoin(ctx context.Context, pubkey string) error {
	rec, err := k.record(ctx, pubkey)
	if err != nil {
		return err
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	rec.LastProofAt, rec.CreditAt = now, now
	if err := k.ProofDeadlines.Set(ctx, env.QueueKey(proofDeadline(rec, params), pubkey)); err != nil {
		return err
	}
	if err := k.addActive(ctx, pubkey); err != nil {
		return err
	}
	return k.Records.Set(ctx, pubkey, rec)
}
