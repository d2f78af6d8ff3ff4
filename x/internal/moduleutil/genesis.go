package moduleutil

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// GenesisState is what a module's generated genesis message offers.
type GenesisState[S any] interface {
	*S
	proto.Message
	Validate() error
}

// Genesis implements module.HasGenesis for a module whose state is S: the
// default, the validation, InitGenesis and ExportGenesis, with the keeper's
// own functions doing the work.
type Genesis[S any, P GenesisState[S]] struct {
	name   string
	def    func() P
	load   func(context.Context, P) error
	export func(context.Context) (P, error)
}

// NewGenesis returns the Genesis of module name from its types package's
// DefaultGenesis and its keeper's InitGenesis and ExportGenesis.
func NewGenesis[S any, P GenesisState[S]](
	name string,
	def func() P,
	load func(context.Context, P) error,
	export func(context.Context) (P, error),
) Genesis[S, P] {
	return Genesis[S, P]{name: name, def: def, load: load, export: export}
}

// DefaultGenesis returns the genesis state of a new chain.
func (g Genesis[S, P]) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return cdc.MustMarshalJSON(g.def())
}

// ValidateGenesis checks a genesis state.
func (g Genesis[S, P]) ValidateGenesis(cdc codec.JSONCodec, _ client.TxEncodingConfig, bz json.RawMessage) error {
	gs := P(new(S))
	if err := cdc.UnmarshalJSON(bz, gs); err != nil {
		return fmt.Errorf("failed to unmarshal %s genesis state: %w", g.name, err)
	}
	return gs.Validate()
}

// InitGenesis loads the genesis state. A bad genesis stops the chain from
// starting, which is what the SDK's interface expects a panic for.
func (g Genesis[S, P]) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, bz json.RawMessage) {
	gs := P(new(S))
	cdc.MustUnmarshalJSON(bz, gs)
	if err := g.load(ctx, gs); err != nil {
		panic(fmt.Errorf("%s genesis: %w", g.name, err))
	}
}

// ExportGenesis exports the module state; a store that cannot be read stops
// the export, as the SDK's interface expects.
func (g Genesis[S, P]) ExportGenesis(ctx sdk.Context, cdc codec.JSONCodec) json.RawMessage {
	gs, err := g.export(ctx)
	if err != nil {
		panic(fmt.Errorf("%s export: %w", g.name, err))
	}
	return cdc.MustMarshalJSON(gs)
}
