package lightquery_test

import (
	"context"
	"errors"
	"testing"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/log/v2"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/cosmos/cosmos-sdk/store/v2/rootmulti"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/sessiontoken/sessionchain/client/lightquery"
)

// chain is a multistore of two IAVL stores committed at heights 1..n, and
// the app hash of each height, answering /abci_query as a node does.
type chain struct {
	store    *rootmulti.Store
	appHash  map[int64][]byte
	modified func(*abci.ResponseQuery)
}

var (
	proKey  = storetypes.NewKVStoreKey("pro")
	bankKey = storetypes.NewKVStoreKey("bank")
	subs    = collections.NewPrefix(2)
)

func subKey(t *testing.T, k string) []byte {
	t.Helper()
	key, err := lightquery.MapKey(subs, collections.StringKey, k)
	require.NoError(t, err)
	return key
}

// newChain commits three heights: "alice" is written at height 1 and
// changed at height 3, "bob" is written at height 2; the bank store holds
// other values.
func newChain(t *testing.T) *chain {
	t.Helper()
	st := rootmulti.NewStore(dbm.NewMemDB(), log.NewNopLogger())
	st.MountStoreWithDB(proKey, storetypes.StoreTypeIAVL, nil)
	st.MountStoreWithDB(bankKey, storetypes.StoreTypeIAVL, nil)
	require.NoError(t, st.LoadLatestVersion())
	c := &chain{store: st, appHash: map[int64][]byte{}}
	writes := []map[string]string{
		{"alice": "alice-1"},
		{"bob": "bob-2"},
		{"alice": "alice-3"},
	}
	for i, w := range writes {
		pro := st.GetKVStore(proKey)
		for k, v := range w {
			pro.Set(subKey(t, k), []byte(v))
		}
		st.GetKVStore(bankKey).Set([]byte{byte(i)}, []byte("balance"))
		id := st.Commit()
		c.appHash[id.Version] = id.Hash
	}
	return c
}

func (c *chain) ABCIQueryWithOptions(_ context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*ctypes.ResultABCIQuery, error) {
	// The node strips "/store" and hands the rest to the multistore.
	req := storetypes.RequestQuery{Path: path[len("/store"):], Data: data, Height: opts.Height, Prove: opts.Prove}
	res, err := c.store.Query(&req)
	if err != nil {
		return &ctypes.ResultABCIQuery{Response: abci.ResponseQuery{Code: 1, Log: err.Error()}}, nil
	}
	res.Height = opts.Height
	resp := abci.ResponseQuery(*res)
	if c.modified != nil {
		c.modified(&resp)
	}
	return &ctypes.ResultABCIQuery{Response: resp}, nil
}

// header is the header of height h+1: it commits to the state at h.
func (c *chain) header(h int64) lightquery.Header {
	return lightquery.Header{ChainID: "test", Height: h + 1, AppHash: c.appHash[h]}
}

func TestGetReadsProvenValuesAtTheHeadersHeight(t *testing.T) {
	c := newChain(t)
	r := lightquery.NewReader(c)
	ctx := context.Background()

	v, found, err := r.Get(ctx, c.header(3), "pro", subKey(t, "alice"))
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, "alice-3", string(v))

	v, found, err = r.Get(ctx, c.header(2), "pro", subKey(t, "alice"))
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, "alice-1", string(v), "the state at height 2 is read, not the latest")

	_, found, err = r.Get(ctx, c.header(3), "pro", subKey(t, "carol"))
	require.NoError(t, err)
	require.False(t, found, "an absent key is proven absent")

	_, found, err = r.Get(ctx, c.header(3), "bank", []byte{0})
	require.NoError(t, err)
	require.True(t, found, "any store of the app can be read")
}

func TestGetRefusesAnswersThatDoNotProveThemselves(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		key    string
		modify func(*abci.ResponseQuery)
	}{
		{"value rewritten", "alice", func(r *abci.ResponseQuery) { r.Value = []byte("alice-forged") }},
		{"value dropped", "alice", func(r *abci.ResponseQuery) { r.Value = nil }},
		{"value invented for an absent key", "carol", func(r *abci.ResponseQuery) { r.Value = []byte("carol-forged") }},
		{"proof removed", "alice", func(r *abci.ResponseQuery) { r.ProofOps = nil }},
		{"proof of another key", "alice", func(r *abci.ResponseQuery) { r.Key = subKeyBytes("bob") }},
		{"other height", "alice", func(r *abci.ResponseQuery) { r.Height-- }},
		{"proof operation corrupted", "alice", func(r *abci.ResponseQuery) {
			r.ProofOps.Ops[0].Data[len(r.ProofOps.Ops[0].Data)-1] ^= 1
		}},
		{"store proof dropped", "alice", func(r *abci.ResponseQuery) { r.ProofOps.Ops = r.ProofOps.Ops[:1] }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t)
			c.modified = tc.modify
			_, _, err := lightquery.NewReader(c).Get(ctx, c.header(3), "pro", subKey(t, tc.key))
			require.ErrorIs(t, err, lightquery.ErrVerification)
		})
	}
}

func TestGetRefusesAHeaderOfAnotherState(t *testing.T) {
	c := newChain(t)
	h := c.header(3)
	h.AppHash = c.appHash[2]
	_, _, err := lightquery.NewReader(c).Get(context.Background(), h, "pro", subKey(t, "alice"))
	require.ErrorIs(t, err, lightquery.ErrVerification)
}

func TestGetReportsANodeErrorAsSuch(t *testing.T) {
	c := newChain(t)
	// Height 9 was never committed: the node fails, it does not lie.
	_, _, err := lightquery.NewReader(c).Get(context.Background(), lightquery.Header{Height: 10, AppHash: c.appHash[3]}, "pro", subKey(t, "alice"))
	require.Error(t, err)
	require.False(t, errors.Is(err, lightquery.ErrVerification), "%v", err)

	// The SDK refuses proofs at heights 0 and 1.
	_, _, err = lightquery.NewReader(c).Get(context.Background(), c.header(1), "pro", subKey(t, "alice"))
	require.ErrorContains(t, err, "cannot be proven yet")
}

func TestItemKeyIsThePrefix(t *testing.T) {
	require.Equal(t, []byte{7}, lightquery.ItemKey(collections.NewPrefix(7)))
}

func subKeyBytes(k string) []byte {
	key, err := lightquery.MapKey(subs, collections.StringKey, k)
	if err != nil {
		panic(err)
	}
	return key
}
