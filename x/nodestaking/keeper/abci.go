package keeper

import "context"

// EndBlocker processes the node exits that are due. It reads only the due
// head of the exit queue, so a block with no exit due costs the same
// whatever the number of nodes or queued exits.
func (k Keeper) EndBlocker(ctx context.Context) error {
	return k.ProcessExits(ctx)
}
