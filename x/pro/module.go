// Package pro is Session Pro: plans priced in USD, an on-chain SESH/USD
// price, payment in SESH or recorded by processors, and the 90/10 revenue
// split between the reward pool and protocol-owned liquidity.
package pro

import (
	"context"

	"google.golang.org/grpc"

	"cosmossdk.io/core/appmodule"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// ConsensusVersion is the version of the module's state layout; a store
// migration comes with every increase. Version 2 added the expiry-ordered
// index of active subscriptions (keeper.Migrator.Migrate1to2); version 3
// pays purchases into the module account and sweeps them at EndBlock
// (keeper.Migrator.Migrate2to3); version 4 locks the protocol-owned
// liquidity until params.liquidity_locked_until (keeper.Migrator.Migrate3to4);
// version 5 keeps receipts per processor, entitlement generations with
// revocation tags, the revocation list and the issuer keys
// (keeper.Migrator.Migrate4to5); version 6 gives the price source times, a
// reference price and its health params (keeper.Migrator.Migrate5to6).
const ConsensusVersion = 6

// AppModule is the pro module.
type AppModule struct {
	moduleutil.Base[types.GenesisState, *types.GenesisState]

	keeper *keeper.Keeper
}

// NewAppModule returns the module for the given keeper.
func NewAppModule(k *keeper.Keeper) AppModule {
	basic := moduleutil.NewBasic(types.ModuleName, types.RegisterLegacyAminoCodec, types.RegisterInterfaces,
		types.NewQueryClient, types.RegisterQueryHandlerClient)
	base := moduleutil.NewBase(basic, types.StoreKey, types.DefaultGenesis, k, k.Schema)
	return AppModule{Base: base, keeper: k}
}

var _ appmodule.HasEndBlocker = AppModule{}

// EndBlock moves the block's purchases on to the pool and protocol-owned
// liquidity, takes the subscriptions that ended off the active count,
// prunes the revocation list and sets the module's metrics.
func (am AppModule) EndBlock(ctx context.Context) error {
	if err := am.keeper.Sweep(ctx); err != nil {
		return err
	}
	if err := am.keeper.ExpireSubscriptions(ctx); err != nil {
		return err
	}
	if err := am.keeper.PruneRevocations(ctx); err != nil {
		return err
	}
	return am.keeper.EmitMetrics(ctx)
}

// RegisterServices registers the Msg and Query services and, when the
// registrar is the module manager's configurator, the store migrations.
func (am AppModule) RegisterServices(registrar grpc.ServiceRegistrar) error {
	types.RegisterMsgServer(registrar, keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(registrar, keeper.NewQueryServerImpl(am.keeper))
	m := keeper.NewMigrator(am.keeper)
	return moduleutil.RegisterMigrations(registrar, types.ModuleName,
		m.Migrate1to2, m.Migrate2to3, m.Migrate3to4, m.Migrate4to5, m.Migrate5to6)
}

var _ moduleutil.AppModule = AppModule{}

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }
