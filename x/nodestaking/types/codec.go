package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the module's Msgs for amino JSON signing.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgRegisterNode{}, "nodestaking/MsgRegisterNode")
	legacy.RegisterAminoMsg(cdc, &MsgContribute{}, "nodestaking/MsgContribute")
	legacy.RegisterAminoMsg(cdc, &MsgWithdrawContribution{}, "nodestaking/MsgWithdrawContribution")
	legacy.RegisterAminoMsg(cdc, &MsgRequestUnlock{}, "nodestaking/MsgRequestUnlock")
	legacy.RegisterAminoMsg(cdc, &MsgClaimRewards{}, "nodestaking/MsgClaimRewards")
	legacy.RegisterAminoMsg(cdc, &MsgDeregisterNode{}, "nodestaking/MsgDeregisterNode")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "nodestaking/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgUptimeProof{}, "nodestaking/MsgUptimeProof")
	legacy.RegisterAminoMsg(cdc, &MsgNodeStateVote{}, "nodestaking/MsgNodeStateVote")
	legacy.RegisterAminoMsg(cdc, &MsgActivateNode{}, "nodestaking/MsgActivateNode")
	legacy.RegisterAminoMsg(cdc, &MsgSetBeneficiary{}, "nodestaking/MsgSetBeneficiary")
	cdc.RegisterConcrete(&Params{}, "nodestaking/Params", nil)
}

// RegisterInterfaces registers the module's Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterNode{},
		&MsgContribute{},
		&MsgWithdrawContribution{},
		&MsgRequestUnlock{},
		&MsgClaimRewards{},
		&MsgDeregisterNode{},
		&MsgUpdateParams{},
		&MsgUptimeProof{},
		&MsgNodeStateVote{},
		&MsgActivateNode{},
		&MsgSetBeneficiary{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
