package relayer

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/metrics"
	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Limits of one round.
const (
	// maxParityDeposits bounds the unobserved deposits the parity adds up.
	maxParityDeposits = 5000
)

// Message kinds, the kind label of session_relayer_txs_total.
const (
	kindAttestDeposit   = "attest_deposit"
	kindSign            = "sign"
	kindAttestBatch     = "attest_batch"
	kindAttestContract  = "attest_contract_state"
	kindUpdateSignerSet = "update_signer_set"
	kindAdminOp         = "admin_op"
	kindSubmitBatch     = "submit_batch"
)

// attestDeposits attests the next deposits in nonce order, as far as they
// are in safe blocks. When its vote on the deposit the chain observes next
// differs from what the safe blocks hold now (a reorg took the attested
// content back, or a faulty node fed it), it attests the deposit again
// with the canonical content: the chain replaces the vote, which heals a
// split.
func (r *Relayer) attestDeposits(ctx context.Context, rd *round) error {
	total, err := rd.evm.DepositNonce(ctx, evm.At(rd.safe))
	if err != nil {
		return err
	}
	if err := r.fixOpenVote(ctx, rd, total); err != nil {
		return err
	}
	next := rd.pending.NextDepositNonce
	if total < next {
		return nil
	}
	last := min(total, next+maxDepositBatch-1)
	deps, err := r.finder.find(ctx, rd.evm, next, last, rd.safe, rd.safe)
	if err != nil {
		return err
	}
	run, runErr := Contiguous(next, deps)
	if len(run) == 0 {
		if runErr != nil {
			return runErr
		}
		return fmt.Errorf("deposit %d is below block %d by depositNonce but no Deposit log was found from block %d (is evm.start_block right?)",
			next, rd.safe, r.finder.startBlock)
	}
	if err := r.finder.verify(ctx, rd.evm, run); err != nil {
		return err
	}
	msgs := make([]sdk.Msg, len(run))
	for i, d := range run {
		msgs[i] = &bridgetypes.MsgAttestDeposit{Signer: r.cfg.Account, Claim: Claim(d)}
	}
	n, err := r.send(ctx, kindAttestDeposit, msgs, true)
	if n > 0 {
		r.log.Info("attested deposits", "from", run[0].Nonce, "to", run[n-1].Nonce)
	}
	if runErr != nil {
		return errors.Join(err, runErr)
	}
	return err
}

// fixOpenVote attests the open deposit again when the validator's vote on
// it is not what the safe blocks hold.
func (r *Relayer) fixOpenVote(ctx context.Context, rd *round, total uint64) error {
	vote := rd.pending.OpenDepositVote
	if vote.Nonce == 0 || vote.Nonce > total {
		return nil
	}
	deps, err := r.finder.find(ctx, rd.evm, vote.Nonce, vote.Nonce, rd.safe, rd.safe)
	if err != nil || len(deps) == 0 {
		return err
	}
	if err := r.finder.verify(ctx, rd.evm, deps); err != nil {
		return err
	}
	canonical := Claim(deps[0])
	if canonical.Same(vote) {
		return nil
	}
	r.log.Warn("our vote on the open deposit is not what the final blocks hold: attesting it again",
		"nonce", vote.Nonce, "voted_recipient", vote.Recipient, "voted_amount", vote.Amount,
		"canonical_recipient", canonical.Recipient, "canonical_amount", canonical.Amount)
	_, err = r.send(ctx, kindAttestDeposit, []sdk.Msg{&bridgetypes.MsgAttestDeposit{Signer: r.cfg.Account, Claim: canonical}}, true)
	return err
}

