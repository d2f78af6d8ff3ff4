package lightquery_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/sessiontoken/sessionchain/client/lightquery"
)

type commitFunc func(ctx context.Context, height *int64) (*ctypes.ResultCommit, error)

func (f commitFunc) Commit(ctx context.Context, height *int64) (*ctypes.ResultCommit, error) {
	return f(ctx, height)
}

func TestTrustNodeTakesTheNodesLatestHeader(t *testing.T) {
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	node := commitFunc(func(_ context.Context, height *int64) (*ctypes.ResultCommit, error) {
		require.Nil(t, height, "the latest commit is asked for")
		return &ctypes.ResultCommit{SignedHeader: cmttypes.SignedHeader{Header: &cmttypes.Header{
			ChainID: "devnet", Height: 12, Time: at, AppHash: []byte{1, 2, 3},
		}}}, nil
	})
	h, err := lightquery.NewTrustNode(node).Latest(context.Background())
	require.NoError(t, err)
	require.Equal(t, lightquery.Header{ChainID: "devnet", Height: 12, Time: at, AppHash: []byte{1, 2, 3}}, h)
	require.Equal(t, int64(11), h.StateHeight())

	empty := commitFunc(func(context.Context, *int64) (*ctypes.ResultCommit, error) { return &ctypes.ResultCommit{}, nil })
	_, err = lightquery.NewTrustNode(empty).Latest(context.Background())
	require.ErrorContains(t, err, "no header")
}
