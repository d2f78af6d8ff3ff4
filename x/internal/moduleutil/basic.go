// Package moduleutil holds the parts of an AppModule that are the same in
// every module of this chain: the codec and REST registration, the genesis
// round trip and the registration of store migrations. A module embeds
// Basic and Genesis and keeps only what is its own (services, blockers,
// simulation, consensus version) in its module.go.
package moduleutil

import (
	"context"

	gogogrpc "github.com/cosmos/gogoproto/grpc"
	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
)

// Basic implements a module's name, its amino and interface registration and
// its REST routes (module.AppModuleBasic with appmodule.AppModule's markers).
type Basic struct {
	name       string
	amino      func(*codec.LegacyAmino)
	interfaces func(codectypes.InterfaceRegistry)
	gateway    func(client.Context, *gwruntime.ServeMux) error
}

// NewBasic returns the Basic of module name from its types package's
// registration functions and generated query client and gateway handler
// (types.NewQueryClient, types.RegisterQueryHandlerClient).
func NewBasic[Q any](
	name string,
	amino func(*codec.LegacyAmino),
	interfaces func(codectypes.InterfaceRegistry),
	newQueryClient func(gogogrpc.ClientConn) Q,
	registerGateway func(context.Context, *gwruntime.ServeMux, Q) error,
) Basic {
	return Basic{
		name:       name,
		amino:      amino,
		interfaces: interfaces,
		gateway: func(clientCtx client.Context, mux *gwruntime.ServeMux) error {
			return registerGateway(context.Background(), mux, newQueryClient(clientCtx))
		},
	}
}

// IsAppModule implements appmodule.AppModule.
func (Basic) IsAppModule() {}

// IsOnePerModuleType implements depinject.OnePerModuleType.
func (Basic) IsOnePerModuleType() {}

// Name returns the module name.
func (b Basic) Name() string { return b.name }

// RegisterLegacyAminoCodec registers the module's amino types.
func (b Basic) RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) { b.amino(cdc) }

// RegisterInterfaces registers the module's interface implementations.
func (b Basic) RegisterInterfaces(registry codectypes.InterfaceRegistry) { b.interfaces(registry) }

// RegisterGRPCGatewayRoutes serves the module's queries over REST. The
// generated handler fails only on a programming error (a route registered
// twice), which must stop the node at start.
func (b Basic) RegisterGRPCGatewayRoutes(clientCtx client.Context, mux *gwruntime.ServeMux) {
	if err := b.gateway(clientCtx, mux); err != nil {
		panic(err)
	}
}
