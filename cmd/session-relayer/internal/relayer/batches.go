package relayer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/metrics"
	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// submitBatches submits every open batch whose signatures satisfy the
// contract's current set, before its deadline and within the withdrawal
// cap. The relayers do not race: each batch has an order of the contract
// set's members (rotated by the batch's nonce), the first submits at once
// and each later one only after SubmitDelay per place, if the batch is
// still unpaid by then.
func (r *Relayer) submitBatches(ctx context.Context, rd *round) error {
	open, err := r.chain.Batches(ctx, bridgetypes.BATCH_STATUS_OPEN)
	if err != nil {
		return err
	}
	r.pruneBatchState(open)
	r.m.OpenBatches.Set(float64(len(open)))
	if len(open) == 0 {
		return nil
	}
	paused, err := rd.evm.Paused(ctx, evm.Pending)
	if err != nil {
		return err
	}
	if paused {
		r.notice("contract_paused", "the bridge contract is paused: not submitting batches")
		return nil
	}
	r.notice("contract_paused", "")
	set, err := rd.evm.SignerSet(ctx, evm.Pending)
	if err != nil {
		return err
	}
	head, err := rd.evm.Header(ctx, rd.head)
	if err != nil {
		return err
	}
	var errs []error
	for _, b := range open {
		if ctx.Err() != nil {
			break
		}
		if head.Time >= b.Deadline {
			continue // the contract refuses it from the next block on; it is attested expired once final
		}
		if err := r.submitBatch(ctx, rd, b, set); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// submitRank is the relayer's place in the submission order of batch
// nonce: the members of the contract's set rotated by the nonce. A relayer
// whose keys are not in the set comes last.
func (r *Relayer) submitRank(set evm.SignerSet, nonce uint64) int {
	n := len(set.Signers)
	for i, s := range set.Signers {
		if _, ok := r.keys[s]; ok {
			return (i - int(nonce%uint64(n)) + n) % n //nolint:gosec // n is at most 256
		}
	}
	return n
}

func (r *Relayer) submitBatch(ctx context.Context, rd *round, b bridgetypes.Batch, set evm.SignerSet) error {
	if bo, ok := r.backoff[b.Nonce]; ok && r.now().Before(bo.until) {
		return nil
	}
	res, err := r.chain.Batch(ctx, b.Nonce)
	if err != nil {
		return err
	}
	sigs, signed := Align(set, res.Signatures, bridgetypes.BatchDigestOf(rd.contractID, b, res.Transfers))
	if !Passes(signed, set.Total()) {
		return nil
	}
	first, ok := r.firstSeen[b.Nonce]
	if !ok {
		first = r.now()
		r.firstSeen[b.Nonce] = first
	}
	rank := r.submitRank(set, b.Nonce)
	if wait := first.Add(time.Duration(rank) * r.cfg.SubmitDelay); r.now().Before(wait) {
		r.notice(fmt.Sprintf("batch/%d", b.Nonce), "batch is signed; another relayer submits it first", "batch", b.Nonce, "place", rank, "until", wait)
		return nil
	}
	done, err := rd.evm.Withdrawn(ctx, b.TransferIds[0], evm.Pending)
	if err != nil || done {
		return err
	}
	available, err := rd.evm.Available(ctx, evm.Pending)
	if err != nil {
		return err
	}
	if b.Total.BigInt().Cmp(available) > 0 {
		r.notice(fmt.Sprintf("batch/%d", b.Nonce), "batch is over what the withdrawal cap allows now; waiting for the bucket to drain",
			"batch", b.Nonce, "total", b.Total, "available", available)
		r.holdOff(b.Nonce)
		return nil
	}
	rec, err := rd.evm.SubmitBatch(ctx, b.Nonce, b.Deadline, contractTransfers(res.Transfers), sigs)
	var rev *evm.RevertError
	if errors.As(err, &rev) && rev.Block != 0 {
		// Mined but reverted: most likely another relayer's submission of
		// the same batch landed first in that block or just before.
		if done, werr := rd.evm.Withdrawn(ctx, b.TransferIds[0], evm.At(rev.Block)); werr == nil && done {
			r.m.Txs.WithLabelValues(kindSubmitBatch, metrics.ResultRejected).Inc()
			r.log.Info("another relayer's batch landed first; ours reverted", "batch", b.Nonce, "tx", rev.TxHash.Hex(), "block", rev.Block)
			return nil
		}
	}
	if err != nil {
		r.holdOff(b.Nonce)
		return r.evmTxFailed(kindSubmitBatch, err, "batch", b.Nonce)
	}
	delete(r.backoff, b.Nonce)
	r.m.Txs.WithLabelValues(kindSubmitBatch, metrics.ResultOK).Inc()
	r.log.Info("batch submitted", "batch", b.Nonce, "transfers", len(b.TransferIds), "total", b.Total,
		"fees_to", rd.evm.Sender().Hex(), "tx", rec.TxHash.Hex(), "block", rec.BlockNumber, "gas_used", rec.GasUsed)
	return nil
}

// contractTransfers are a batch's transfers as the contract takes them.
func contractTransfers(transfers []bridgetypes.Transfer) []bindings.SessionBridgeTransfer {
	out := make([]bindings.SessionBridgeTransfer, len(transfers))
	for i, t := range bridgetypes.EvmTransfers(transfers) {
		out[i] = bindings.SessionBridgeTransfer{Id: t.ID, Recipient: t.Recipient, Amount: t.Amount, Fee: t.Fee}
	}
	return out
}

// holdOff doubles a batch's retry delay, from minBackoff up to maxBackoff.
func (r *Relayer) holdOff(nonce uint64) {
	b := r.backoff[nonce]
	b.wait = min(max(2*b.wait, minBackoff), maxBackoff)
	b.until = r.now().Add(b.wait)
	r.backoff[nonce] = b
}

// pruneBatchState forgets the backoffs, first sightings and notices of
// batches that are no longer open.
func (r *Relayer) pruneBatchState(open []bridgetypes.Batch) {
	live := make(map[uint64]bool, len(open))
	for _, b := range open {
		live[b.Nonce] = true
	}
	for nonce := range r.backoff {
		if !live[nonce] {
			delete(r.backoff, nonce)
		}
	}
	for nonce := range r.firstSeen {
		if !live[nonce] {
			delete(r.firstSeen, nonce)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for key := range r.notices {
		var nonce uint64
		if _, err := fmt.Sscanf(key, "batch/%d", &nonce); err == nil && !live[nonce] {
			delete(r.notices, key)
		}
	}
}
