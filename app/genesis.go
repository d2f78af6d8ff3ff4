package app

import (
	"encoding/json"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/types/module"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// GenesisState is the app's genesis: module name to module genesis JSON.
type GenesisState map[string]json.RawMessage

// SeshMetadata is the bank denom metadata of SESH.
func SeshMetadata() banktypes.Metadata {
	return banktypes.Metadata{
		Description: "Session Token, the token of the Session Network",
		DenomUnits: []*banktypes.DenomUnit{
			{Denom: BaseDenom, Exponent: 0, Aliases: []string{"nanosesh"}},
			{Denom: DisplayDenom, Exponent: DisplayExponent},
		},
		Base:    BaseDenom,
		Display: DisplayDenom,
		Name:    "Session Token",
		Symbol:  DisplayDenom,
	}
}

// bankBasic gives x/bank a default genesis that carries the SESH metadata,
// so `sessiond init` writes it.
type bankBasic struct {
	module.AppModuleBasic
}

// DefaultGenesis returns bank's default genesis with the SESH metadata.
func (b bankBasic) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	gs := banktypes.DefaultGenesisState()
	gs.DenomMetadata = []banktypes.Metadata{SeshMetadata()}
	return cdc.MustMarshalJSON(gs)
}

// UseSessionGenesis makes the basic manager produce sessiond's default
// genesis. It changes the map in place, which runtime's DefaultGenesis uses.
func UseSessionGenesis(bm module.BasicManager) {
	if b, ok := bm[banktypes.ModuleName]; ok {
		bm[banktypes.ModuleName] = bankBasic{AppModuleBasic: b}
	}
}

// ValidateGenesis forwards to x/bank's own validation.
func (b bankBasic) ValidateGenesis(cdc codec.JSONCodec, txConfig client.TxEncodingConfig, bz json.RawMessage) error {
	if v, ok := b.AppModuleBasic.(module.HasGenesisBasics); ok {
		return v.ValidateGenesis(cdc, txConfig, bz)
	}
	return nil
}
