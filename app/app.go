// Package app wires the sessiond application: the Cosmos SDK modules the
// chain runs and the Session Token modules, assembled with depinject.
package app

import (
	"net/http"

	dbm "github.com/cosmos/cosmos-db"

	clienthelpers "cosmossdk.io/client/v2/helpers"
	"cosmossdk.io/depinject"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	_ "github.com/cosmos/cosmos-sdk/x/auth" // registers the auth module
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/auth/tx/config" // registers the tx config module
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/authz/module" // registers the authz module
	_ "github.com/cosmos/cosmos-sdk/x/bank"         // registers the bank module
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/consensus" // registers the consensus module
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/distribution" // registers the distribution module
	distrkeeper "github.com/cosmos/cosmos-sdk/x/distribution/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/evidence" // registers the evidence module
	evidencekeeper "github.com/cosmos/cosmos-sdk/x/evidence/keeper"
	feegrantkeeper "github.com/cosmos/cosmos-sdk/x/feegrant/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/feegrant/module" // registers the feegrant module
	_ "github.com/cosmos/cosmos-sdk/x/genutil"         // registers the genutil module
	_ "github.com/cosmos/cosmos-sdk/x/gov"             // registers the gov module
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/slashing" // registers the slashing module
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/staking" // registers the staking module
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	_ "github.com/cosmos/cosmos-sdk/x/upgrade" // registers the upgrade module
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"

	"github.com/sessiontoken/sessionchain/docs/openapi"
	_ "github.com/sessiontoken/sessionchain/x/bridge" // registers the bridge module
	bridgekeeper "github.com/sessiontoken/sessionchain/x/bridge/keeper"
	_ "github.com/sessiontoken/sessionchain/x/names" // registers the names module
	nameskeeper "github.com/sessiontoken/sessionchain/x/names/keeper"
	_ "github.com/sessiontoken/sessionchain/x/nodestaking" // registers the nodestaking module
	nodestakingkeeper "github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	_ "github.com/sessiontoken/sessionchain/x/pro" // registers the pro module
	prokeeper "github.com/sessiontoken/sessionchain/x/pro/keeper"
	_ "github.com/sessiontoken/sessionchain/x/rewardpool" // registers the rewardpool module
	rewardpoolkeeper "github.com/sessiontoken/sessionchain/x/rewardpool/keeper"
)

// DefaultNodeHome is the default home directory of sessiond (~/.sessiond).
var DefaultNodeHome string

func init() {
	var err error
	DefaultNodeHome, err = clienthelpers.GetNodeHomeDirectory(".sessiond")
	if err != nil {
		panic(err)
	}
}

var (
	_ runtime.AppI            = (*App)(nil)
	_ servertypes.Application = (*App)(nil)
)

// App is the sessiond application.
type App struct {
	*runtime.App

	legacyAmino       *codec.LegacyAmino
	appCodec          codec.Codec
	txConfig          client.TxConfig
	interfaceRegistry codectypes.InterfaceRegistry

	// BasicModuleManager holds the module basics: default genesis, CLI, REST routes.
	BasicModuleManager module.BasicManager

	AccountKeeper         authkeeper.AccountKeeper
	BankKeeper            bankkeeper.Keeper
	StakingKeeper         *stakingkeeper.Keeper
	SlashingKeeper        slashingkeeper.Keeper
	DistrKeeper           distrkeeper.Keeper
	GovKeeper             *govkeeper.Keeper
	UpgradeKeeper         *upgradekeeper.Keeper
	EvidenceKeeper        evidencekeeper.Keeper
	FeeGrantKeeper        feegrantkeeper.Keeper
	AuthzKeeper           authzkeeper.Keeper
	ConsensusParamsKeeper consensuskeeper.Keeper
	RewardPoolKeeper      *rewardpoolkeeper.Keeper
	NodeStakingKeeper     *nodestakingkeeper.Keeper
	ProKeeper             *prokeeper.Keeper
	NamesKeeper           *nameskeeper.Keeper
	BridgeKeeper          *bridgekeeper.Keeper

	sm *module.SimulationManager
}

// Config returns the depinject configuration of the app: its modules and
// their wiring.
func Config() depinject.Config {
	return appConfig
}

// New builds the app on db. loadLatest loads the latest committed state.
func New(
	logger log.Logger,
	db dbm.DB,
	loadLatest bool,
	appOpts servertypes.AppOptions,
	baseAppOptions ...func(*baseapp.BaseApp),
) (*App, error) {
	var (
		app        = &App{}
		appBuilder *runtime.AppBuilder
	)
	if err := depinject.Inject(
		depinject.Configs(appConfig, depinject.Supply(appOpts, logger)),
		&appBuilder,
		&app.appCodec,
		&app.legacyAmino,
		&app.txConfig,
		&app.interfaceRegistry,
		&app.BasicModuleManager,
		&app.AccountKeeper,
		&app.BankKeeper,
		&app.StakingKeeper,
		&app.SlashingKeeper,
		&app.DistrKeeper,
		&app.GovKeeper,
		&app.UpgradeKeeper,
		&app.EvidenceKeeper,
		&app.FeeGrantKeeper,
		&app.AuthzKeeper,
		&app.ConsensusParamsKeeper,
		&app.RewardPoolKeeper,
		&app.NodeStakingKeeper,
		&app.ProKeeper,
		&app.NamesKeeper,
		&app.BridgeKeeper,
	); err != nil {
		return nil, err
	}

	app.App = appBuilder.Build(db, baseAppOptions...)
	if err := app.registerUpgrades(); err != nil {
		return nil, err
	}
	if err := app.setAnteHandler(); err != nil {
		return nil, err
	}
	app.sm = app.newSimulationManager()

	if err := app.Load(loadLatest); err != nil {
		return nil, err
	}
	return app, nil
}

// LegacyAmino returns the amino codec.
func (app *App) LegacyAmino() *codec.LegacyAmino { return app.legacyAmino }

// AppCodec returns the app's codec.
func (app *App) AppCodec() codec.Codec { return app.appCodec }

// InterfaceRegistry returns the app's interface registry.
func (app *App) InterfaceRegistry() codectypes.InterfaceRegistry { return app.interfaceRegistry }

// TxConfig returns the app's tx config.
func (app *App) TxConfig() client.TxConfig { return app.txConfig }

// RegisterAPIRoutes registers the REST routes of every module, the OpenAPI
// document of the custom modules' queries (always: it describes routes the
// API server always has) and the SDK's swagger page when it is enabled.
func (app *App) RegisterAPIRoutes(apiSvr *api.Server, apiConfig config.APIConfig) {
	app.App.RegisterAPIRoutes(apiSvr, apiConfig)
	apiSvr.Router.Handle(openapi.Path, openapi.Handler()).Methods(http.MethodGet, http.MethodHead)
	if err := server.RegisterSwaggerAPI(apiSvr.ClientCtx, apiSvr.Router, apiConfig.Swagger); err != nil {
		panic(err)
	}
}
