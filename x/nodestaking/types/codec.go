package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"

	"github.com/sessiontoken/sessionchain/x/internal/msgcodec"
)

// msgs are the module's Msgs, in the order they were first registered.
func msgs() []sdk.Msg {
	return []sdk.Msg{
		&MsgRegisterNode{}, &MsgContribute{}, &MsgWithdrawContribution{}, &MsgRequestUnlock{},
		&MsgClaimRewards{}, &MsgDeregisterNode{}, &MsgUpdateParams{}, &MsgUptimeProof{},
		&MsgNodeStateVote{}, &MsgActivateNode{}, &MsgSetBeneficiary{},
		&MsgUpdateReservations{}, &MsgChangeFee{}, &MsgRotateNodeKey{},
	}
}

// RegisterLegacyAminoCodec registers the module's Msgs for amino JSON signing
// (as "nodestaking/MsgUpdateParams") and its Params.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	msgcodec.RegisterAmino(cdc, ModuleName, msgs())
	cdc.RegisterConcrete(&Params{}, "nodestaking/Params", nil)
}

// RegisterInterfaces registers the module's Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	msgcodec.RegisterInterfaces(registry, msgs())
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
