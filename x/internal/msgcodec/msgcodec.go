// Package msgcodec registers a module's messages with the codecs from one
// list: amino JSON names for legacy signing and the interface registry's
// sdk.Msg implementations. Every module of this chain keeps its messages in
// one such list in its types/codec.go.
package msgcodec

import (
	"reflect"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// RegisterAmino registers each of msgs, in order, for amino JSON signing
// under the name module/<type name> (as "names/MsgRegisterName").
func RegisterAmino(cdc *codec.LegacyAmino, module string, msgs []sdk.Msg) {
	for _, msg := range msgs {
		legacy.RegisterAminoMsg(cdc, msg, module+"/"+reflect.TypeOf(msg).Elem().Name())
	}
}

// RegisterInterfaces registers msgs as the implementations of sdk.Msg.
func RegisterInterfaces(registry codectypes.InterfaceRegistry, msgs []sdk.Msg) {
	registry.RegisterImplementations((*sdk.Msg)(nil), msgs...)
}
