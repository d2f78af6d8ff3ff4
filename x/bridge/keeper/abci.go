package keeper

import "context"

// EndBlocker runs after staking has set this block's powers. It makes a new
// signer set when the validators changed enough (at most one per
// signer_set_min_blocks); observes deposits past 2/3 that no attestation
// observed (carried there by a power change, or held back in the block
// because an earlier deposit was still open) and watches the next deposit
// for a split vote; settles what a power change carried past 2/3 (the
// contract's state, open batches); makes a batch of queued transfers; and
// checks the signing windows that end now. Its work is bounded: it grows
// with the bonded validators and at most MaxOpenBatches batches, never with
// the transfers or the users. It then sets the bridge metrics.
func (k *Keeper) EndBlocker(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.updateSignerSet(ctx, params); err != nil {
		return err
	}
	if params.Configured() {
		if !params.Paused {
			if err := k.observeDeposits(ctx); err != nil {
				return err
			}
			if err := k.checkDepositSplit(ctx, params); err != nil {
				return err
			}
		}
		if err := k.tallyContractState(ctx); err != nil {
			return err
		}
		if err := k.tallyOpenBatches(ctx); err != nil {
			return err
		}
		if err := k.buildBatch(ctx, params); err != nil {
			return err
		}
	}
	if err := k.checkLiveness(ctx, params); err != nil {
		return err
	}
	return k.EmitMetrics(ctx)
}
