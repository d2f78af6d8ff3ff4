package keepertest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/header"

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

// NextBlock returns the context of the block after ctx's, d later, on the
// same chain, with no events yet. The block's own hashes (its hash and the
// app hash before it) are not carried over: a test sets them if it reads
// them.
func NextBlock(ctx sdk.Context, d time.Duration) sdk.Context {
	return AtTime(ctx, ctx.HeaderInfo().Time.Add(d))
}

// AtTime returns the context of the block after ctx's, at time t, as
// NextBlock does.
func AtTime(ctx sdk.Context, t time.Time) sdk.Context {
	info := ctx.HeaderInfo()
	next := header.Info{Height: info.Height + 1, Time: t, ChainID: info.ChainID}
	return ctx.WithHeaderInfo(next).WithEventManager(sdk.NewEventManager())
}

// RequireBlock runs a BeginBlocker or EndBlocker, which must neither panic
// nor fail: either would halt the chain.
func RequireBlock(t testing.TB, run func() error, msgAndArgs ...any) {
	t.Helper()
	var err error
	require.NotPanics(t, func() { err = run() }, msgAndArgs...)
	require.NoError(t, err, msgAndArgs...)
}

// ClearEvents returns ctx with the events emitted so far forgotten.
func ClearEvents(ctx sdk.Context) sdk.Context {
	return ctx.WithEventManager(sdk.NewEventManager())
}
