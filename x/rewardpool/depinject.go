package rewardpool

import (
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/keeper"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types/modulev1"
)

func init() {
	appconfig.RegisterModule(&modulev1.Module{},
		appconfig.Provide(ProvideModule),
		appconfig.Invoke(InvokeSetEmissionRecipient),
	)
}

// ModuleInputs are what the module needs from the app.
type ModuleInputs struct {
	depinject.In

	Config *modulev1.Module

	AccountKeeper types.AccountKeeper
	BankKeeper    types.BankKeeper
}

// ProvideModule builds the keeper and the module. The authority defaults to
// the gov module account.
func ProvideModule(in ModuleInputs, env moduleutil.Env) (moduleutil.Outputs[keeper.Keeper], error) {
	return moduleutil.Provide(env, in.Config.Authority, func(svc moduleutil.Services) (*keeper.Keeper, appmodule.AppModule) {
		k := keeper.NewKeeper(svc, in.AccountKeeper, in.BankKeeper)
		return &k, NewAppModule(&k)
	})
}

// InvokeSetEmissionRecipient hands the pool's emission to the module that
// provides an EmissionRecipient (x/nodestaking). Without one, the pool keeps
// every block's share.
func InvokeSetEmissionRecipient(k *keeper.Keeper, recipient types.EmissionRecipient) {
	if k != nil && recipient != nil {
		k.SetEmissionRecipient(recipient)
	}
}
