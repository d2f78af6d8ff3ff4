// Package chain is session-relayer's access to the Cosmos chain: bridge and
// staking queries over gRPC, and transactions signed with the validator
// operator's key from a keyring. It builds its own small codec (standard
// crypto, auth and bridge types) instead of importing the whole app.
package chain

import (
	"cosmossdk.io/core/address"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Bech32 prefixes of the chain.
const (
	AccountPrefix   = "session"
	ValidatorPrefix = "sessionvaloper"
	ConsensusPrefix = "sessionvalcons"
)

// Codec bundles what the relayer needs to encode, sign and decode.
type Codec struct {
	Registry     codectypes.InterfaceRegistry
	Proto        *codec.ProtoCodec
	TxConfig     client.TxConfig
	AddressCodec address.Codec
	ValoperCodec address.Codec
}

// NewCodec builds the relayer's codec: the standard crypto and tx types, the
// auth types and the bridge messages, with the chain's address codecs.
func NewCodec() (*Codec, error) {
	SetAddressConfig()
	acc := addresscodec.NewBech32Codec(AccountPrefix)
	val := addresscodec.NewBech32Codec(ValidatorPrefix)
	c, err := daemon.NewTxCodec(acc, val, bridgetypes.RegisterInterfaces)
	if err != nil {
		return nil, err
	}
	return &Codec{Registry: c.Registry, Proto: c.Proto, TxConfig: c.TxConfig, AddressCodec: acc, ValoperCodec: val}, nil
}

// SetAddressConfig sets the SDK's global bech32 prefixes, which some SDK code
// (message ValidateBasic, tx signing) still reads instead of the codecs.
func SetAddressConfig() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == AccountPrefix {
		return
	}
	cfg.SetBech32PrefixForAccount(AccountPrefix, AccountPrefix+sdk.PrefixPublic)
	cfg.SetBech32PrefixForValidator(ValidatorPrefix, ValidatorPrefix+sdk.PrefixPublic)
	cfg.SetBech32PrefixForConsensusNode(ConsensusPrefix, ConsensusPrefix+sdk.PrefixPublic)
}
