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
	legacy.RegisterAminoMsg(cdc, &MsgSignTransfer{}, "bridge/MsgSignTransfer")
	legacy.RegisterAminoMsg(cdc, &MsgSignSignerSet{}, "bridge/MsgSignSignerSet")
	legacy.RegisterAminoMsg(cdc, &MsgAttestExecution{}, "bridge/MsgAttestExecution")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "bridge/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "bridge/Params", nil)
}

// RegisterInterfaces registers the module's Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterEvmKey{},
		&MsgAttestDeposit{},
		&MsgBridgeOut{},
		&MsgSignTransfer{},
		&MsgSignSignerSet{},
		&MsgAttestExecution{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
