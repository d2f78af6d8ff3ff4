package moduleutil

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
)

// Services are what every keeper of this chain takes from the app besides
// the keepers of other modules: the codecs, the core services scoped to its
// module's store, and the module's authority (the address that may change
// its params).
type Services struct {
	Cdc           codec.BinaryCodec
	AddressCodec  address.Codec
	StoreService  store.KVStoreService
	EventService  event.Service
	HeaderService header.Service
	Logger        log.Logger
	Authority     string
}

// Services returns the keeper's services of the module env is scoped to,
// with the given authority.
func (e Env) Services(authority string) Services {
	return Services{
		Cdc: e.Cdc, AddressCodec: e.AddressCodec, StoreService: e.StoreService, EventService: e.EventService,
		HeaderService: e.HeaderService, Logger: e.Logger, Authority: authority,
	}
}

// BuildSchema builds a keeper's schema. A schema that does not build (two
// collections under one prefix or name) is a programming error that must
// stop the node at start.
func BuildSchema(sb *collections.SchemaBuilder) collections.Schema {
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	return schema
}
