package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/chain"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/config"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/metrics"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/relayer"
	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
)

// startupWait bounds how long start waits for the node to tell the chain id.
const startupWait = 5 * time.Minute

func newStartCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run the relayer until SIGINT or SIGTERM",
		Long: "Runs the relayer's rounds every relayer.poll_interval: attests deposits at final EVM blocks, signs\n" +
			"batches, signer sets and admin operations, attests batch outcomes and the contract's state, relays\n" +
			"signer-set updates, admin operations and batches to the contract, and updates the metrics. It sends\n" +
			"from the validator's delegate account (chain.key_name); the operator registers the EVM key and the\n" +
			"delegate once. SIGINT or SIGTERM stops it after the current step; it exits 0.",
		Example: "session-relayer start --config relayer.toml\n" +
			"session-relayer start --config relayer.toml --relayer.log_level=debug --evm.rpc=ws://127.0.0.1:8546",
		Args: cobra.NoArgs,
		RunE: daemon.RunUntilSignal(func(cmd *cobra.Command) (*config.Config, error) {
			return loadConfig(cmd, config.ForRelaying)
		}, stderrLogger, runStart),
	}
	addConfigFlags(cmd.Flags())
	return cmd
}

func runStart(ctx context.Context, stopSignals func(), cfg *config.Config, log *slog.Logger) error {
	key, previous, gasKey, err := loadEVMKeys(cfg, log)
	if err != nil {
		return err
	}

	cdc, err := chain.NewCodec()
	if err != nil {
		return err
	}
	client, err := chain.Dial(cfg.Chain.GRPC, cfg.Chain.RPC, cdc, chain.TLS{Enabled: cfg.Chain.GRPCTLS, CAFile: cfg.Chain.GRPCCAFile})
	if err != nil {
		return err
	}
	defer client.Close()
	chainID, err := resolveChainID(ctx, client, cfg.Chain.ChainID, startupWait, log)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	signer, err := newSigner(cfg, client, chainID)
	if err != nil {
		return err
	}

	ec, err := ethclient.DialContext(ctx, cfg.EVM.RPC)
	if err != nil {
		return fmt.Errorf("evm.rpc %s: %w", cfg.EVM.RPC, err)
	}
	defer ec.Close()

	m := metrics.New()
	srv, err := startMetrics(cfg, m, log)
	if err != nil {
		return err
	}

	var contract common.Address
	if cfg.EVM.Contract != "" {
		contract = common.HexToAddress(cfg.EVM.Contract)
	}
	r := relayer.New(relayer.Config{
		Account:       signer.Account(),
		Valoper:       cfg.Chain.Validator,
		ChainID:       chainID,
		Contract:      contract,
		Confirmations: cfg.ConfirmationDepth(),
		Finalized:     cfg.SafeByFinalized(),
		StartBlock:    cfg.EVM.StartBlock,
		PollInterval:  cfg.Relayer.PollInterval.Duration,
		StepTimeout:   cfg.Relayer.StepTimeout.Duration,
		SubmitDelay:   cfg.Relayer.SubmitDelay.Duration,
	}, client, signer, &evmDialer{client: ec, opts: evm.Options{
		LogRange:  cfg.EVM.LogRange,
		TxTimeout: cfg.EVM.TxTimeout.Duration,
	}, key: gasKey}, key, previous, log, m)

	err = r.Run(ctx)
	// A second signal now kills the process at once.
	stopSignals()
	stopMetrics(srv, log)
	log.Info("relayer stopped")
	return err
}

// loadOptionalKey loads an EVM key file the configuration may leave empty
// (nil then).
func loadOptionalKey(file, password, key string) (*ecdsa.PrivateKey, error) {
	if file == "" {
		return nil, nil
	}
	path, err := expand(file)
	if err != nil {
		return nil, err
	}
	pw, err := expand(password)
	if err != nil {
		return nil, err
	}
	k, err := evmkey.Load(path, pw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return k, nil
}

// loadEVMKeys loads the validator's EVM signing key, the previous key it
// still signs with during a rotation (nil when none) and the key that pays
// gas (the signing key when none is configured).
func loadEVMKeys(cfg *config.Config, log *slog.Logger) (key, previous, gasKey *ecdsa.PrivateKey, err error) {
	keyFile, err := expand(cfg.EVM.KeyFile)
	if err != nil {
		return nil, nil, nil, err
	}
	pwFile, err := expand(cfg.EVM.PasswordFile)
	if err != nil {
		return nil, nil, nil, err
	}
	if key, err = evmkey.Load(keyFile, pwFile); err != nil {
		return nil, nil, nil, fmt.Errorf("evm.key_file: %w", err)
	}
	previous, err = loadOptionalKey(cfg.EVM.PreviousKeyFile, cfg.EVM.PreviousPasswordFile, "evm.previous_key_file")
	if err != nil {
		return nil, nil, nil, err
	}
	gasKey, err = loadOptionalKey(cfg.EVM.GasKeyFile, cfg.EVM.GasPasswordFile, "evm.gas_key_file")
	if err != nil {
		return nil, nil, nil, err
	}
	if gasKey == nil {
		gasKey = key
		log.Info("the EVM signing key also pays gas (set evm.gas_key_file to keep them apart)")
	}
	return key, previous, gasKey, nil
}

// newSigner opens the keyring of the [chain] section and returns the signer
// of the relayer's delegate account on chainID.
func newSigner(cfg *config.Config, client *chain.Client, chainID string) (*chain.Signer, error) {
	krDir, err := expand(cfg.Chain.KeyringDir)
	if err != nil {
		return nil, err
	}
	krPass, err := expand(cfg.Chain.KeyringPasswordFile)
	if err != nil {
		return nil, err
	}
	return chain.NewSigner(client, chain.SignerConfig{
		KeyringDir:          krDir,
		KeyringBackend:      cfg.Chain.KeyringBackend,
		KeyringPasswordFile: krPass,
		KeyName:             cfg.Chain.KeyName,
		ChainID:             chainID,
		GasPrices:           cfg.Chain.GasPrices,
		GasAdjustment:       cfg.Chain.GasAdjustment,
		TxTimeout:           cfg.Chain.TxTimeout.Duration,
	})
}

// startMetrics serves m on relayer.metrics_listen; nil when it is not set.
func startMetrics(cfg *config.Config, m *metrics.Metrics, log *slog.Logger) (*metrics.Server, error) {
	if cfg.Relayer.MetricsListen == "" {
		return nil, nil
	}
	// Healthy while the loop shows signs of life: every step beats, and no
	// step runs longer than step_timeout.
	stale := cfg.Relayer.StepTimeout.Duration + cfg.Relayer.PollInterval.Duration + 30*time.Second
	srv, err := m.Listen(cfg.Relayer.MetricsListen, stale)
	if err != nil {
		return nil, err
	}
	go srv.Serve(log)
	log.Info("metrics server listening", "addr", srv.Addr(), "paths", "/metrics /healthz")
	return srv, nil
}

// stopMetrics shuts the metrics server down, if there is one.
func stopMetrics(srv *metrics.Server, log *slog.Logger) {
	if srv == nil {
		return
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil && !errors.Is(serr, context.DeadlineExceeded) {
		log.Warn("metrics server shutdown", "err", serr)
	}
}
