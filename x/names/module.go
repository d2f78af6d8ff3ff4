// Package names is Session names: names that resolve to Session IDs,
// stored by hash with their values encrypted under a key only the name
// gives, registered for terms priced in USD and paid in SESH, renewed from
// expiry, with a grace period, a premium after release and a marketplace.
// Every fee is split 90/10 between the reward pool and protocol-owned
// liquidity, as Session Pro's revenue is.
package names

import (
	"context"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	"cosmossdk.io/core/appmodule"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/names/client/cli"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// ConsensusVersion is the version of the module's state layout; a store
// migration comes with every increase. Version 1 is the first; version 2
// keeps a listing in its record and ends listings from a cursor over the
// records' expiry index (keeper.Migrator.Migrate1to2).
const ConsensusVersion = 2

// AppModule is the names module.
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

// GetTxCmd returns the hand-written tx commands, which hash the name and
// encrypt its value on the client; AutoCLI adds the governance proposal.
func (AppModule) GetTxCmd() *cobra.Command { return cli.NewTxCmd() }

// GetQueryCmd returns the hand-written query commands (resolve, quote),
// which hash the name on the client; AutoCLI adds the rest.
func (AppModule) GetQueryCmd() *cobra.Command { return cli.NewQueryCmd() }

var _ appmodule.HasEndBlocker = AppModule{}

// EndBlock moves the block's fees on to the pool and protocol-owned
// liquidity, ends the listings of expired names, removes the records whose
// grace period and premium are over, and sets the module's metrics.
func (am AppModule) EndBlock(ctx context.Context) error {
	return am.keeper.EndBlock(ctx)
}

// RegisterServices registers the Msg and Query services and, when the
// registrar is the module manager's configurator, the store migrations.
func (am AppModule) RegisterServices(registrar grpc.ServiceRegistrar) error {
	types.RegisterMsgServer(registrar, keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(registrar, keeper.NewQueryServerImpl(am.keeper))
	m := keeper.NewMigrator(am.keeper)
	return moduleutil.RegisterMigrations(registrar, types.ModuleName, m.Migrate1to2)
}

var _ moduleutil.AppModule = AppModule{}

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }
