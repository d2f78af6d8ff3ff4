package colls_test

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

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

// record is a value with an indexed field (kind) and one that is not (n).
type record struct{ kind, n uint64 }

type recordCodec struct{}

func (recordCodec) Encode(r record) ([]byte, error) {
	return append(binary.BigEndian.AppendUint64(nil, r.kind), binary.BigEndian.AppendUint64(nil, r.n)...), nil
}

func (recordCodec) Decode(b []byte) (record, error) {
	return record{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}, nil
}
func (recordCodec) EncodeJSON(record) ([]byte, error) { return nil, nil }
func (recordCodec) DecodeJSON([]byte) (record, error) { return record{}, nil }
func (recordCodec) Stringify(r record) string         { return fmt.Sprint(r) }
func (recordCodec) ValueType() string                 { return "record" }

type byKind struct {
	Kind collections.Index[uint64, record]
}

func (i byKind) IndexesList() []collections.Index[uint64, record] {
	return []collections.Index[uint64, record]{i.Kind}
}

func kindOf(_ uint64, r record) (uint64, error) { return r.kind, nil }

func TestMulti(t *testing.T) {
	key := storetypes.NewKVStoreKey("colls")
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_colls"))
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	kind := colls.NewMulti(sb, collections.NewPrefix(1), "by_kind", collections.Uint64Key, collections.Uint64Key, kindOf)
	m := collections.NewIndexedMap(sb, collections.NewPrefix(2), "m", collections.Uint64Key, recordCodec{}, byKind{kind})
	// The same map with the SDK's index, to compare the store work.
	plain := collections.NewIndexedMap(sb, collections.NewPrefix(3), "plain", collections.Uint64Key, recordCodec{},
		byKind{indexes.NewMulti(sb, collections.NewPrefix(4), "plain_by_kind", collections.Uint64Key, collections.Uint64Key, kindOf)})
	_, err := sb.Build()
	require.NoError(t, err)
	ofKind := func(k uint64) []uint64 {
		it, err := kind.MatchExact(ctx, k)
		require.NoError(t, err)
		pks, err := it.PrimaryKeys()
		require.NoError(t, err)
		return pks
	}
	gasOf := func(set func(sdk.Context) error) storetypes.Gas {
		gctx := ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
		require.NoError(t, set(gctx))
		return gctx.GasMeter().GasConsumed()
	}

	require.NoError(t, m.Set(ctx, 1, record{kind: 7, n: 1}))
	require.NoError(t, m.Set(ctx, 2, record{kind: 7, n: 1}))
	require.NoError(t, plain.Set(ctx, 1, record{kind: 7, n: 1}))
	require.Equal(t, []uint64{1, 2}, ofKind(7))

	// The kind stays: the entry is not written again, the value is.
	ours := gasOf(func(c sdk.Context) error { return m.Set(c, 1, record{kind: 7, n: 2}) })
	theirs := gasOf(func(c sdk.Context) error { return plain.Set(c, 1, record{kind: 7, n: 2}) })
	require.Less(t, ours, theirs, "no delete and write of the unchanged entry")
	v, err := m.Get(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, record{kind: 7, n: 2}, v)
	require.Equal(t, []uint64{1, 2}, ofKind(7))

	// The kind changes: the entry moves.
	require.NoError(t, m.Set(ctx, 1, record{kind: 8, n: 2}))
	require.Equal(t, []uint64{2}, ofKind(7))
	require.Equal(t, []uint64{1}, ofKind(8))

	// Removal drops the entry.
	require.NoError(t, m.Remove(ctx, 2))
	require.Empty(t, ofKind(7))
}
