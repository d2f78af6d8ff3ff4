package authority_test

import (
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

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

func TestFromConfig(t *testing.T) {
	// The SDK reads an address in the global config's prefix.
	codec := addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	gov, err := codec.BytesToString(authtypes.NewModuleAddress(govtypes.ModuleName))
	require.NoError(t, err)

	got, err := authority.FromConfig(codec, "")
	require.NoError(t, err)
	require.Equal(t, gov, got, "no configured authority: the gov module account")

	got, err = authority.FromConfig(codec, "council")
	require.NoError(t, err)
	want, err := codec.BytesToString(authtypes.NewModuleAddress("council"))
	require.NoError(t, err)
	require.Equal(t, want, got, "a module name: its module account")

	got, err = authority.FromConfig(codec, gov)
	require.NoError(t, err)
	require.Equal(t, gov, got, "an address stays itself")
}

func TestCheck(t *testing.T) {
	errInvalid := errorsmod.Register("authority_test", 2, "invalid authority")
	ctx := testutil.DefaultContext(storetypes.NewKVStoreKey("test"), storetypes.NewTransientStoreKey("transient_test"))
	require.NoError(t, authority.Check(ctx, "gov", "gov", errInvalid))

	err := authority.Check(ctx, "gov", "alice", errInvalid)
	require.ErrorIs(t, err, errInvalid)
	require.EqualError(t, err, "expected gov, got alice: invalid authority")

	ctx = ctx.WithConsensusParams(cmtproto.ConsensusParams{Authority: &cmtproto.AuthorityParams{Authority: "council"}})
	require.NoError(t, authority.Check(ctx, "gov", "council", errInvalid), "the chain-wide authority overrides")
	require.ErrorIs(t, authority.Check(ctx, "gov", "gov", errInvalid), errInvalid)
}
