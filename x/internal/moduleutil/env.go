package moduleutil

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/depinject"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
)

// Env is what every module of this chain takes from the app besides its own
// config and the keepers of other modules: the codecs and the core services
// scoped to its store. A
// module's ProvideModule takes it beside its own ModuleInputs; depinject
// resolves both with the module's key.
type Env struct {
	depinject.In

	Cdc           codec.Codec
	AddressCodec  address.Codec
	StoreService  store.KVStoreService
	EventService  event.Service
	HeaderService header.Service
	Logger        log.Logger
}

// Authority returns the module's authority: the configured address, or the
// gov module account when none is configured.
func (e Env) Authority(configured string) (string, error) {
	return authority.FromConfig(e.AddressCodec, configured)
}
