package blocktime_test

import (
	"context"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/header"
	"cosmossdk.io/log/v2"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/blocktime"
)

// headerInfo is the header service of the SDK's runtime: it reads the
// header info the context carries.
type headerInfo struct{}

func (headerInfo) GetHeaderInfo(ctx context.Context) header.Info {
	return sdk.UnwrapSDKContext(ctx).HeaderInfo()
}

func TestNowInTransactionsAndQueries(t *testing.T) {
	block := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	base := sdk.NewContext(nil, cmtproto.Header{}, false, log.NewNopLogger())

	// Blocks and transactions carry the header info.
	tx := base.WithHeaderInfo(header.Info{Time: block})
	require.Equal(t, block, blocktime.Now(tx, headerInfo{}))

	// Query contexts carry only the block header.
	query := base.WithBlockHeader(cmtproto.Header{Time: block})
	require.True(t, headerInfo{}.GetHeaderInfo(query).Time.IsZero(), "the premise: no header info in a query context")
	require.Equal(t, block, blocktime.Now(query, headerInfo{}))

	// A context wrapping an sdk.Context is read the same way.
	wrapped := context.WithValue(context.Background(), sdk.SdkContextKey, query)
	require.Equal(t, block, blocktime.Now(wrapped, headerInfo{}))
}
