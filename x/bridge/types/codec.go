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
	legacy.RegisterAminoMsg(cdc, &MsgRegisterEvmKey{}, "bridge/MsgRegisterEvmKey")
	legacy.RegisterAminoMsg(cdc, &MsgAttestDeposit{}, "bridge/MsgAttestDeposit")
	legacy.RegisterAminoMsg(cdc, &MsgBridgeOut{}, "bridge/MsgBridgeOut")
	legacy.RegisterAminoMsg(cdc, &MsgCancelBridgeOut{}, "bridge/MsgCancelBridgeOut")
	legacy.RegisterAminoMsg(cdc, &MsgSignBatch{}, "bridge/MsgSignBatch")
	legacy.RegisterAminoMsg(cdc, &MsgSignSignerSet{}, "bridge/MsgSignSignerSet")
	legacy.RegisterAminoMsg(cdc, &MsgSignAdminOp{}, "bridge/MsgSignAdminOp")
	legacy.RegisterAminoMsg(cdc, &MsgAttestBatch{}, "bridge/MsgAttestBatch")
	legacy.RegisterAminoMsg(cdc, &MsgAttestContractState{}, "bridge/MsgAttestContractState")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitBadSignatureEvidence{}, "bridge/MsgSubmitBadSignatureEvidence")
	legacy.RegisterAminoMsg(cdc, &MsgAttestRetiredContract{}, "bridge/MsgAttestRetiredContract")
	legacy.RegisterAminoMsg(cdc, &MsgSignRetiredSweep{}, "bridge/MsgSignRetiredSweep")
	legacy.RegisterAminoMsg(cdc, &MsgReopenDeposit{}, "bridge/MsgReopenDeposit")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "bridge/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "bridge/Params", nil)
}

// RegisterInterfaces registers the module's Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterEvmKey{},
		&MsgAttestDeposit{},
		&MsgBridgeOut{},
		&MsgCancelBridgeOut{},
		&MsgSignBatch{},
		&MsgSignSignerSet{},
		&MsgSignAdminOp{},
		&MsgAttestBatch{},
		&MsgAttestContractState{},
		&MsgSubmitBadSignatureEvidence{},
		&MsgAttestRetiredContract{},
		&MsgSignRetiredSweep{},
		&MsgReopenDeposit{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
