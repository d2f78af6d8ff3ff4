package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// openBatches returns the nonces of the open batches, oldest first; there
// are at most MaxOpenBatches.
func (k *Keeper) openBatches(ctx context.Context) ([]uint64, error) {
	var out []uint64
	err := k.Batches.Indexes.ByStatus.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(types.BATCH_STATUS_OPEN)),
		func(_ int32, nonce uint64) (bool, error) {
			out = append(out, nonce)
			return false, nil
		})
	return out, err
}

// buildBatch makes at most one batch per block from the queued transfers,
// oldest first: up to max_batch_size of them whose amounts and fees fit in
// the withdrawal cap together. It waits until the batch is full or its
// oldest transfer has waited batch_wait_blocks, so the relayers' gas is
// shared by many transfers. It makes none while governance pauses the
// bridge, while MaxOpenBatches are open, or before a signer set exists. It
// reads at most twice max_batch_size queued transfers.
func (k *Keeper) buildBatch(ctx context.Context, params types.Params) error {
	if !params.Configured() || params.Paused {
		return nil
	}
	if pending, err := k.SweepPending(ctx); err != nil || pending {
		return err // the new contract does not hold release 1's tokens yet
	}
	open, err := k.openBatches(ctx)
	if err != nil || len(open) >= types.MaxOpenBatches {
		return err
	}
	if _, ok, err := k.latestSignerSet(ctx); err != nil || !ok {
		return err
	}
	var (
		picked  []types.Transfer
		oldest  int64
		seen    int
		total   = math.ZeroInt()
		maxSize = int(params.MaxBatchSize)
	)
	err = k.Transfers.Indexes.ByStatus.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(types.TRANSFER_STATUS_QUEUED)),
		func(_ int32, id uint64) (bool, error) {
			t, err := k.Transfers.Get(ctx, id)
			if err != nil {
				return true, err
			}
			if seen == 0 {
				oldest = t.CreatedHeight
			}
			seen++
			// A refund above the cap (a deposit larger than the cap to a bad
			// recipient) waits for governance to raise the cap.
			if next := total.Add(t.Amount).Add(t.Fee); next.LTE(params.WithdrawalCap) {
				picked, total = append(picked, t), next
			}
			return len(picked) >= maxSize || seen >= 2*maxSize, nil
		})
	if err != nil || len(picked) == 0 {
		return err
	}
	height := k.height(ctx)
	if len(picked) < maxSize && height-oldest < int64(params.BatchWaitBlocks) { //nolint:gosec // a param of blocks
		return nil
	}
	return k.makeBatch(ctx, params, picked, total)
}

// makeBatch stores a new open batch of transfers, whose deadline is
// batch_timeout_seconds after this block's time.
func (k *Keeper) makeBatch(ctx context.Context, params types.Params, transfers []types.Transfer, total math.Int) error {
	nonce, err := k.NextBatchNonce.Next(ctx)
	if err != nil {
		return err
	}
	bonded, err := k.bondedValidators(ctx)
	if err != nil {
		return err
	}
	info := k.headerService.GetHeaderInfo(ctx)
	b := types.Batch{
		Nonce:         nonce,
		Deadline:      uint64(max(info.Time.Unix(), 0)) + params.BatchTimeoutSeconds, //nolint:gosec // not negative
		Status:        types.BATCH_STATUS_OPEN,
		CreatedHeight: info.Height,
		Total:         total,
	}
	for _, bv := range bonded {
		b.Required = append(b.Required, k.valString(bv.val))
	}
	for _, t := range transfers {
		b.TransferIds = append(b.TransferIds, t.Id)
		t.Status, t.BatchNonce = types.TRANSFER_STATUS_BATCHED, nonce
		if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
			return err
		}
	}
	if err := k.Batches.Set(ctx, nonce, b); err != nil {
		return err
	}
	if err := k.recordDigest(ctx, types.BatchDigestOf(params.BridgeID(), b, transfers)); err != nil {
		return err
	}
	if err := k.scheduleLiveness(ctx, params, livenessBatch, nonce); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventBatchCreated{Nonce: nonce, Transfers: uint32(len(transfers)), Total: total, Deadline: b.Deadline}) //nolint:gosec // at most 256
}

