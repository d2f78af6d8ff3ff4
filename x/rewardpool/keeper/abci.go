package keeper

import "context"

// BeginBlocker releases the block's share of the daily reward, settling any
// days that ended since the last block first. Its work is bounded by
// max_catchup_days and does not depend on how many accounts or nodes exist.
// It then sets the pool's metrics.
func (k Keeper) BeginBlocker(ctx context.Context) error {
	if err := k.advance(ctx, k.headerService.GetHeaderInfo(ctx).Time); err != nil {
		return err
	}
	return k.EmitMetrics(ctx)
}
