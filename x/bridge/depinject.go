package bridge

import (
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"

	"github.com/cosmos/cosmos-sdk/runtime"

	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/bridge/types/modulev1"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
)

func init() {
	appconfig.RegisterModule(&modulev1.Module{}, appconfig.Provide(ProvideModule))
}

// ModuleInputs are what the module needs from the app.
type ModuleInputs struct {
	depinject.In

	Config *modulev1.Module

	ValidatorAddressCodec runtime.ValidatorAddressCodec
	BankKeeper            types.BankKeeper
	StakingKeeper         types.StakingKeeper
	SlashingKeeper        types.SlashingKeeper
}

// ProvideModule builds the keeper and the module. The authority defaults to
// the gov module account.
func ProvideModule(in ModuleInputs, env moduleutil.Env) (moduleutil.Outputs[keeper.Keeper], error) {
	return moduleutil.Provide(env, in.Config.Authority, func(svc moduleutil.Services) (*keeper.Keeper, appmodule.AppModule) {
		k := keeper.NewKeeper(svc, in.ValidatorAddressCodec, in.BankKeeper, in.StakingKeeper, in.SlashingKeeper)
		return &k, NewAppModule(&k, in.StakingKeeper)
	})
}
