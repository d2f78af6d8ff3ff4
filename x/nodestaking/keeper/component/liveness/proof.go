package liveness

import (
	"context"
	"encoding/hex"
	"time"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// UptimeProof records a node's proof: the deadline moves, and a
// decommissioned node comes back. It reports whether the node came back.
// The message passed ValidateBasic.
func (k *Keeper) UptimeProof(ctx context.Context, msg *types.MsgUptimeProof) (bool, error) {
	pubkey := hex.EncodeToString(msg.Pubkey)
	node, err := k.staking.GetNode(ctx, pubkey)
	if err != nil {
		return false, err
	}
	if node.Status != types.NODE_STATUS_ACTIVE && node.Status != types.NODE_STATUS_DECOMMISSIONED {
		return false, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: only active and decommissioned nodes prove uptime", node.Status)
	}
	rec, err := k.record(ctx, pubkey)
	if err != nil {
		return false, err
	}
	if msg.Seq != rec.Proofs+1 {
		return false, errorsmod.Wrapf(types.ErrProofSequence, "want proof %d, got %d", rec.Proofs+1, msg.Seq)
	}
	signBytes, err := types.UptimeProofSignBytes(k.env.ChainID(ctx), pubkey, msg.Proof())
	if err != nil {
		return false, err
	}
	if !types.VerifyNodeSignature(msg.Pubkey, signBytes, msg.Signature) {
		return false, errorsmod.Wrap(types.ErrInvalidSignature, "not the node key's signature of this proof")
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return false, err
	}
	// The block makes the proof fresh: it cannot be signed before that
	// block was committed, nor sent long after.
	if err := k.checkProofBlock(ctx, msg.BlockHeight, msg.AppHash, params); err != nil {
		return false, err
	}
	now := k.env.Now(ctx)
	if node.Status == types.NODE_STATUS_ACTIVE && now.Sub(rec.LastProofAt) < params.UptimeProofInterval/2 {
		return false, errorsmod.Wrapf(types.ErrProofTooSoon, "last proof at %s; the next is accepted from %s",
			rec.LastProofAt.UTC().Format(time.RFC3339), rec.LastProofAt.Add(params.UptimeProofInterval/2).UTC().Format(time.RFC3339))
	}
	rec.Proofs = msg.Seq
	endpoint := msg.Endpoint
	rec.Endpoint = &endpoint
	if err := k.env.Emit(ctx, &types.EventUptimeProof{Pubkey: pubkey, Seq: msg.Seq, Endpoint: endpoint}); err != nil {
		return false, err
	}
	if node.Status == types.NODE_STATUS_DECOMMISSIONED {
		return true, k.recommission(ctx, pubkey, rec, params, reasonUptimeProof)
	}
	if err := k.ProofDeadlines.Remove(ctx, env.QueueKey(proofDeadline(rec, params), pubkey)); err != nil {
		return false, err
	}
	// Credit accrues by time active; settle it before the clock moves on.
	rec.Credit = rec.CreditNow(now, params, types.NODE_STATUS_ACTIVE)
	rec.CreditAt = now
	rec.LastProofAt = now
	if err := k.ProofDeadlines.Set(ctx, env.QueueKey(proofDeadline(rec, params), pubkey)); err != nil {
		return false, err
	}
	return false, k.Records.Set(ctx, pubkey, rec)
}
