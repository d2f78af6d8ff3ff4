package app

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// newSimulationManager collects the simulation side of every module that
// has one: random genesis, weighted operations, governance proposal
// messages and store decoders.
func (app *App) newSimulationManager() *module.SimulationManager {
	overrides := map[string]module.AppModuleSimulation{
		authtypes.ModuleName: auth.NewAppModule(app.appCodec, app.AccountKeeper, simulationAccounts),
	}
	for name, m := range app.ModuleManager.Modules {
		if _, legacy := m.(module.AppModuleSimulation); legacy {
			continue
		}
		if x, ok := m.(simsxSimulation); ok {
			overrides[name] = simsxOnly{x}
		}
	}
	sm := module.NewSimulationManagerFromAppModules(app.ModuleManager.Modules, overrides)
	sm.RegisterStoreDecoders()
	return sm
}

// simsxSimulation is the simulation of a module whose operations and
// governance proposals are simsx message factories only.
type simsxSimulation interface {
	GenerateGenesisState(simState *module.SimulationState)
	RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry)
	simsx.HasWeightedOperationsX
	simsx.HasProposalMsgsX
}

// simsxOnly lets a module on simsx alone into the SDK's simulation manager,
// which still takes only modules with the legacy WeightedOperations. The
// simulation runs the module's factories; it has no legacy operations.
type simsxOnly struct{ simsxSimulation }

// WeightedOperations implements module.AppModuleSimulation: none, the
// module's operations are its WeightedOperationsX factories.
func (simsxOnly) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation { return nil }

// simulationAccounts makes the simulation's accounts plain accounts in the
// random genesis: sessiond has no vesting module, so the SDK's default mix
// of vesting accounts does not decode here.
func simulationAccounts(simState *module.SimulationState) authtypes.GenesisAccounts {
	accs := make(authtypes.GenesisAccounts, len(simState.Accounts))
	for i, acc := range simState.Accounts {
		accs[i] = authtypes.NewBaseAccountWithAddress(acc.Address)
	}
	return accs
}

// SimulationManager returns the app's simulation manager, which the
// simulation tests drive.
func (app *App) SimulationManager() *module.SimulationManager { return app.sm }
