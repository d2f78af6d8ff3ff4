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
	legacy.RegisterAminoMsg(cdc, &MsgRegisterName{}, "names/MsgRegisterName")
	legacy.RegisterAminoMsg(cdc, &MsgRenewName{}, "names/MsgRenewName")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateName{}, "names/MsgUpdateName")
	legacy.RegisterAminoMsg(cdc, &MsgTransferName{}, "names/MsgTransferName")
	legacy.RegisterAminoMsg(cdc, &MsgListName{}, "names/MsgListName")
	legacy.RegisterAminoMsg(cdc, &MsgCancelListing{}, "names/MsgCancelListing")
	legacy.RegisterAminoMsg(cdc, &MsgBuyName{}, "names/MsgBuyName")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "names/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "names/Params", nil)
}

// RegisterInterfaces registers the module's Msgs with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterName{},
		&MsgRenewName{},
		&MsgUpdateName{},
		&MsgTransferName{},
		&MsgListName{},
		&MsgCancelListing{},
		&MsgBuyName{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