// sign signs every batch, signer set and admin operation the chain lists
// for a key the relayer holds: its key and, after a rotation, the previous
// one, whose signatures the contract's set may still need.
func (r *Relayer) sign(ctx context.Context, rd *round) error {
	var msgs []sdk.Msg
	signWith := func(keys []string, digest common.Hash, mk func(sig []byte) sdk.Msg) error {
		for _, k := range keys {
			key, ok := r.keys[common.HexToAddress(k)]
			if !ok {
				continue
			}
			sig, err := evmkey.Sign(key, digest)
			if err != nil {
				return err
			}
			msgs = append(msgs, mk(sig))
		}
		return nil
	}
	for _, b := range rd.pending.BatchesToSign {
		nonce := b.Batch.Nonce
		if err := signWith(b.Keys, bridgetypes.BatchDigestOf(rd.signID, b.Batch, b.Transfers), func(sig []byte) sdk.Msg {
			return &bridgetypes.MsgSignBatch{Signer: r.cfg.Account, Nonce: nonce, Signature: sig}
		}); err != nil {
			return err
		}
	}
	for _, s := range rd.pending.SignerSetsToSign {
		nonce := s.SignerSet.Nonce
		if err := signWith(s.Keys, s.SignerSet.Digest(rd.signID), func(sig []byte) sdk.Msg {
			return &bridgetypes.MsgSignSignerSet{Signer: r.cfg.Account, Nonce: nonce, Signature: sig}
		}); err != nil {
			return err
		}
	}
	for _, op := range rd.pending.AdminOpsToSign {
		nonce := op.Op.Nonce
		if err := signWith(op.Keys, op.Op.Digest(rd.signID), func(sig []byte) sdk.Msg {
			return &bridgetypes.MsgSignAdminOp{Signer: r.cfg.Account, Nonce: nonce, Signature: sig}
		}); err != nil {
			return err
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	_, err := r.send(ctx, kindSign, msgs, false)
	return err
}

// confirm attests, at the safe block, what became of the open batches (all
// their transfers paid out: executed; none and the block is past the
// deadline: expired) and the signer set and admin nonce the contract holds.
func (r *Relayer) confirm(ctx context.Context, rd *round) error {
	var msgs []sdk.Msg
	for _, b := range rd.pending.BatchesToAttest {
		outcome, err := r.outcome(ctx, rd, b)
		if err != nil {
			return err
		}
		if outcome != bridgetypes.BATCH_OUTCOME_UNSPECIFIED {
			msgs = append(msgs, &bridgetypes.MsgAttestBatch{Signer: r.cfg.Account, Nonce: b.Nonce, Outcome: outcome})
		}
	}
	setNonce, err := rd.evm.SignerSetNonce(ctx, evm.At(rd.safe))
	if err != nil {
		return err
	}
	adminNonce, err := rd.evm.AdminNonce(ctx, evm.At(rd.safe))
	if err != nil {
		return err
	}
	r.m.ContractSignerSetNonce.Set(float64(setNonce))
	if vote := rd.pending.ContractStateVote; setNonce >= vote.SignerSetNonce && adminNonce >= vote.AdminNonce &&
		(setNonce > vote.SignerSetNonce || adminNonce > vote.AdminNonce) {
		msgs = append(msgs, &bridgetypes.MsgAttestContractState{Signer: r.cfg.Account, SignerSetNonce: setNonce, AdminNonce: adminNonce})
	}
	if len(msgs) == 0 {
		return nil
	}
	_, err = r.send(ctx, kindAttestBatch, msgs, false)
	return err
}

// outcome is what became of a batch at the safe block: executed when the
// contract paid out its transfers, expired when it paid out none and the
// block is past the deadline (no later block can take it), nothing yet
// otherwise. A contract pays out a batch's transfers all together.
func (r *Relayer) outcome(ctx context.Context, rd *round, b bridgetypes.Batch) (bridgetypes.BatchOutcome, error) {
	if len(b.TransferIds) == 0 {
		return bridgetypes.BATCH_OUTCOME_UNSPECIFIED, nil
	}
	paid, err := rd.evm.Withdrawn(ctx, b.TransferIds[0], evm.At(rd.safe))
	if err != nil {
		return 0, err
	}
	switch {
	case paid:
		return bridgetypes.BATCH_OUTCOME_EXECUTED, nil
	case rd.safeTime > b.Deadline:
		return bridgetypes.BATCH_OUTCOME_EXPIRED, nil
	}
	return bridgetypes.BATCH_OUTCOME_UNSPECIFIED, nil
}

// evmTxFailed counts and logs a failed EVM transaction. A revert is logged
// and not returned (the contract said no; retrying at once would say no
// again); other errors are returned.
func (r *Relayer) evmTxFailed(kind string, err error, args ...any) error {
	var rev *evm.RevertError
	if errors.As(err, &rev) {
		r.m.Txs.WithLabelValues(kind, metrics.ResultRejected).Inc()
		r.log.Warn("EVM transaction reverted", append([]any{"kind", kind, "reason", rev.Reason, "tx", rev.TxHash.Hex()}, args...)...)
		return nil
	}
	r.m.Txs.WithLabelValues(kind, metrics.ResultError).Inc()
	return fmt.Errorf("%s: %w", kind, err)
}
