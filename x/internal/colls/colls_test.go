package colls_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"

	"github.com/sessiontoken/sessionchain/x/internal/colls"
)

func TestRemoveRange(t *testing.T) {
	key := storetypes.NewKVStoreKey("colls")
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_colls"))
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	m := collections.NewMap(sb, collections.NewPrefix(1), "m", collections.PairKeyCodec(collections.Uint64Key, collections.StringKey), collections.StringValue)
	other := collections.NewMap(sb, collections.NewPrefix(2), "other", collections.Uint64Key, collections.StringValue)
	_, err := sb.Build()
	require.NoError(t, err)
	for _, k := range []collections.Pair[uint64, string]{
		collections.Join(uint64(1), "a"), collections.Join(uint64(2), "a"), collections.Join(uint64(2), "b"), collections.Join(uint64(3), "a"),
	} {
		require.NoError(t, m.Set(ctx, k, k.K2()))
	}
	require.NoError(t, other.Set(ctx, 2, "kept"))

	require.NoError(t, colls.RemoveRange(ctx, m, collections.NewPrefixedPairRange[uint64, string](2)))

	it, err := m.Iterate(ctx, nil)
	require.NoError(t, err)
	left, err := it.Keys()
	require.NoError(t, err)
	require.Equal(t, []collections.Pair[uint64, string]{collections.Join(uint64(1), "a"), collections.Join(uint64(3), "a")}, left)
	v, err := other.Get(ctx, 2)
	require.NoError(t, err)
	require.Equal(t, "kept", v)

	require.NoError(t, colls.RemoveRange(ctx, m, collections.NewPrefixedPairRange[uint64, string](7)), "an empty range is no error")
}
