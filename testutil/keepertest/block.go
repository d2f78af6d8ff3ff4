package keepertest

import (
	"context"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Deliver runs a Msg handler as baseapp does: in a cache context whose
// writes and events reach ctx only if the handler succeeds.
func Deliver(ctx sdk.Context, handler func(ctx context.Context) error) error {
	cacheCtx, write := ctx.CacheContext()
	if err := handler(cacheCtx); err != nil {
		return err
	}
	write()
	return nil
}

// NextBlock returns the context of the block after ctx's, d later, with
// the rest of the header (chain id, app hash) as it was and no events yet.
func NextBlock(ctx sdk.Context, d time.Duration) sdk.Context {
	return AtTime(ctx, ctx.HeaderInfo().Time.Add(d))
}

// AtTime returns the context of the block after ctx's, at time t, with the
// rest of the header as it was and no events yet.
func AtTime(ctx sdk.Context, t time.Time) sdk.Context {
	info := ctx.HeaderInfo()
	info.Height++
	info.Time = t
	return ctx.WithHeaderInfo(info).WithEventManager(sdk.NewEventManager())
}

// ClearEvents returns ctx with the events emitted so far forgotten.
func ClearEvents(ctx sdk.Context) sdk.Context {
	return ctx.WithEventManager(sdk.NewEventManager())
}
