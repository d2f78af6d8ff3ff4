// Package env is what every component of the nodestaking keeper shares: the
// core services, the module's params (one record, read through a cache) and
// the block time. Each component (staking, rewards, liveness) holds an Env
// and builds its own collections on the keeper's schema builder.
package env

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/gogoproto/proto"

	"github.com/sessiontoken/sessionchain/x/internal/blocktime"
	"github.com/sessiontoken/sessionchain/x/internal/typedevent"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Env holds the services and the params every component uses. It is a
// small value, copied into each component.
type Env struct {
	// StoreService opens the module's store: the params' raw bytes, and the
	// migrations, which read collections of older layouts.
	StoreService  store.KVStoreService
	AddressCodec  address.Codec
	EventService  event.Service
	HeaderService header.Service
	Logger        log.Logger
	// Params is the module's params record.
	Params collections.Item[types.Params]
	// cache is the last decoded params (see GetParams), shared by every copy.
	cache *paramsCache
}

// New builds the environment and declares the params record on sb.
func New(sb *collections.SchemaBuilder, cdc codec.BinaryCodec, addressCodec address.Codec, storeService store.KVStoreService,
	eventService event.Service, headerService header.Service, logger log.Logger,
) Env {
	paramsCodec := codec.CollValue[types.Params](cdc)
	return Env{
		StoreService:  storeService,
		AddressCodec:  addressCodec,
		EventService:  typedevent.Wrap(eventService),
		HeaderService: headerService,
		Logger:        logger.With(log.ModuleKey, "x/"+types.ModuleName),
		Params:        collections.NewItem(sb, types.ParamsKey, "params", paramsCodec),
		cache:         &paramsCache{codec: paramsCodec},
	}
}

// Now returns the block time.
func (e Env) Now(ctx context.Context) time.Time {
	return blocktime.Now(ctx, e.HeaderService)
}

// Height returns the block height.
func (e Env) Height(ctx context.Context) int64 {
	return e.HeaderService.GetHeaderInfo(ctx).Height
}

// ChainID returns the chain id, which node-key signatures cover.
func (e Env) ChainID(ctx context.Context) string {
	return e.HeaderService.GetHeaderInfo(ctx).ChainID
}

// Emit emits a typed event.
func (e Env) Emit(ctx context.Context, ev proto.Message) error {
	return e.EventService.EventManager(ctx).Emit(ctx, ev)
}
