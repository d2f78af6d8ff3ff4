package app

import (
	"github.com/cosmos/cosmos-sdk/types/module"
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
	sm := module.NewSimulationManagerFromAppModules(app.ModuleManager.Modules, overrides)
	sm.RegisterStoreDecoders()
	return sm
}

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
