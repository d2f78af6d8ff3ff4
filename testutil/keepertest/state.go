package keepertest

import (
	"encoding/hex"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// State is every entry of every KV store of an Env (the module's and the
// fakes': balances, supply, pool inflows), as hex keys and values by store
// name. Two States are equal exactly when no store changed between them;
// the transient stores are left out, as a block's end empties them.
type State map[string]map[string]string

// State returns the Env's stores as they are in ctx.
func (e *Env) State(ctx sdk.Context) State {
	out := State{}
	for _, name := range slices.Sorted(maps.Keys(e.keys)) {
		out[name] = e.Store(ctx, name)
	}
	return out
}

// Store returns every key and value of the KV store named name, in hex.
func (e *Env) Store(ctx sdk.Context, name string) map[string]string {
	it := ctx.KVStore(e.StoreKey(name)).Iterator(nil, nil)
	defer it.Close()
	out := map[string]string{}
	for ; it.Valid(); it.Next() {
		out[hex.EncodeToString(it.Key())] = hex.EncodeToString(it.Value())
	}
	return out
}

// RequireRejected checks that err is wantErr and that the state after
// (whatever a module's snapshot holds) is still the state before, as a
// rejected Msg must leave it.
func RequireRejected[S any](t testing.TB, err, wantErr error, before, after S) {
	t.Helper()
	require.ErrorIs(t, err, wantErr)
	require.Equal(t, before, after, "a rejected Msg changed the state")
}
