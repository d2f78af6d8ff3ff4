package daemon

import (
	"fmt"

	"cosmossdk.io/core/address"
	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/std"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"
)

// TxCodec is the small codec a daemon builds instead of importing the whole
// app: the standard crypto and tx types, the auth types and the module
// types it registers, signing in direct mode only.
type TxCodec struct {
	Registry codectypes.InterfaceRegistry
	Proto    *codec.ProtoCodec
	TxConfig client.TxConfig
}

// NewTxCodec builds a TxCodec with the chain's account and validator
// address codecs; register adds the modules' types.
func NewTxCodec(acc, val address.Codec, register ...func(codectypes.InterfaceRegistry)) (*TxCodec, error) {
	reg, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles:     proto.HybridResolver,
		SigningOptions: signing.Options{AddressCodec: acc, ValidatorAddressCodec: val},
	})
	if err != nil {
		return nil, fmt.Errorf("interface registry: %w", err)
	}
	std.RegisterInterfaces(reg)
	authtypes.RegisterInterfaces(reg)
	for _, r := range register {
		r(reg)
	}
	cdc := codec.NewProtoCodec(reg)
	txCfg, err := authtx.NewTxConfigWithOptions(cdc, authtx.ConfigOptions{
		EnabledSignModes: []signingtypes.SignMode{signingtypes.SignMode_SIGN_MODE_DIRECT},
	})
	if err != nil {
		return nil, fmt.Errorf("tx config: %w", err)
	}
	return &TxCodec{Registry: reg, Proto: cdc, TxConfig: txCfg}, nil
}
