package msgcodec_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/msgcodec"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func TestRegisterAminoNamesByType(t *testing.T) {
	cdc := codec.NewLegacyAmino()
	msgcodec.RegisterAmino(cdc, "rewardpool", []sdk.Msg{&types.MsgFundPool{}, &types.MsgUpdateParams{}})

	bz, err := cdc.MarshalJSON(&types.MsgFundPool{Depositor: "d"})
	require.NoError(t, err)
	require.Contains(t, string(bz), `"type":"rewardpool/MsgFundPool"`)
	bz, err = cdc.MarshalJSON(&types.MsgUpdateParams{Authority: "a"})
	require.NoError(t, err)
	require.Contains(t, string(bz), `"type":"rewardpool/MsgUpdateParams"`)
}

func TestRegisterInterfaces(t *testing.T) {
	registry := codectypes.NewInterfaceRegistry()
	msgcodec.RegisterInterfaces(registry, []sdk.Msg{&types.MsgFundPool{}})

	var msg sdk.Msg
	require.NoError(t, registry.UnpackAny(&codectypes.Any{TypeUrl: sdk.MsgTypeURL(&types.MsgFundPool{})}, &msg))
	require.IsType(t, &types.MsgFundPool{}, msg)
}
