package authority_test

import (
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
)

func TestExpected(t *testing.T) {
	ctx := testutil.DefaultContext(storetypes.NewKVStoreKey("test"), storetypes.NewTransientStoreKey("transient_test"))
	require.Equal(t, "gov", authority.Expected(ctx, "gov"), "no chain-wide authority: the module's")

	ctx = ctx.WithConsensusParams(cmtproto.ConsensusParams{Authority: &cmtproto.AuthorityParams{}})
	require.Equal(t, "gov", authority.Expected(ctx, "gov"), "an empty chain-wide authority is none")

	ctx = ctx.WithConsensusParams(cmtproto.ConsensusParams{Authority: &cmtproto.AuthorityParams{Authority: "council"}})
	require.Equal(t, "council", authority.Expected(ctx, "gov"), "the chain-wide authority overrides")
}
