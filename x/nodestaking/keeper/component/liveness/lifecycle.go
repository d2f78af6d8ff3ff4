package liveness

import (
	"context"

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
	now := k.env.Now(ctx)
	rec := types.LivenessRecord{LastProofAt: now, Credit: params.InitialCredit, CreditAt: now}
	if err := k.ProofDeadlines.Set(ctx, env.QueueKey(proofDeadline(rec, params), pubkey)); err != nil {
		return err
	}
	if err := k.addActive(ctx, pubkey); err != nil {
		return err
	}
	return k.Records.Set(ctx, pubkey, rec)
}

// Stop ends the bookkeeping of a node that leaves the active or
// decommissioned state (unlock, deregistration): it leaves the active set
// and both queues, and its credit is frozen where it stands. node has the
// status it leaves; a node in any other state is left as it is.
func (k *Keeper) Stop(ctx context.Context, node types.Node) error {
	if node.Status != types.NODE_STATUS_ACTIVE && node.Status != types.NODE_STATUS_DECOMMISSIONED {
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
	switch status {
	case types.NODE_STATUS_ACTIVE:
		if err := k.ProofDeadlines.Remove(ctx, env.QueueKey(proofDeadline(*rec, params), pubkey)); err != nil {
			return err
		}
		if err := k.removeActive(ctx, pubkey); err != nil {
			return err
		}
	case types.NODE_STATUS_DECOMMISSIONED:
		if err := k.CreditRunsOut.Remove(ctx, env.QueueKey(creditRunsOut(*rec), pubkey)); err != nil {
			return err
		}
	}
	now := k.env.Now(ctx)
	rec.Credit = rec.CreditNow(now, params, status)
	rec.CreditAt = now
	return nil
}

// Forget deletes the liveness record of a node that is removed.
func (k *Keeper) Forget(ctx context.Context, pubkey string) error {
	return k.Records.Remove(ctx, pubkey)
}
