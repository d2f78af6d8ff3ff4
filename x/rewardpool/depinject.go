package rewardpool

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
	"github.com/sessiontoken/sessionchain/x/internal/simutil"
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

	Config        *modulev1.Module
	Cdc           codec.Codec
	AddressCodec  address.Codec
	StoreService  store.KVStoreService
	EventService  event.Service
	HeaderService header.Service
	Logger        log.Logger

	AccountKeeper types.AccountKeeper
	BankKeeper    types.BankKeeper
	// The simulation signs with accounts and pays from their balances.
	SimAccountKeeper simutil.AccountKeeper
	SimBankKeeper    simutil.BankKeeper
}

// ModuleOutputs are what the module gives the app.
type ModuleOutputs struct {
	depinject.Out

	Keeper *keeper.Keeper
	Module appmodule.AppModule
}

// ProvideModule builds the keeper and the module. The authority defaults to
// the gov module account.
func ProvideModule(in ModuleInputs) (ModuleOutputs, error) {
	authorityStr, err := authority.FromConfig(in.AddressCodec, in.Config.Authority)
	if err != nil {
		return ModuleOutputs{}, err
	}
	k := keeper.NewKeeper(in.Cdc, in.AddressCodec, in.StoreService, in.EventService, in.HeaderService,
		in.Logger, authorityStr, in.AccountKeeper, in.BankKeeper)
	return ModuleOutputs{Keeper: &k, Module: NewAppModule(in.Cdc, &k, in.SimAccountKeeper, in.SimBankKeeper)}, nil
}

// InvokeSetEmissionRecipient hands the pool's emission to the module that
// provides an EmissionRecipient (x/nodestaking). Without one, the pool keeps
// every block's share.
func InvokeSetEmissionRecipient(k *keeper.Keeper, recipient types.EmissionRecipient) {
	if k != nil && recipient != nil {
		k.SetEmissionRecipient(recipient)
	}
}
