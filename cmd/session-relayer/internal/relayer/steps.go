package relayer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/metrics"
	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Limits of one round.
const (
	// maxSignerSetLookback is how many signer sets below the chain's latest
	// the relayer considers handing the contract over to.
	maxSignerSetLookback = 16
	// maxWithdrawCandidates bounds the ready and the pending transfers looked at per round.
	maxWithdrawCandidates = 100
	// maxParityDeposits bounds the unobserved deposits the parity adds up.
	maxParityDeposits = 5000
)

// Message kinds, the kind label of session_relayer_txs_total.
const (
	kindRegister        = "register_evm_key"
	kindAttestDeposit   = "attest_deposit"
	kindSign            = "sign"
	kindAttestExecution = "attest_execution"
	kindUpdateSignerSet = "update_signer_set"
	kindWithdraw        = "withdraw"
)

// register makes sure the chain has the validator's EVM key.
func (r *Relayer) register(ctx context.Context, rd *round) error {
	if rd.registered || !rd.bonded {
		return nil
	}
	sig, err := evmkey.Sign(r.key, bridgetypes.EvmKeyDigest(r.cfg.ChainID, r.cfg.Valoper))
	if err != nil {
		return err
	}
	r.log.Info("registering the EVM key", "evm_address", r.evmAddr.Hex(), "previous", rd.pending.EvmAddress)
	_, err = r.send(ctx, kindRegister, []sdk.Msg{&bridgetypes.MsgRegisterEvmKey{
		Validator:  r.cfg.Account,
		EvmAddress: r.evmAddr.Hex(),
		Signature:  sig,
	}}, false)
	return err
}

