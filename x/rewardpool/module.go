// Package rewardpool is the Staking Reward Pool: it holds the pool, takes in
// revenue and releases the daily network reward block by block.
package rewardpool

import (
	"context"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	"cosmossdk.io/core/appmodule"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/client/cli"
	"github.com/sessiontoken/sessionchain/x/rewardpool/keeper"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// ConsensusVersion is the version of the module's state layout; a store
// migration comes with every increase.
const ConsensusVersion = 1

// AppModule is the rewardpool module.
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

// BeginBlock releases the block's share of the daily reward.
func (am AppModule) BeginBlock(ctx context.Context) error {
	return am.keeper.BeginBlocker(ctx)
}

// RegisterServices registers the Msg and Query services.
func (am AppModule) RegisterServices(registrar grpc.ServiceRegistrar) error {
	types.RegisterMsgServer(registrar, keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(registrar, keeper.NewQueryServerImpl(am.keeper))
	return nil
}

var _ moduleutil.AppModule = AppModule{}

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }
