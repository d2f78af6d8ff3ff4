package relayer

import (
	"context"
	"errors"
	"math/big"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/metrics"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// maxSignerSetLookback is how many signer sets below the chain's latest the
// relayer considers handing the contract over to.
const maxSignerSetLookback = bridgetypes.MaxSignerSetsToSign

// relaySignerSet hands the contract over to the newest signer set of the
// chain that the contract's current set has signed for. The old set's
// members sign with the keys it holds, retired ones included, so a
// rotation does not strand the contract.
func (r *Relayer) relaySignerSet(ctx context.Context, rd *round) error {
	latest, err := r.chain.LatestSignerSetNonce(ctx)
	if err != nil {
		return err
	}
	r.m.ChainSignerSetNonce.Set(float64(latest))
	cur, err := rd.evm.SignerSet(ctx, evm.At(rd.head))
	if err != nil {
		return err
	}
	if latest <= cur.Nonce {
		r.notice("signer_set", "")
		return nil
	}
	total := cur.Total()
	var (
		chosen *bridgetypes.SignerSet
		sigs   [][]byte
	)
	for n := latest; n > cur.Nonce && latest-n < maxSignerSetLookback; n-- {
		res, err := r.chain.SignerSet(ctx, n)
		if err != nil {
			return err
		}
		aligned, signed := Align(cur, res.Signatures, res.SignerSet.Digest(rd.contractID))
		if Passes(signed, total) {
			set := res.SignerSet
			chosen, sigs = &set, aligned
			break
		}
	}
	if chosen == nil {
		r.notice("signer_set", "waiting for the contract's signer set to sign a newer set",
			"contract_set", cur.Nonce, "chain_latest", latest)
		return nil
	}
	// Another relayer may be handing over already: check what the next block would see.
	pendingNonce, err := rd.evm.SignerSetNonce(ctx, evm.Pending)
	if err != nil {
		return err
	}
	if pendingNonce >= chosen.Nonce {
		return nil
	}
	signers, powers, setTotal := chosen.EvmArgs()
	rec, err := rd.evm.UpdateSignerSet(ctx, evm.SignerSet{Nonce: chosen.Nonce, Signers: signers, Powers: powers, TotalPower: setTotal}, sigs)
	var rev *evm.RevertError
	if errors.As(err, &rev) && rev.Block != 0 {
		if n, nerr := rd.evm.SignerSetNonce(ctx, evm.At(rev.Block)); nerr == nil && n >= chosen.Nonce {
			r.m.Txs.WithLabelValues(kindUpdateSignerSet, metrics.ResultRejected).Inc()
			r.log.Info("another relayer's signer-set update landed first; ours reverted", "nonce", chosen.Nonce, "tx", rev.TxHash.Hex())
			return nil
		}
	}
	if err != nil {
		return r.evmTxFailed(kindUpdateSignerSet, err, "signer_set", chosen.Nonce)
	}
	r.m.Txs.WithLabelValues(kindUpdateSignerSet, metrics.ResultOK).Inc()
	r.notice("signer_set", "")
	r.log.Info("handed the contract over to a new signer set", "from", cur.Nonce, "to", chosen.Nonce,
		"members", len(signers), "tx", rec.TxHash.Hex(), "block", rec.BlockNumber)
	return nil
}

// relayAdminOp submits the admin operation that uses the contract's next
// admin nonce (a pause, unpause or cap change governance passed), once the
// contract's set has signed it enough.
func (r *Relayer) relayAdminOp(ctx context.Context, rd *round) error {
	ops, err := r.chain.AdminOps(ctx)
	if err != nil || len(ops) == 0 {
		return err
	}
	nonce, err := rd.evm.AdminNonce(ctx, evm.Pending)
	if err != nil {
		return err
	}
	var entry *bridgetypes.AdminOpEntry
	for i := range ops {
		if ops[i].Op.Nonce == nonce+1 {
			entry = &ops[i]
		}
	}
	if entry == nil {
		return nil // executed, or an earlier one is missing
	}
	set, err := rd.evm.SignerSet(ctx, evm.Pending)
	if err != nil {
		return err
	}
	op := entry.Op
	aligned, signed := Align(set, entry.Signatures, op.Digest(rd.contractID))
	if !Passes(signed, set.Total()) {
		r.notice("admin", "waiting for the contract's signer set to sign admin operation", "nonce", op.Nonce, "kind", op.Kind.String())
		return nil
	}
	r.notice("admin", "")
	switch op.Kind {
	case bridgetypes.ADMIN_OP_KIND_PAUSE, bridgetypes.ADMIN_OP_KIND_UNPAUSE:
		_, err = rd.evm.SetPaused(ctx, op.Kind == bridgetypes.ADMIN_OP_KIND_PAUSE, op.Nonce, aligned)
	default:
		_, err = rd.evm.SetWithdrawalCap(ctx, op.CapLimit.BigInt(), new(big.Int).SetUint64(op.CapPeriodSeconds), op.Nonce, aligned)
	}
	var rev *evm.RevertError
	if errors.As(err, &rev) && rev.Block != 0 {
		if n, nerr := rd.evm.AdminNonce(ctx, evm.At(rev.Block)); nerr == nil && n >= op.Nonce {
			r.m.Txs.WithLabelValues(kindAdminOp, metrics.ResultRejected).Inc()
			r.log.Info("another relayer's admin operation landed first; ours reverted", "nonce", op.Nonce)
			return nil
		}
	}
	if err != nil {
		return r.evmTxFailed(kindAdminOp, err, "nonce", op.Nonce)
	}
	r.m.Txs.WithLabelValues(kindAdminOp, metrics.ResultOK).Inc()
	r.log.Info("admin operation submitted to the contract", "nonce", op.Nonce, "kind", op.Kind.String())
	return nil
}
