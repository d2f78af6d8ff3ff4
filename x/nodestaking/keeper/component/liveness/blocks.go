package liveness

import (
	"bytes"
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// maxBlocksForgotten bounds how many old app hashes a block deletes: one
// is due each block, and the rest of a window that governance shortened
// goes over the next blocks.
const maxBlocksForgotten = 2

// RecordBlock runs at the start of every block: it moves the liveness
// clock on (see Now) and keeps the app hash the chain reached at the
// previous height. It reads the params and writes two small records.
func (k *Keeper) RecordBlock(ctx context.Context) error {
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	if err := k.tickClock(ctx, params); err != nil {
		return err
	}
	return k.recordAppHash(ctx, params)
}

// recordAppHash keeps the app hash the chain reached at the previous
// height, which the block's header carries, for the uptime proofs of the
// next proof_block_window blocks to sign, and forgets the hashes older than
// that. A header without a 32-byte app hash records nothing.
func (k *Keeper) recordAppHash(ctx context.Context, params types.Params) error {
	info := k.env.HeaderService.GetHeaderInfo(ctx)
	if info.Height < 2 || len(info.AppHash) != types.AppHashSize {
		return nil
	}
	if err := k.ProofBlocks.Set(ctx, info.Height-1, info.AppHash); err != nil {
		return err
	}
	oldest := info.Height - int64(params.ProofBlockWindow)
	it, err := k.ProofBlocks.Iterate(ctx, new(collections.Range[int64]).EndExclusive(oldest))
	if err != nil {
		return err
	}
	var old []int64
	for ; it.Valid() && len(old) < maxBlocksForgotten; it.Next() {
		h, err := it.Key()
		if err != nil {
			return errors.Join(err, it.Close())
		}
		old = append(old, h)
	}
	if err := it.Close(); err != nil {
		return err
	}
	for _, h := range old {
		if err := k.ProofBlocks.Remove(ctx, h); err != nil {
			return err
		}
	}
	return nil
}

// checkProofBlock accepts the block a proof names if it is a committed
// block of this chain at most proof_block_window blocks back, and app
// hash is the one the chain reached there.
func (k *Keeper) checkProofBlock(ctx context.Context, height int64, appHash []byte, params types.Params) error {
	now := k.env.HeaderService.GetHeaderInfo(ctx).Height
	if height >= now {
		return errorsmod.Wrapf(types.ErrUnknownBlock, "block %d is not committed yet: this is block %d", height, now)
	}
	if age := now - height; age > int64(params.ProofBlockWindow) {
		return errorsmod.Wrapf(types.ErrStaleProof, "block %d is %d blocks old; at most %d are accepted", height, age, params.ProofBlockWindow)
	}
	stored, err := k.ProofBlocks.Get(ctx, height)
	if errors.Is(err, collections.ErrNotFound) {
		return errorsmod.Wrapf(types.ErrUnknownBlock, "no app hash is recorded for block %d", height)
	}
	if err != nil {
		return err
	}
	if !bytes.Equal(stored, appHash) {
		return errorsmod.Wrapf(types.ErrUnknownBlock, "app hash %X is not the one of block %d", appHash, height)
	}
	return nil
}

// LatestProofBlock returns the newest recorded block and its app hash, for
// node software and simulations that build a proof; ok is false when none
// is recorded yet.
func (k *Keeper) LatestProofBlock(ctx context.Context) (height int64, appHash []byte, ok bool, err error) {
	it, err := k.ProofBlocks.Iterate(ctx, new(collections.Range[int64]).Descending())
	if err != nil {
		return 0, nil, false, err
	}
	defer it.Close()
	if !it.Valid() {
		return 0, nil, false, nil
	}
	kv, err := it.KeyValue()
	if err != nil {
		return 0, nil, false, err
	}
	return kv.Key, kv.Value, true, nil
}
