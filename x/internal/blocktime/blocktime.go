// Package blocktime reads the time of the block a context belongs to, the
// same in transactions, in begin and end block, and in queries.
package blocktime

import (
	"context"
	"time"

	"cosmossdk.io/core/header"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Now returns the block time. Transactions and block hooks carry it in the
// header info; query contexts carry only the block header (the SDK builds
// them with WithBlockHeader), so the header's time stands in there: a query
// at height h sees the time of block h.
func Now(ctx context.Context, hs header.Service) time.Time {
	if t := hs.GetHeaderInfo(ctx).Time; !t.IsZero() {
		return t
	}
	if sdkCtx, ok := ctx.(sdk.Context); ok {
		return sdkCtx.BlockTime()
	}
	if sdkCtx, ok := ctx.Value(sdk.SdkContextKey).(sdk.Context); ok {
		return sdkCtx.BlockTime()
	}
	return time.Time{}
}