// getBatch returns batch nonce or ErrBatchNotFound.
func (k *Keeper) getBatch(ctx context.Context, nonce uint64) (types.Batch, error) {
	b, err := k.Batches.Get(ctx, nonce)
	if errors.Is(err, collections.ErrNotFound) {
		return b, errorsmod.Wrapf(types.ErrBatchNotFound, "no batch %d", nonce)
	}
	return b, err
}

// openBatch returns batch nonce if it is still open.
func (k *Keeper) openBatch(ctx context.Context, nonce uint64) (types.Batch, error) {
	b, err := k.getBatch(ctx, nonce)
	if err != nil {
		return b, err
	}
	if b.Status != types.BATCH_STATUS_OPEN {
		return b, errorsmod.Wrapf(types.ErrBatchSettled, "batch %d is %s since height %d", nonce, b.Status, b.SettledHeight)
	}
	return b, nil
}

// batchTransfers returns the transfers of a batch, in its order.
func (k *Keeper) batchTransfers(ctx context.Context, b types.Batch) ([]types.Transfer, error) {
	out := make([]types.Transfer, len(b.TransferIds))
	for i, id := range b.TransferIds {
		t, err := k.Transfers.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}

// batchDigest is what the validators sign for an open batch.
func (k *Keeper) batchDigest(ctx context.Context, bridgeID common.Hash, b types.Batch) (common.Hash, error) {
	transfers, err := k.batchTransfers(ctx, b)
	if err != nil {
		return common.Hash{}, err
	}
	return types.BatchDigestOf(bridgeID, b, transfers), nil
}

// signBatch stores a signature of an open batch by one of val's keys. While
// governance pauses the bridge nothing is signed for release.
func (k *Keeper) signBatch(ctx context.Context, val sdk.ValAddress, nonce uint64, sig []byte) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	bridgeID, err := k.bridgeID(params)
	if err != nil {
		return err
	}
	if params.Paused {
		return errorsmod.Wrap(types.ErrPaused, "governance paused the bridge: no release is signed")
	}
	b, err := k.openBatch(ctx, nonce)
	if err != nil {
		return err
	}
	digest, err := k.batchDigest(ctx, bridgeID, b)
	if err != nil {
		return err
	}
	key, err := k.addSignature(ctx, k.BatchSignatures, "batch", nonce, val, digest, sig)
	if err != nil {
		return err
	}
	return k.emit(ctx, &types.EventBatchSigned{Nonce: nonce, Validator: k.valString(val), EvmAddress: key.Hex()})
}

// attestBatch records val's report of what became of a batch and settles
// it once more than 2/3 of the bonded power reported the same outcome.
func (k *Keeper) attestBatch(ctx context.Context, val sdk.ValAddress, nonce uint64, outcome types.BatchOutcome) (bool, error) {
	b, err := k.openBatch(ctx, nonce)
	if err != nil {
		return false, err
	}
	key := collections.Join(nonce, val)
	prev, err := k.BatchVotes.Get(ctx, key)
	switch {
	case err == nil && types.BatchOutcome(prev) == outcome:
		return false, errorsmod.Wrapf(types.ErrDuplicateAttestation, "batch %d already attested %s by %s", nonce, outcome, k.valString(val))
	case err == nil:
		return false, errorsmod.Wrapf(types.ErrConflictingAttestation, "batch %d was attested %s by %s", nonce, types.BatchOutcome(prev), k.valString(val))
	case !errors.Is(err, collections.ErrNotFound):
		return false, err
	}
	if err := k.BatchVotes.Set(ctx, key, int32(outcome)); err != nil {
		return false, err
	}
	if err := k.emit(ctx, &types.EventBatchAttested{Nonce: nonce, Validator: k.valString(val), Outcome: outcome}); err != nil {
		return false, err
	}
	return k.tallyBatch(ctx, b)
}

