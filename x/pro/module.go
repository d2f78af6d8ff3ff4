// Package pro is Session Pro: plans priced in USD, an on-chain SESH/USD
// price, payment in SESH or recorded by processors, and the 90/10 revenue
// split between the reward pool and protocol-owned liquidity.
package pro

import (
	"context"
	"encoding/json"
	"fmt"

	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"

	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
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

var (
	_ module.AppModuleBasic      = AppModule{}
	_ module.HasGenesis          = AppModule{}
	_ module.HasConsensusVersion = AppModule{}
	_ appmodule.AppModule        = AppModule{}
	_ appmodule.HasServices      = AppModule{}
	_ appmodule.HasEndBlocker    = AppModule{}
)

// AppModule is the pro module.
type AppModule struct {
	cdc    codec.Codec
	keeper *keeper.Keeper

	// accountKeeper and bankKeeper sign and fund the simulation's transactions.
	accountKeeper simutil.AccountKeeper
	bankKeeper    simutil.BankKeeper
}

// NewAppModule returns the module for the given keeper; the account and
// bank keepers serve its simulation.
func NewAppModule(cdc codec.Codec, k *keeper.Keeper, ak simutil.AccountKeeper, bk simutil.BankKeeper) AppModule {
	return AppModule{cdc: cdc, keeper: k, accountKeeper: ak, bankKeeper: bk}
}

// IsAppModule implements appmodule.AppModule.
func (AppModule) IsAppModule() {}

// IsOnePerModuleType implements depinject.OnePerModuleType.
func (AppModule) IsOnePerModuleType() {}

// Name returns the module name.
func (AppModule) Name() string { return types.ModuleName }

// RegisterLegacyAminoCodec registers the module's amino types.
func (AppModule) RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	types.RegisterLegacyAminoCodec(cdc)
}

// RegisterInterfaces registers the module's interface implementations.
func (AppModule) RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	types.RegisterInterfaces(registry)
}

// RegisterGRPCGatewayRoutes serves the module's queries over REST.
func (AppModule) RegisterGRPCGatewayRoutes(clientCtx client.Context, mux *gwruntime.ServeMux) {
	if err := types.RegisterQueryHandlerClient(context.Background(), mux, types.NewQueryClient(clientCtx)); err != nil {
		panic(err)
	}
}

// RegisterServices registers the Msg and Query services and, when the
// registrar is the module manager's configurator, the store migrations.
func (am AppModule) RegisterServices(registrar grpc.ServiceRegistrar) error {
	types.RegisterMsgServer(registrar, keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(registrar, keeper.NewQueryServerImpl(am.keeper))
	cfg, ok := registrar.(module.Configurator)
	if !ok {
		return nil
	}
	m := keeper.NewMigrator(am.keeper)
	if err := cfg.RegisterMigration(types.ModuleName, 1, m.Migrate1to2); err != nil {
		return fmt.Errorf("%s: migration 1 to 2: %w", types.ModuleName, err)
	}
	if err := cfg.RegisterMigration(types.ModuleName, 2, m.Migrate2to3); err != nil {
		return fmt.Errorf("%s: migration 2 to 3: %w", types.ModuleName, err)
	}
	if err := cfg.RegisterMigration(types.ModuleName, 3, m.Migrate3to4); err != nil {
		return fmt.Errorf("%s: migration 3 to 4: %w", types.ModuleName, err)
	}
	if err := cfg.RegisterMigration(types.ModuleName, 4, m.Migrate4to5); err != nil {
		return fmt.Errorf("%s: migration 4 to 5: %w", types.ModuleName, err)
	}
	if err := cfg.RegisterMigration(types.ModuleName, 5, m.Migrate5to6); err != nil {
		return fmt.Errorf("%s: migration 5 to 6: %w", types.ModuleName, err)
	}
	return nil
}

// DefaultGenesis returns the genesis state of a new chain.
func (AppModule) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return cdc.MustMarshalJSON(types.DefaultGenesis())
}

// ValidateGenesis checks a genesis state.
func (AppModule) ValidateGenesis(cdc codec.JSONCodec, _ client.TxEncodingConfig, bz json.RawMessage) error {
	var gs types.GenesisState
	if err := cdc.UnmarshalJSON(bz, &gs); err != nil {
		return fmt.Errorf("failed to unmarshal %s genesis state: %w", types.ModuleName, err)
	}
	return gs.Validate()
}

// InitGenesis loads the genesis state. A bad genesis stops the chain from
// starting, which is what the SDK's interface expects a panic for.
func (am AppModule) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, bz json.RawMessage) {
	var gs types.GenesisState
	cdc.MustUnmarshalJSON(bz, &gs)
	if err := am.keeper.InitGenesis(ctx, &gs); err != nil {
		panic(fmt.Errorf("%s genesis: %w", types.ModuleName, err))
	}
}

// ExportGenesis exports the module state.
func (am AppModule) ExportGenesis(ctx sdk.Context, cdc codec.JSONCodec) json.RawMessage {
	gs, err := am.keeper.ExportGenesis(ctx)
	if err != nil {
		panic(fmt.Errorf("%s export: %w", types.ModuleName, err))
	}
	return cdc.MustMarshalJSON(gs)
}

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

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }
