package cmd

import (
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/sessiontoken/sessionchain/app"
)

// initCometBFTConfig returns the CometBFT defaults sessiond writes into a new
// config.toml.
func initCometBFTConfig() *cmtcfg.Config {
	cfg := cmtcfg.DefaultConfig()
	cfg.Consensus.TimeoutCommit = 2 * time.Second
	return cfg
}

// initAppConfig returns the app.toml template and defaults: fees in nsesh
// with a zero minimum, so a new node accepts transactions out of the box.
func initAppConfig() (string, any) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = "0" + app.BaseDenom
	return serverconfig.DefaultConfigTemplate, cfg
}
