package moduleutil

import (
	"context"

	"cosmossdk.io/collections"
)

// Keeper is what Base takes from a module's keeper: its genesis round trip.
type Keeper[P any] interface {
	InitGenesis(ctx context.Context, gs P) error
	ExportGenesis(ctx context.Context) (P, error)
}

// Base is the part of an AppModule that every module of this chain has the
// same: Basic, Genesis and Sim, for a module whose genesis state is S.
type Base[S any, P GenesisState[S]] struct {
	Basic
	Genesis[S, P]
	Sim
}

// NewBase returns the Base of the module that basic names, whose store
// under storeKey has the keeper's schema: its genesis starts from def and is
// loaded and exported by k.
func NewBase[S any, P GenesisState[S]](
	basic Basic, storeKey string, def func() P, k Keeper[P], schema collections.Schema,
) Base[S, P] {
	return Base[S, P]{
		Basic:   basic,
		Genesis: NewGenesis(basic.name, def, k.InitGenesis, k.ExportGenesis),
		Sim:     NewSim(storeKey, schema),
	}
}
