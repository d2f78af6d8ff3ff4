// Package branch runs state changes that must happen all together or not
// at all, as a transaction's are, in the places that have no transaction
// to roll them back: BeginBlock and EndBlock work that logs a failure and
// goes on rather than halt the chain.
package branch

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Run runs fn in a branch of the state and writes the branch, with the
// events fn emitted, only if fn succeeds; on an error nothing of it stays.
func Run(ctx context.Context, fn func(context.Context) error) error {
	cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	if err := fn(cacheCtx); err != nil {
		return err
	}
	write()
	return nil
}
