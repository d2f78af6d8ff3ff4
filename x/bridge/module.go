// Package bridge mirrors the SESH ERC-20: deposits locked in the bridge
// contract are minted here once more than 2/3 of the bonded power attests
// them, and bridge-outs burned here are released by the contract with the
// validators' signatures.
package bridge

import (
	"context"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	"cosmossdk.io/core/appmodule"

	"github.com/sessiontoken/sessionchain/x/bridge/client/cli"
	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
)

// ConsensusVersion is the version of the module's state layout; a store
// migration comes with every increase.
const ConsensusVersion = 2

// AppModule is the bridge module.
type AppModule struct {
	moduleutil.Base[types.GenesisState, *types.GenesisState]

	keeper *keeper.Keeper

	// The simulation's message factories find the bonded validators.
	stakingKeeper types.StakingKeeper
}

// NewAppModule returns the module for the given keeper; the staking keeper
// serves its simulation.
func NewAppModule(k *keeper.Keeper, sk types.StakingKeeper) AppModule {
	basic := moduleutil.NewBasic(types.ModuleName, types.RegisterLegacyAminoCodec, types.RegisterInterfaces,
		types.NewQueryClient, types.RegisterQueryHandlerClient)
	base := moduleutil.NewBase(basic, types.StoreKey, types.DefaultGenesis, k, k.Schema)
	return AppModule{Base: base, keeper: k, stakingKeeper: sk}
}

// GetTxCmd returns the hand-written tx commands; AutoCLI adds the rest.
func (AppModule) GetTxCmd() *cobra.Command { return cli.NewTxCmd() }

var _ appmodule.HasEndBlocker = AppModule{}

// EndBlock makes new signer sets and observes the deposits past 2/3 that no
// attestation observed.
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
		m.Migrate1to2)
}

var _ moduleutil.AppModule = AppModule{}

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }
