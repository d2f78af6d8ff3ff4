package keeper

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// retiredContract returns release 1's retired contract, if the chain
// upgraded from a release 1 that had one.
func (k *Keeper) retiredContract(ctx context.Context) (types.RetiredContract, bool, error) {
	r, err := k.RetiredContract.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return types.RetiredContract{}, false, nil
	}
	return r, err == nil, err
}

// SweepPending reports whether a retired contract still holds tokens the
// release-2 contract needs: no batch is made until its sweep landed, so
// nothing the new contract pays is backed only by tokens it does not hold.
func (k *Keeper) SweepPending(ctx context.Context) (bool, error) {
	r, ok, err := k.retiredContract(ctx)
	return ok && r.Stage != types.RETIRED_STAGE_SWEPT, err
}

// carriedUnreconciled reports whether transfer id came from release 1 and
// the retired contract's withdrawn map was not reconciled yet: the old
// contract may have paid it, so it may be neither cancelled nor batched.
func (k *Keeper) carriedUnreconciled(ctx context.Context, id uint64) (bool, error) {
	r, ok, err := k.retiredContract(ctx)
	if err != nil || !ok || r.Stage != types.RETIRED_STAGE_RECONCILE {
		return false, err
	}
	return slices.Contains(r.CarriedTransferIds, id), nil
}

// attestRetired records val's report of the retired contract for the
// sweep's current stage (a validator may replace its report when its
// relayer sees the contract change) and moves the sweep on when more than
// 2/3 of the bonded power reported the same.
func (k *Keeper) attestRetired(ctx context.Context, val sdk.ValAddress, a types.RetiredAttestation) (types.RetiredStage, error) {
	r, ok, err := k.retiredContract(ctx)
	if err != nil {
		return 0, err
	}
	if !ok || r.Stage != a.Stage {
		return r.Stage, errorsmod.Wrapf(types.ErrRetiredStage, "the sweep is in stage %s, the report is for %s", r.Stage, a.Stage)
	}
	if a.Stage == types.RETIRED_STAGE_RECONCILE {
		if err := k.checkSweepRecipient(ctx, r); err != nil {
			return r.Stage, err
		}
		for _, id := range a.PaidTransferIds {
			if !slices.Contains(r.CarriedTransferIds, id) {
				return r.Stage, errorsmod.Wrapf(types.ErrTransferNotFound, "transfer %d was not carried from release 1", id)
			}
		}
	}
	prev, err := k.RetiredVotes.Get(ctx, val)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return r.Stage, err
	}
	if err == nil && prev.Same(a) {
		return r.Stage, errorsmod.Wrapf(types.ErrDuplicateAttestation, "%s reported this already", k.valString(val))
	}
	if err := k.RetiredVotes.Set(ctx, val, a); err != nil {
		return r.Stage, err
	}
	return k.tallyRetired(ctx)
}

// checkSweepRecipient refuses a reconciliation before governance named the
// release-2 contract, or one on another EVM chain than the retired one.
func (k *Keeper) checkSweepRecipient(ctx context.Context, r types.RetiredContract) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if !params.Configured() {
		return errorsmod.Wrap(types.ErrNotConfigured, "the sweep waits for governance to name the release-2 contract")
	}
	if params.EvmChainId != r.EvmChainId {
		return errorsmod.Wrapf(types.ErrInvalidRequest, "the release-2 contract is on EVM chain %d, the retired one on %d: the sweep cannot cross chains",
			params.EvmChainId, r.EvmChainId)
	}
	return nil
}

// tallyRetired moves the sweep on when validators holding more than 2/3 of
// the bonded power made the same report for its stage. Its work grows with
// the validators that reported, which staking bounds.
func (k *Keeper) tallyRetired(ctx context.Context) (types.RetiredStage, error) {
	r, ok, err := k.retiredContract(ctx)
	if err != nil || !ok {
		return r.Stage, err
	}
	total, err := k.stakingKeeper.GetLastTotalPower(ctx)
	if err != nil {
		return r.Stage, err
	}
	type tally struct {
		report types.RetiredAttestation
		power  math.Int
	}
	var tallies []tally
	err = k.RetiredVotes.Walk(ctx, nil, func(val sdk.ValAddress, a types.RetiredAttestation) (bool, error) {
		if a.Stage != r.Stage {
			return false, nil
		}
		power, err := k.stakingKeeper.GetLastValidatorPower(ctx, val)
		if err != nil || power <= 0 {
			return err != nil, err
		}
		i := slices.IndexFunc(tallies, func(t tally) bool { return t.report.Same(a) })
		if i < 0 {
			tallies = append(tallies, tally{report: a, power: math.ZeroInt()})
			i = len(tallies) - 1
		}
		tallies[i].power = tallies[i].power.AddRaw(power)
		return false, nil
	})
	if err != nil {
		return r.Stage, err
	}
	for _, t := range tallies {
		if !passes(t.power, total) {
			continue
		}
		if err := k.RetiredVotes.Clear(ctx, nil); err != nil {
			return r.Stage, err
		}
		if r.Stage == types.RETIRED_STAGE_RECONCILE {
			return k.reconcileRetired(ctx, r, t.report)
		}
		return types.RETIRED_STAGE_SWEPT, k.finishSweep(ctx, r)
	}
	return r.Stage, nil
}

// reconcileRetired applies the attested withdrawn map and admin nonce of
// the retired contract: the carried transfers it paid are EXECUTED, and
// the sweep of what it still holds for the chain is made for signing,
// under a release-1 transfer id no release-1 transfer had.
func (k *Keeper) reconcileRetired(ctx context.Context, r types.RetiredContract, a types.RetiredAttestation) (types.RetiredStage, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return r.Stage, err
	}
	stats, err := k.stats(ctx)
	if err != nil {
		return r.Stage, err
	}
	amount := r.Owed
	for _, id := range a.PaidTransferIds {
		t, err := k.getTransfer(ctx, id)
		if err != nil {
			return r.Stage, err
		}
		if t.Status != types.TRANSFER_STATUS_QUEUED {
			continue // not batched before the sweep; only a paid one is settled here
		}
		t.Status, t.SettledHeight = types.TRANSFER_STATUS_EXECUTED, k.height(ctx)
		if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
			return r.Stage, err
		}
		paid := t.Amount.Add(t.Fee)
		stats.Released = stats.Released.Add(paid)
		amount = amount.Sub(paid)
	}
	if err := k.Stats.Set(ctx, stats); err != nil {
		return r.Stage, err
	}
	if amount.IsNegative() {
		// The chain's totals say the old contract paid more than it held for
		// the chain: nothing is left to sweep.
		amount = math.ZeroInt()
	}
	sweepID, err := k.NextTransferID.Next(ctx)
	if err != nil {
		return r.Stage, err
	}
	r.Stage, r.StageHeight = types.RETIRED_STAGE_SIGN, k.height(ctx)
	r.AdminNonce, r.PaidTransferIds, r.Amount = a.AdminNonce, a.PaidTransferIds, amount
	r.SweepId, r.Recipient = sweepID, common.HexToAddress(params.ContractAddress).Hex()
	if err := k.RetiredContract.Set(ctx, r); err != nil {
		return r.Stage, err
	}
	if err := k.emit(ctx, &types.EventRetiredContractReconciled{Retired: r}); err != nil {
		return r.Stage, err
	}
	if amount.IsZero() {
		return types.RETIRED_STAGE_SWEPT, k.finishSweep(ctx, r)
	}
	return r.Stage, nil
}

// finishSweep records the sweep executed: batches for the release-2
// contract may be made again.
func (k *Keeper) finishSweep(ctx context.Context, r types.RetiredContract) error {
	r.Stage, r.StageHeight = types.RETIRED_STAGE_SWEPT, k.height(ctx)
	if err := k.RetiredContract.Set(ctx, r); err != nil {
		return err
	}
	for _, op := range []uint64{types.SweepOpCap, types.SweepOpWithdraw, types.SweepOpPause} {
		if err := dropSignatures(ctx, k.RetiredSignatures, op); err != nil {
			return err
		}
	}
	return k.emit(ctx, &types.EventRetiredSweepExecuted{Retired: r})
}

// signRetiredSweep stores one key's release-1 signatures of the sweep's
// three operations; all three must be by the same key of val.
func (k *Keeper) signRetiredSweep(ctx context.Context, val sdk.ValAddress, msg *types.MsgSignRetiredSweep) error {
	r, ok, err := k.retiredContract(ctx)
	if err != nil {
		return err
	}
	if !ok || r.Stage != types.RETIRED_STAGE_SIGN {
		return errorsmod.Wrapf(types.ErrRetiredStage, "the sweep is in stage %s, not signing", r.Stage)
	}
	capDigest, withdrawDigest, pauseDigest := r.SweepDigests()
	ops := []struct {
		op     uint64
		digest common.Hash
		sig    []byte
	}{
		{types.SweepOpCap, capDigest, msg.CapSignature},
		{types.SweepOpWithdraw, withdrawDigest, msg.WithdrawSignature},
		{types.SweepOpPause, pauseDigest, msg.PauseSignature},
	}
	// Check all three before storing any: one key of val signed them all.
	var signer common.Address
	for i, item := range ops {
		key, err := k.signingKey(ctx, val, types.Release1SignedHash(item.digest), item.sig)
		if err != nil {
			return errorsmod.Wrapf(err, "sweep operation %d", item.op)
		}
		if i > 0 && key != signer {
			return errorsmod.Wrapf(types.ErrInvalidSignature, "the sweep's operations are signed by %s and %s: one key signs all three", signer.Hex(), key.Hex())
		}
		signer = key
	}
	for _, item := range ops {
		if _, err := k.addSignature(ctx, k.RetiredSignatures, "sweep operation", item.op, val, types.Release1SignedHash(item.digest), item.sig); err != nil {
			return err
		}
	}
	return k.emit(ctx, &types.EventRetiredSweepSigned{Validator: k.valString(val), EvmAddress: signer.Hex()})
}

// retiredUnswept is what the retired contract still holds for the chain:
// owed until the reconciliation, the amount until the sweep executed, then
// zero.
func (k *Keeper) retiredUnswept(ctx context.Context) (math.Int, error) {
	r, ok, err := k.retiredContract(ctx)
	switch {
	case err != nil:
		return math.Int{}, err
	case !ok || r.Stage == types.RETIRED_STAGE_SWEPT:
		return math.ZeroInt(), nil
	case r.Stage == types.RETIRED_STAGE_RECONCILE:
		return r.Owed, nil
	default:
		return r.Amount, nil
	}
}

// checkRetiredChain refuses to name a release-2 contract on another EVM
// chain than the retired contract while its sweep is pending: the sweep
// cannot cross chains.
func (k *Keeper) checkRetiredChain(ctx context.Context, p types.Params) error {
	r, ok, err := k.retiredContract(ctx)
	if err != nil || !ok || r.Stage == types.RETIRED_STAGE_SWEPT || !p.Configured() || p.EvmChainId == r.EvmChainId {
		return err
	}
	return errorsmod.Wrapf(types.ErrInvalidParams, "release 1's contract on EVM chain %d still holds the bridged tokens: the release-2 contract must be on the same chain, not %d",
		r.EvmChainId, p.EvmChainId)
}
