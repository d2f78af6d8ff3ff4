package chainstate_test

import (
	"context"
	"testing"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/log/v2"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/store/v2/rootmulti"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/sessiontoken/sessionchain/client/lightquery"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/chainstate"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

var t0 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// node is a committed x/pro store answering /abci_query, counting queries.
type node struct {
	store   *rootmulti.Store
	key     *storetypes.KVStoreKey
	hashes  map[int64][]byte
	queries int
}

func newNode(t *testing.T) *node {
	t.Helper()
	st := rootmulti.NewStore(dbm.NewMemDB(), log.NewNopLogger())
	key := storetypes.NewKVStoreKey(types.StoreKey)
	st.MountStoreWithDB(key, storetypes.StoreTypeIAVL, nil)
	require.NoError(t, st.LoadLatestVersion())
	return &node{store: st, key: key, hashes: map[int64][]byte{}}
}

// commit writes the revocations (and the last ticket) and commits a height.
func (n *node) commit(t *testing.T, last uint64, entries ...types.Revocation) {
	t.Helper()
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	kv := n.store.GetKVStore(n.key)
	for _, e := range entries {
		k, err := types.RevocationStoreKey(e.Ticket)
		require.NoError(t, err)
		kv.Set(k, cdc.MustMarshal(&e))
	}
	bz, err := collections.Uint64Value.Encode(last)
	require.NoError(t, err)
	kv.Set(types.LastRevocationTicketStoreKey(), bz)
	id := n.store.Commit()
	n.hashes[id.Version] = id.Hash
}

func (n *node) ABCIQueryWithOptions(_ context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*ctypes.ResultABCIQuery, error) {
	n.queries++
	res, err := n.store.Query(&storetypes.RequestQuery{Path: path[len("/store"):], Data: data, Height: opts.Height, Prove: opts.Prove})
	if err != nil {
		return &ctypes.ResultABCIQuery{Response: abci.ResponseQuery{Code: 1, Log: err.Error()}}, nil
	}
	res.Height = opts.Height
	return &ctypes.ResultABCIQuery{Response: abci.ResponseQuery(*res)}, nil
}

// headers serves the header committing to the node's latest state.
type headers struct {
	n    *node
	time time.Time
}

func (h *headers) Latest(context.Context) (lightquery.Header, error) {
	v := h.n.store.LastCommitID().Version
	return lightquery.Header{Height: v + 1, Time: h.time, AppHash: h.n.hashes[v]}, nil
}

func revocation(ticket uint64, at time.Time) types.Revocation {
	return types.Revocation{
		Ticket: ticket, RevocationTag: make([]byte, 32), RecordedAt: at, EffectiveAt: at.Add(26 * time.Hour),
		SessionPubkey: "9f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677",
	}
}

// Revocations reads each entry once, from the latest ticket down to the
// first one too old, and serves the kept ones in ticket order.
func TestRevocationsAreReadOnceAndKeptWithinTheRetention(t *testing.T) {
	n := newNode(t)
	n.commit(t, 0)
	n.commit(t, 3, revocation(1, t0.Add(-40*24*time.Hour)), revocation(2, t0.Add(-2*time.Hour)), revocation(3, t0.Add(-time.Hour)))
	h := &headers{n: n, time: t0}
	// The headers are of a fixed past time: no age limit here.
	r := chainstate.New(h, n, 100*365*24*time.Hour, time.Nanosecond)
	ctx := context.Background()

	snap, err := r.Snapshot(ctx)
	require.NoError(t, err)
	entries, last, err := snap.Revocations(ctx, 31*24*time.Hour)
	require.NoError(t, err)
	require.Equal(t, uint64(3), last)
	require.Equal(t, []uint64{2, 3}, tickets(entries), "ticket 1 is past the retention")
	require.Equal(t, 4, n.queries, "the last ticket, then tickets 3, 2 and 1")

	n.commit(t, 4, revocation(4, t0))
	n.queries = 0
	snap, err = r.Snapshot(ctx)
	require.NoError(t, err)
	entries, last, err = snap.Revocations(ctx, 31*24*time.Hour)
	require.NoError(t, err)
	require.Equal(t, uint64(4), last)
	require.Equal(t, []uint64{2, 3, 4}, tickets(entries))
	require.Equal(t, 2, n.queries, "only the last ticket and the new entry")

	// Later, 2 and 3 age out of the list.
	h.time = t0.Add(31*24*time.Hour - 30*time.Minute)
	snap, err = r.Snapshot(ctx)
	require.NoError(t, err)
	entries, _, err = snap.Revocations(ctx, 31*24*time.Hour)
	require.NoError(t, err)
	require.Equal(t, []uint64{4}, tickets(entries))
}

func TestSnapshotRefusesStaleHeaders(t *testing.T) {
	n := newNode(t)
	n.commit(t, 0)
	n.commit(t, 0)
	h := &headers{n: n, time: time.Now().Add(-2 * time.Minute)}
	_, err := chainstate.New(h, n, time.Minute, time.Nanosecond).Snapshot(context.Background())
	require.ErrorIs(t, err, chainstate.ErrStale)

	h.time = time.Now()
	snap, err := chainstate.New(h, n, time.Minute, time.Hour).Snapshot(context.Background())
	require.NoError(t, err)
	require.Equal(t, int64(2), snap.Height())
	_, found, err := snap.Subscription(context.Background(), "9f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677")
	require.NoError(t, err)
	require.False(t, found, "proven absent")
}

func tickets(entries []types.Revocation) []uint64 {
	out := []uint64{}
	for _, e := range entries {
		out = append(out, e.Ticket)
	}
	return out
}
