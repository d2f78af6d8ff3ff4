package liveness

import (
	"context"
	"encoding/hex"
	"time"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// UptimeProof records a node's proof. A serving node's deadline moves on;
// a decommissioned node's proof is recorded with its endpoint (the proof
// its quorum needs before it votes the node back) but does not bring it
// back, unless the network is too small for a quorum. It reports whether
// the node is (still) decommissioned. The message passed ValidateBasic.
func (k *Keeper) UptimeProof(ctx context.Context, msg *types.MsgUptimeProof) (bool, error) {
	pubkey := hex.EncodeToString(msg.Pubkey)
	node, err := k.staking.GetNode(ctx, pubkey)
	if err != nil {
		return false, err
	}
	down := node.Status == types.NODE_STATUS_DECOMMISSIONED
	if !node.Status.Serving() && !down {
		return false, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: only active, unlocking and decommissioned nodes prove uptime", node.Status)
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
	// Signed by the node's current signing key (its ID until it rotates).
	signer := node.CurrentKeyBytes()
	if !types.VerifyNodeSignature(signer, signBytes, msg.Signature) {
		return false, errorsmod.Wrapf(types.ErrInvalidSignature, "not the signature of this proof by the node's signing key %s", node.CurrentKey())
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
	now, err := k.Now(ctx)
	if err != nil {
		return false, err
	}
	seeded, exhausted, err := k.proofShare(ctx, signer, msg.SeedProof, pubkey, &rec, node.Status, now, params)
	if err != nil {
		return false, err
	}
	rec.Proofs = msg.Seq
	if exhausted {
		return false, k.fail(ctx, pubkey, rec, params, reasonSharesWithheld)
	}
	endpoint := msg.Endpoint
	rec.Endpoint = &endpoint
	if err := k.env.Emit(ctx, &types.EventUptimeProof{Pubkey: pubkey, Seq: msg.Seq, Endpoint: endpoint, Seeded: seeded}); err != nil {
		return false, err
	}
	if down {
		return k.provenDown(ctx, pubkey, rec, now, params)
	}
	if err := k.ProofDeadlines.Remove(ctx, env.QueueKey(proofDeadline(rec, params), pubkey)); err != nil {
		return false, err
	}
	// Credit accrues by time serving; settle it before the clock moves on.
	rec.Credit = rec.CreditNow(now, params, node.Status)
	rec.CreditAt = now
	rec.LastProofAt = now
	if err := k.ProofDeadlines.Set(ctx, env.QueueKey(proofDeadline(rec, params), pubkey)); err != nil {
		return false, err
	}
	return false, k.Records.Set(ctx, pubkey, rec)
}

// provenDown records the proof of a decommissioned node: its quorum may now
// vote it back. Its credit keeps burning: the clock of the proofs moves, not
// that of the credit. In a network too small for a quorum to decide (fewer
// serving nodes than quorum_threshold), the proof itself brings it back.
func (k *Keeper) provenDown(ctx context.Context, pubkey string, rec types.LivenessRecord, now time.Time, params types.Params) (bool, error) {
	rec.LastProofAt = now
	serving, err := k.ActiveNodes(ctx)
	if err != nil {
		return false, err
	}
	//nolint:gosec // at most quorum_size, a uint32
	if !params.CanDecide(int(min(serving, uint64(params.QuorumSize)))) {
		return false, k.recommission(ctx, pubkey, rec, params, reasonUptimeProof)
	}
	return true, k.Records.Set(ctx, pubkey, rec)
}