// attestDeposits attests the next deposits in nonce order, as far as they
// are in safe blocks.
func (r *Relayer) attestDeposits(ctx context.Context, rd *round) error {
	next := rd.pending.NextDepositNonce
	total, err := rd.evm.DepositNonce(ctx, evm.At(rd.safe))
	if err != nil {
		return err
	}
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
	msgs := make([]sdk.Msg, len(run))
	for i, d := range run {
		msgs[i] = &bridgetypes.MsgAttestDeposit{Validator: r.cfg.Account, Claim: Claim(d)}
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

// sign signs every transfer and signer set the validator has not signed yet.
func (r *Relayer) sign(ctx context.Context, rd *round) error {
	var msgs []sdk.Msg
	for _, t := range rd.pending.TransfersToSign {
		recipient, err := bridgetypes.ParseEvmAddress(t.EvmRecipient)
		if err != nil {
			r.log.Error("transfer with a bad recipient; not signing it", "transfer", t.Id, "err", err)
			continue
		}
		sig, err := evmkey.Sign(r.key, bridgetypes.WithdrawDigest(rd.signID, t.Id, recipient, t.Amount.BigInt()))
		if err != nil {
			return err
		}
		msgs = append(msgs, &bridgetypes.MsgSignTransfer{Validator: r.cfg.Account, TransferId: t.Id, Signature: sig})
	}
	for _, s := range rd.pending.SignerSetsToSign {
		addrs, powers := s.EvmArgs()
		sig, err := evmkey.Sign(r.key, bridgetypes.SignerSetDigest(rd.signID, s.Nonce, addrs, powers))
		if err != nil {
			return err
		}
		msgs = append(msgs, &bridgetypes.MsgSignSignerSet{Validator: r.cfg.Account, Nonce: s.Nonce, Signature: sig})
	}
	if len(msgs) == 0 {
		return nil
	}
	_, err := r.send(ctx, kindSign, msgs, false)
	return err
}

// confirmExecutions attests the transfers the contract paid out by the safe block.
func (r *Relayer) confirmExecutions(ctx context.Context, rd *round) error {
	var msgs []sdk.Msg
	for _, t := range rd.pending.TransfersToConfirm {
		done, err := rd.evm.Withdrawn(ctx, t.Id, evm.At(rd.safe))
		if err != nil {
			return err
		}
		if done {
			msgs = append(msgs, &bridgetypes.MsgAttestExecution{Validator: r.cfg.Account, TransferId: t.Id})
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	_, err := r.send(ctx, kindAttestExecution, msgs, false)
	return err
}

// relaySignerSet hands the contract over to the newest signer set of the
// chain that the contract's current set has signed for.
func (r *Relayer) relaySignerSet(ctx context.Context, rd *round) error {
	latest, err := r.chain.LatestSignerSetNonce(ctx)
	if err != nil {
		return err
	}
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
		addrs, powers := res.SignerSet.EvmArgs()
		aligned, signed := Align(cur, res.Signatures, bridgetypes.SignerSetDigest(rd.contractID, n, addrs, powers))
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
	addrs, powers := chosen.EvmArgs()
	rec, err := rd.evm.UpdateSignerSet(ctx, chosen.Nonce, addrs, powers, sigs)
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
		"members", len(addrs), "tx", rec.TxHash.Hex(), "block", rec.BlockNumber)
	return nil
}

// withdraw submits every transfer whose signatures satisfy the contract's
// current set and that the contract has not paid out.
func (r *Relayer) withdraw(ctx context.Context, rd *round) error {
	paused, err := rd.evm.Paused(ctx, evm.Pending)
	if err != nil {
		return err
	}
	ready, err := r.chain.Transfers(ctx, bridgetypes.TRANSFER_STATUS_READY, 0, maxWithdrawCandidates)
	if err != nil {
		return err
	}
	pending, err := r.chain.Transfers(ctx, bridgetypes.TRANSFER_STATUS_PENDING, 0, maxWithdrawCandidates)
	if err != nil {
		return err
	}
	candidates := append(ready, pending...)
	slices.SortFunc(candidates, func(a, b bridgetypes.Transfer) int { return cmp.Compare(a.Id, b.Id) })
	r.pruneBackoff(candidates)
	if len(candidates) == 0 {
		return nil
	}
	if paused {
		r.notice("contract_paused", "the bridge contract is paused: not submitting withdrawals")
		return nil
	}
	r.notice("contract_paused", "")
	set, err := rd.evm.SignerSet(ctx, evm.Pending)
	if err != nil {
		return err
	}
	total := set.Total()
	var errs []error
	for _, t := range candidates {
		if ctx.Err() != nil {
			break
		}
		if err := r.withdrawOne(ctx, rd, t, set, total); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (r *Relayer) withdrawOne(ctx context.Context, rd *round, t bridgetypes.Transfer, set evm.SignerSet, total *big.Int) error {
	if b, ok := r.backoff[t.Id]; ok && r.now().Before(b.until) {
		return nil
	}
	recipient, err := bridgetypes.ParseEvmAddress(t.EvmRecipient)
	if err != nil {
		return fmt.Errorf("transfer %d: %w", t.Id, err)
	}
	res, err := r.chain.Transfer(ctx, t.Id)
	if err != nil {
		return err
	}
	amount := t.Amount.BigInt()
	sigs, signed := Align(set, res.Signatures, bridgetypes.WithdrawDigest(rd.contractID, t.Id, recipient, amount))
	if !Passes(signed, total) {
		if t.Status == bridgetypes.TRANSFER_STATUS_READY {
			r.notice(fmt.Sprintf("withdraw/%d", t.Id), "transfer is ready on the chain but its signatures do not reach 2/3 of the contract's signer set yet",
				"transfer", t.Id, "contract_set", set.Nonce, "signed_power", signed, "total_power", total)
		}
		return nil
	}
	done, err := rd.evm.Withdrawn(ctx, t.Id, evm.Pending)
	if err != nil || done {
		return err
	}
	remaining, err := rd.evm.RemainingInWindow(ctx, evm.Pending)
	if err != nil {
		return err
	}
	if amount.Cmp(remaining) > 0 {
		r.notice(fmt.Sprintf("withdraw/%d", t.Id), "withdrawal is over what the cap leaves in this window; waiting for the next window",
			"transfer", t.Id, "amount", amount, "remaining", remaining)
		r.holdOff(t.Id)
		return nil
	}
	rec, err := rd.evm.Withdraw(ctx, t.Id, recipient, amount, sigs)
	var rev *evm.RevertError
	if errors.As(err, &rev) && rev.Block != 0 {
		// Mined but reverted: most likely another relayer's withdrawal of
		// the same transfer landed first in that block or just before.
		if done, werr := rd.evm.Withdrawn(ctx, t.Id, evm.At(rev.Block)); werr == nil && done {
			r.m.Txs.WithLabelValues(kindWithdraw, metrics.ResultRejected).Inc()
			r.log.Info("another relayer's withdrawal landed first; ours reverted", "transfer", t.Id, "tx", rev.TxHash.Hex(), "block", rev.Block)
			return nil
		}
	}
	if err != nil {
		r.holdOff(t.Id)
		return r.evmTxFailed(kindWithdraw, err, "transfer", t.Id)
	}
	delete(r.backoff, t.Id)
	r.m.Txs.WithLabelValues(kindWithdraw, metrics.ResultOK).Inc()
	r.log.Info("withdrawal submitted", "transfer", t.Id, "recipient", recipient.Hex(), "amount", amount,
		"tx", rec.TxHash.Hex(), "block", rec.BlockNumber)
	return nil
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

// holdOff doubles a transfer's retry delay, from minBackoff up to maxBackoff.
func (r *Relayer) holdOff(id uint64) {
	b := r.backoff[id]
	b.wait = min(max(2*b.wait, minBackoff), maxBackoff)
	b.until = r.now().Add(b.wait)
	r.backoff[id] = b
}

// pruneBackoff forgets the backoffs and notices of transfers that are no
// longer candidates.
func (r *Relayer) pruneBackoff(candidates []bridgetypes.Transfer) {
	live := make(map[uint64]bool, len(candidates))
	for _, t := range candidates {
		live[t.Id] = true
	}
	for id := range r.backoff {
		if !live[id] {
			delete(r.backoff, id)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for key := range r.notices {
		var id uint64
		if _, err := fmt.Sscanf(key, "withdraw/%d", &id); err == nil && !live[id] {
			delete(r.notices, key)
		}
	}
}

// parity updates the metrics, the supply parity among them, at the EVM head
// and one chain height.
func (r *Relayer) parity(ctx context.Context, rd *round) error {
	at := evm.At(rd.head)
	supply, height, err := r.chain.Supply(ctx)
	if err != nil {
		return err
	}
	var inflight []bridgetypes.Transfer
	for _, st := range []bridgetypes.TransferStatus{bridgetypes.TRANSFER_STATUS_PENDING, bridgetypes.TRANSFER_STATUS_READY} {
		ts, err := r.chain.Transfers(ctx, st, height, 0)
		if err != nil {
			return err
		}
		inflight = append(inflight, ts...)
	}
	r.m.ChainObservedNonce.Set(float64(supply.LastObservedNonce))
	r.m.PendingTransfers.Set(float64(len(inflight)))
	metrics.SetBig(r.m.ChainSupply, supply.ChainSupply.BigInt())

	token, ok := r.token[rd.evm.Address()]
	if !ok {
		if token, err = rd.evm.Token(ctx); err != nil {
			return err
		}
		r.token[rd.evm.Address()] = token
	}
	locked, err := rd.evm.Locked(ctx, token, at)
	if err != nil {
		return err
	}
	metrics.SetBig(r.m.EvmLocked, locked)
	depositNonce, err := rd.evm.DepositNonce(ctx, at)
	if err != nil {
		return err
	}
	r.m.EvmDepositNonce.Set(float64(depositNonce))

	transfers := make([]InflightTransfer, len(inflight))
	for i, t := range inflight {
		done, err := rd.evm.Withdrawn(ctx, t.Id, at)
		if err != nil {
			return err
		}
		transfers[i] = InflightTransfer{ID: t.Id, Amount: t.Amount.BigInt(), Withdrawn: done}
	}
	var inbound []*big.Int
	if first := supply.LastObservedNonce + 1; depositNonce >= first {
		if depositNonce-first >= maxParityDeposits {
			return fmt.Errorf("%d deposits not yet observed: too many to add up for the parity", depositNonce-first+1)
		}
		deps, err := r.finder.find(ctx, rd.evm, first, depositNonce, rd.head, rd.safe)
		if err != nil {
			return err
		}
		if uint64(len(deps)) != depositNonce-first+1 {
			return fmt.Errorf("parity: found %d of the Deposit logs %d..%d", len(deps), first, depositNonce)
		}
		for _, d := range deps {
			inbound = append(inbound, d.Amount)
		}
	}
	r.finder.prune(min(supply.LastObservedNonce+1, rd.pending.NextDepositNonce))

	p := ComputeParity(locked, supply.ChainSupply.BigInt(), supply.OutboundInFlight.BigInt(), transfers, inbound)
	metrics.SetBig(r.m.InflightOutbound, p.Outbound)
	metrics.SetBig(r.m.InflightInbound, p.Inbound)
	metrics.SetBig(r.m.ParityDiff, p.Diff)
	if p.OK() {
		r.m.ParityOK.Set(1)
	} else {
		r.m.ParityOK.Set(0)
	}
	summary := fmt.Sprintf("%t %s %s %s %s %s", p.OK(), p.Diff, p.Locked, p.ChainSupply, p.Outbound, p.Inbound)
	if summary != r.lastParity {
		r.lastParity = summary
		r.log.Info("supply parity", "ok", p.OK(), "diff", p.Diff.String(), "locked", p.Locked.String(),
			"chain_supply", p.ChainSupply.String(), "outbound_in_flight", p.Outbound.String(),
			"inbound_in_flight", p.Inbound.String(), "evm_block", rd.head, "chain_height", height)
	}
	return nil
}
