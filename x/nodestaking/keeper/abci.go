package keeper

import "context"

// BeginBlocker moves the liveness clock on (counting a halt, if the gap
// since the last block was one) and records the app hash of the previous
// block, which uptime proofs sign. It reads the header and the params and
// writes two small records.
func (k Keeper) BeginBlocker(ctx context.Context) error {
	return k.Liveness.RecordBlock(ctx)
}

// EndBlocker processes the node exits, the operator fee changes and the
// liveness deadlines that are due. It reads only the due heads of the time-ordered queues, so a block
// with nothing due costs the same whatever the number of nodes. It then sets
// the node metrics.
func (k Keeper) EndBlocker(ctx context.Context) error {
	if err := k.Staking.ProcessExits(ctx); err != nil {
		return err
	}
	if err := k.Staking.ProcessFeeChanges(ctx); err != nil {
		return err
	}
	if err := k.Liveness.Process(ctx); err != nil {
		return err
	}
	return k.EmitMetrics(ctx)
}
