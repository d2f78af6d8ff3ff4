package moduleutil

import (
	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
)

// Sim implements the parts of module.AppModuleSimulation that are the same
// in every module: decoding the module's store for the simulation's logs,
// and the environment its operations sign and deliver transactions with.
type Sim struct {
	name          string
	storeKey      string
	schema        collections.Schema
	accountKeeper simutil.AccountKeeper
	bankKeeper    simutil.BankKeeper
}

// NewSim returns the Sim of module name, whose store under storeKey has the
// keeper's schema; the simulation signs with ak's accounts and pays from
// bk's balances.
func NewSim(name, storeKey string, schema collections.Schema, ak simutil.AccountKeeper, bk simutil.BankKeeper) Sim {
	return Sim{name: name, storeKey: storeKey, schema: schema, accountKeeper: ak, bankKeeper: bk}
}

// RegisterStoreDecoder decodes the module's store for simulation logs.
func (s Sim) RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry) {
	sdr[s.storeKey] = simtypes.NewStoreDecoderFuncFromCollectionsSchema(s.schema)
}

// SimEnv returns the environment the module's simulation operations sign
// and deliver their transactions with.
func (s Sim) SimEnv(simState module.SimulationState) simutil.Env {
	return simutil.Env{
		Module: s.name, TxConfig: simState.TxConfig,
		AccountKeeper: s.accountKeeper, BankKeeper: s.bankKeeper,
	}
}
