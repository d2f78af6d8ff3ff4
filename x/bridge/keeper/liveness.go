package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Kinds of items whose signing window is checked.
const (
	livenessSignerSet = types.LivenessKindSignerSet
	livenessBatch     = types.LivenessKindBatch
)

// maxLivenessPerBlock bounds the signing-window checks of one end of block;
// later ones wait for the next block. A block makes at most one batch and
// one signer set, so the queue does not grow.
const maxLivenessPerBlock = 4

// scheduleLiveness queues the check of an item's signatures
// signing_window_blocks after now.
func (k *Keeper) scheduleLiveness(ctx context.Context, params types.Params, kind, nonce uint64) error {
	deadline := k.height(ctx) + int64(params.SigningWindowBlocks) //nolint:gosec // a param of blocks
	return k.LivenessQueue.Set(ctx, collections.Join3(deadline, kind, nonce))
}

// checkLiveness jails the validators that did not sign a signer set or a
// batch within signing_window_blocks: those bonded when it was made (members
// and validators without a key alike), as far as they are still bonded and
// not jailed. Registering a key and running a relayer is a validator's duty.
// While governance pauses the bridge batches cannot be signed, so their
// windows pass without jailing anyone.
func (k *Keeper) checkLiveness(ctx context.Context, params types.Params) error {
	var due []collections.Triple[int64, uint64, uint64]
	err := k.LivenessQueue.Walk(ctx, collections.NewPrefixUntilTripleRange[int64, uint64, uint64](k.height(ctx)),
		func(entry collections.Triple[int64, uint64, uint64]) (bool, error) {
			due = append(due, entry)
			return len(due) >= maxLivenessPerBlock, nil
		})
	if err != nil {
		return err
	}
	contract, err := k.contractSetNonce(ctx)
	if err != nil {
		return err
	}
	for _, entry := range due {
		if err := k.LivenessQueue.Remove(ctx, entry); err != nil {
			return err
		}
		switch entry.K2() {
		case livenessSignerSet:
			err = k.checkSignerSetLiveness(ctx, params, entry.K3(), contract)
		case livenessBatch:
			err = k.checkBatchLiveness(ctx, params, entry.K3())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (k *Keeper) checkSignerSetLiveness(ctx context.Context, params types.Params, nonce, contract uint64) error {
	set, err := k.SignerSets.Get(ctx, nonce)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	required := append([]string{}, set.Absent...)
	for _, m := range set.Members {
		required = append(required, m.Validator)
	}
	if params.Configured() {
		if err := k.jailNonSigners(ctx, params, k.SignerSetSignatures, nonce, required, fmt.Sprintf("signer set %d", nonce)); err != nil {
			return err
		}
	}
	if nonce < contract {
		if err := k.SignerSets.Remove(ctx, nonce); err != nil {
			return err
		}
		return dropSignatures(ctx, k.SignerSetSignatures, nonce)
	}
	set.LivenessChecked = true
	return k.SignerSets.Set(ctx, nonce, set)
}

func (k *Keeper) checkBatchLiveness(ctx context.Context, params types.Params, nonce uint64) error {
	b, err := k.Batches.Get(ctx, nonce)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !params.Paused {
		if err := k.jailNonSigners(ctx, params, k.BatchSignatures, nonce, b.Required, fmt.Sprintf("batch %d", nonce)); err != nil {
			return err
		}
	}
	b.LivenessChecked = true
	if err := k.Batches.Set(ctx, nonce, b); err != nil {
		return err
	}
	if b.Status != types.BATCH_STATUS_OPEN {
		return dropSignatures(ctx, k.BatchSignatures, nonce)
	}
	return nil
}

// jailNonSigners jails those of required that signed item nonce with none
// of their keys. A jailing that fails (a validator that left meanwhile) is
// logged, not fatal.
func (k *Keeper) jailNonSigners(ctx context.Context, params types.Params, sigs itemSignatures, nonce uint64, required []string, item string) error {
	signed := map[string]bool{}
	list, err := signaturesOf(ctx, sigs, nonce)
	if err != nil {
		return err
	}
	for _, s := range list {
		signed[s.Validator] = true
	}
	for _, valStr := range required {
		if signed[valStr] {
			continue
		}
		val, err := k.valAddress(valStr)
		if err != nil {
			return err
		}
		v, err := k.stakingKeeper.GetValidator(ctx, val)
		if err != nil || v.IsJailed() || !v.IsBonded() {
			continue // gone, jailed already, or no longer bonded
		}
		if err := k.inBranch(ctx, func(ctx context.Context) error {
			if err := k.slash(ctx, val, params.LivenessSlashFraction); err != nil {
				return err
			}
			return k.emit(ctx, &types.EventValidatorJailed{Validator: valStr, Item: item})
		}); err != nil {
			k.logger.Error("bridge: could not jail a validator that did not sign", "validator", valStr, "item", item, "err", err)
			continue
		}
		k.logger.Info("bridge: validator jailed for not signing", "validator", valStr, "item", item)
	}
	return nil
}
