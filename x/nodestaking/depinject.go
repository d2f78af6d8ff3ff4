package nodestaking

import (
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types/modulev1"
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
// the gov module account. The keeper is also the only rewardpool
// EmissionRecipient in the app, so depinject hands it to x/rewardpool's
// InvokeSetEmissionRecipient.
func ProvideModule(in ModuleInputs, env moduleutil.Env) (moduleutil.Outputs[keeper.Keeper], error) {
	return moduleutil.Provide(env, in.Config.Authority, func(svc moduleutil.Services) (*keeper.Keeper, appmodule.AppModule) {
		k := keeper.NewKeeper(svc, in.AccountKeeper, in.BankKeeper, in.RewardPool)
		return &k, NewAppModule(&k)
	})
}
