package branch_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
)

func TestRunWritesOnlyWhatSucceeds(t *testing.T) {
	key := storetypes.NewKVStoreKey("test")
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test"))
	set := func(k, v string, fail error) func(context.Context) error {
		return func(ctx context.Context) error {
			sdkCtx := sdk.UnwrapSDKContext(ctx)
			sdkCtx.KVStore(key).Set([]byte(k), []byte(v))
			sdkCtx.EventManager().EmitEvent(sdk.NewEvent("set", sdk.NewAttribute("key", k)))
			return fail
		}
	}

	require.NoError(t, branch.Run(ctx, set("a", "1", nil)))
	boom := errors.New("boom")
	require.ErrorIs(t, branch.Run(ctx, set("b", "2", boom)), boom)

	require.Equal(t, []byte("1"), ctx.KVStore(key).Get([]byte("a")))
	require.Nil(t, ctx.KVStore(key).Get([]byte("b")), "a failed branch leaves nothing")
	require.Len(t, ctx.EventManager().Events(), 1, "only the written branch's events")
}
