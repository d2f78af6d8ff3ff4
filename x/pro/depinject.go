package pro

import (
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
	"github.com/sessiontoken/sessionchain/x/pro/types/modulev1"
)

func init() {
	appconfig.RegisterModule(&modulev1.Module{}, appconfig.Provide(ProvideModule))
}

// ModuleInputs are what the module needs from the app.
type ModuleInputs struct {
	depinject.In

	Config *modulev1.Module

	AccountKeeper types.AccountKeeper
	BankKeeper    types.BankKeeper
	RewardPool    types.RewardPool
}

// ProvideModule builds the keeper and the module. The authority defaults to
// the gov module account.
func ProvideModule(in ModuleInputs, env moduleutil.Env) (moduleutil.Outputs[keeper.Keeper], error) {
	return moduleutil.Provide(env, in.Config.Authority, func(svc moduleutil.Services) (*keeper.Keeper, appmodule.AppModule) {
		k := keeper.NewKeeper(svc, in.AccountKeeper, in.BankKeeper, in.RewardPool)
		return &k, NewAppModule(&k)
	})
}