// tallyBatch settles an open batch whose outcome has more than 2/3 of the
// bonded power behind it, and reports whether it did.
func (k *Keeper) tallyBatch(ctx context.Context, b types.Batch) (bool, error) {
	var executed, expired, voters []sdk.ValAddress
	err := k.BatchVotes.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](b.Nonce),
		func(key collections.Pair[uint64, sdk.ValAddress], outcome int32) (bool, error) {
			voters = append(voters, key.K2())
			if types.BatchOutcome(outcome) == types.BATCH_OUTCOME_EXECUTED {
				executed = append(executed, key.K2())
			} else {
				expired = append(expired, key.K2())
			}
			return false, nil
		})
	if err != nil {
		return false, err
	}
	for _, side := range []struct {
		vals    []sdk.ValAddress
		outcome types.BatchOutcome
	}{{executed, types.BATCH_OUTCOME_EXECUTED}, {expired, types.BATCH_OUTCOME_EXPIRED}} {
		signed, total, err := k.powerOf(ctx, side.vals)
		if err != nil {
			return false, err
		}
		if passes(signed, total) {
			return true, k.settleBatch(ctx, b, side.outcome, voters)
		}
	}
	return false, nil
}

// settleBatch closes a batch. Executed: its transfers are released. Expired
// (the contract can no longer pay it out): its bridge-outs return to their
// senders and its refunds are queued again for another batch. The votes go;
// the signatures stay until the signing window was checked.
func (k *Keeper) settleBatch(ctx context.Context, b types.Batch, outcome types.BatchOutcome, voters []sdk.ValAddress) error {
	height := k.height(ctx)
	transfers, err := k.batchTransfers(ctx, b)
	if err != nil {
		return err
	}
	stats, err := k.stats(ctx)
	if err != nil {
		return err
	}
	switch outcome {
	case types.BATCH_OUTCOME_EXECUTED:
		b.Status = types.BATCH_STATUS_EXECUTED
		for _, t := range transfers {
			t.Status, t.SettledHeight = types.TRANSFER_STATUS_EXECUTED, height
			if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
				return err
			}
		}
		stats.Released = stats.Released.Add(b.Total)
		if err := k.Stats.Set(ctx, stats); err != nil {
			return err
		}
	default:
		b.Status = types.BATCH_STATUS_EXPIRED
		for _, t := range transfers {
			if t.Kind == types.TRANSFER_KIND_BRIDGE_OUT {
				if err := k.returnTransfer(ctx, t, returnBatchExpired); err != nil {
					return err
				}
				continue
			}
			t.Status, t.BatchNonce = types.TRANSFER_STATUS_QUEUED, 0
			if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
				return err
			}
		}
	}
	b.SettledHeight = height
	if err := k.Batches.Set(ctx, b.Nonce, b); err != nil {
		return err
	}
	for _, val := range voters {
		if err := k.BatchVotes.Remove(ctx, collections.Join(b.Nonce, val)); err != nil {
			return err
		}
	}
	if b.LivenessChecked {
		if err := dropSignatures(ctx, k.BatchSignatures, b.Nonce); err != nil {
			return err
		}
	}
	return k.emit(ctx, &types.EventBatchSettled{Nonce: b.Nonce, Outcome: outcome, Total: b.Total})
}

// tallyOpenBatches settles the open batches whose votes passed 2/3 with a
// change of the bonded power rather than an attestation. Its work is the
// votes of at most MaxOpenBatches batches.
func (k *Keeper) tallyOpenBatches(ctx context.Context) error {
	open, err := k.openBatches(ctx)
	if err != nil {
		return err
	}
	for _, nonce := range open {
		b, err := k.Batches.Get(ctx, nonce)
		if err != nil {
			return err
		}
		if _, err := k.tallyBatch(ctx, b); err != nil {
			return err
		}
	}
	return nil
}
