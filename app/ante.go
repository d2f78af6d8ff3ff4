package app

import (
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"

	nodestakingante "github.com/sessiontoken/sessionchain/x/nodestaking/ante"
	nodestakingkeeper "github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// setAnteHandler sets the SDK's default ante handler with one change: a
// transaction of quorum votes from serving nodes may carry no fee
// (nodestaking's FreeVotes, counted in a transient store of its own, which
// it mounts here). The tx module's own ante handler is off (app_config.go:
// skip_ante_handler), so this is the only one. Must run before Load.
func (app *App) setAnteHandler() error {
	key := storetypes.NewTransientStoreKey(nodestakingtypes.FreeVotesStoreKey)
	if err := app.RegisterStores(key); err != nil {
		return err
	}
	free, err := nodestakingkeeper.NewFreeVotes(app.NodeStakingKeeper, runtime.NewTransientStoreService(key))
	if err != nil {
		return err
	}
	handler, err := nodestakingante.NewAnteHandler(ante.HandlerOptions{
		AccountKeeper:   app.AccountKeeper,
		BankKeeper:      app.BankKeeper,
		SignModeHandler: app.txConfig.SignModeHandler(),
		FeegrantKeeper:  app.FeeGrantKeeper,
		SigGasConsumer:  ante.DefaultSigVerificationGasConsumer,
	}, free)
	if err != nil {
		return err
	}
	app.SetAnteHandler(handler)
	return nil
}
