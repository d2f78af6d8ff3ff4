// Package nodestaking is Session Node staking: registration with several
// contributors per node, equal rewards per active node, exits and penalties.
package nodestaking

import (
	"context"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	"cosmossdk.io/core/appmodule"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/client/cli"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// ConsensusVersion is the version of the module's state layout; a store
// migration comes with every increase. Version 2 sends stakes to the module
// address directly; version 3 records per node what it earned and per
// contributor what it took, so a claim touches only the claimant's records;
// version 4 keeps the numbered active set in pages of node keys, so a
// quorum's draws read few records; version 5 keeps each node's liveness in
// a record beside the node; version 6 has uptime proofs name a recent block
// and register the node's endpoint.
const ConsensusVersion = 6

// AppModule is the nodestaking module.
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

// GetTxCmd returns the hand-written tx commands; AutoCLI adds the rest.
func (AppModule) GetTxCmd() *cobra.Command { return cli.NewTxCmd() }

var _ appmodule.HasBeginBlocker = AppModule{}

// BeginBlock records the previous block's app hash for uptime proofs.
func (am AppModule) BeginBlock(ctx context.Context) error {
	return am.keeper.BeginBlocker(ctx)
}

var _ appmodule.HasEndBlocker = AppModule{}

// EndBlock processes the node exits that are due.
func (am AppModule) EndBlock(ctx context.Context) error {
	return am.keeper.EndBlocker(ctx)
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
