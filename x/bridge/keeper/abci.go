package keeper

import "context"

// EndBlocker runs after staking has set this block's powers: it makes a new
// signer set when the validators changed enough, and observes deposits past
// 2/3 that no attestation observed: carried there by a power change, or held
// back in the block because an earlier deposit was still open. Its work grows with the validators that
// registered EVM keys and the votes of one deposit, never with the transfers.
// It then sets the bridge metrics.
func (k *Keeper) EndBlocker(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.updateSignerSet(ctx, params); err != nil {
		return err
	}
	if params.Configured() && !params.Paused {
		if err := k.observeDeposits(ctx); err != nil {
			return err
		}
	}
	return k.EmitMetrics(ctx)
}
