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
	legacy.RegisterAminoMsg(cdc, &MsgSubmitPrice{}, "pro/MsgSubmitPrice")
	legacy.RegisterAminoMsg(cdc, &MsgSubscribe{}, "pro/MsgSubscribe")
	legacy.RegisterAminoMsg(cdc, &MsgRecordPayment{}, "pro/MsgRecordPayment")
	legacy.RegisterAminoMsg(cdc, &MsgRevokePayment{}, "pro/MsgRevokePayment")
	legacy.RegisterAminoMsg(cdc, &MsgSpendProtocolLiquidity{}, "pro/MsgSpendProtocolLiquidity")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "pro/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeReceipt{}, "pro/MsgRevokeReceipt")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterIssuerKey{}, "pro/MsgRegisterIssuerKey")
	legacy.RegisterAminoMsg(cdc, &MsgRetireIssuerKey{}, "pro/MsgRetireIssuerKey")
	cdc.RegisterConcrete(&Params{}, "pro/Params", nil)
}

// RegisterInterfaces registers the module's Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgSubmitPrice{},
		&MsgSubscribe{},
		&MsgRecordPayment{},
		&MsgRevokePayment{},
		&MsgSpendProtocolLiquidity{},
		&MsgUpdateParams{},
		&MsgRevokeReceipt{},
		&MsgRegisterIssuerKey{},
		&MsgRetireIssuerKey{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
