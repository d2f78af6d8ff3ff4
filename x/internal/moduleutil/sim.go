package moduleutil

import (
	"cosmossdk.io/collections"

	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
)

// Sim implements what every module's simulation does the same way:
// decoding the module's store for the simulation's logs. The operations and
// governance proposals are each module's simsx message factories.
type Sim struct {
	storeKey string
	schema   collections.Schema
}

// NewSim returns the Sim of the module whose store under storeKey has the
// keeper's schema.
func NewSim(storeKey string, schema collections.Schema) Sim {
	return Sim{storeKey: storeKey, schema: schema}
}

// RegisterStoreDecoder decodes the module's store for simulation logs.
func (s Sim) RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry) {
	sdr[s.storeKey] = simtypes.NewStoreDecoderFuncFromCollectionsSchema(s.schema)
}
