package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	cmtlog "github.com/cometbft/cometbft/libs/log"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/version"

	"github.com/sessiontoken/sessionchain/client/lightquery"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/chainstate"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/config"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/issuer"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/keyfile"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/metrics"
)

// startupWait bounds how long start waits for the chain to be reachable.
const startupWait = 5 * time.Minute

func newStartCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Serve the Pro API until SIGINT or SIGTERM",
		Long: "Loads the signing key (refused if other users can read it), starts the light client from the trusted\n" +
			"header (or, in trust_mode local-node-unsafe, trusts the node) and serves the Pro API on issuer.listen:\n" +
			"POST /generate_pro_proof, /get_pro_status, /get_pro_revocations and GET /status. Every answer is read\n" +
			"from chain state proven against a verified header; an answer that does not prove itself is refused.",
		Example: "session-pro-issuer start --config issuer.toml\n" +
			"session-pro-issuer start --config issuer.toml --issuer.log_level=debug --issuer.listen=0.0.0.0:8547",
		Args: cobra.NoArgs,
		RunE: daemon.RunUntilSignal(loadConfig, stderrLogger,
			func(ctx context.Context, _ func(), cfg *config.Config, log *slog.Logger) error {
				return runStart(ctx, cfg, log)
			}),
	}
	addConfigFlags(cmd.Flags())
	return cmd
}

func runStart(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	keyPath, err := daemon.ExpandHome(cfg.Issuer.KeyFile)
	if err != nil {
		return err
	}
	key, err := keyfile.Load(keyPath)
	if err != nil {
		return fmt.Errorf("issuer.key_file: %w", err)
	}
	home, err := daemon.ExpandHome(cfg.Issuer.Home)
	if err != nil {
		return err
	}
	node, err := rpchttp.New(cfg.Chain.RPC, "/websocket")
	if err != nil {
		return fmt.Errorf("chain.rpc: %w", err)
	}
	headers, closeHeaders, err := openHeaders(ctx, cfg, home, node, log)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	defer closeHeaders()

	m := metrics.New()
	if cfg.Issuer.MetricsListen != "" {
		srv, err := m.Listen(cfg.Issuer.MetricsListen, cfg.Chain.MaxStateAge.Duration+time.Minute)
		if err != nil {
			return fmt.Errorf("issuer.metrics_listen: %w", err)
		}
		go srv.Serve(log)
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
		}()
		log.Info("metrics server listening", "addr", srv.Addr(), "paths", "/metrics /healthz")
	}

	state := chainstate.New(headers, node, cfg.Chain.MaxStateAge.Duration, cfg.Chain.SnapshotTTL.Duration)
	is := issuer.New(issuer.Config{
		Key: key, ChainID: cfg.Chain.ChainID, Version: version.Version,
		RequestTolerance: cfg.Issuer.RequestTolerance.Duration,
		ProofsPerWindow:  cfg.Issuer.ProofsPerWindow, RateWindow: cfg.Issuer.RateWindow.Duration,
		MaxTrackedAccounts: cfg.Issuer.MaxTrackedAccounts, RetryIn: cfg.Issuer.RetryIn.Duration,
		MaxRequestBytes: cfg.Issuer.MaxRequestBytes,
	}, chainAdapter{state}, log, m)
	checkRegistered(ctx, state, is.PublicKey(), log)

	ln, err := net.Listen("tcp", cfg.Issuer.Listen)
	if err != nil {
		return fmt.Errorf("issuer.listen: %w", err)
	}
	log.Info("serving the Pro API", "addr", ln.Addr().String(), "signing_pubkey", is.PublicKey(),
		"chain_id", cfg.Chain.ChainID, "trust_mode", cfg.Chain.TrustMode)
	err = is.Serve(ctx, ln)
	log.Info("issuer stopped")
	return err
}

// openHeaders returns the headers the issuer trusts: the light client's,
// or in development the node's own. The chain may not be reachable yet:
// it retries until startupWait.
func openHeaders(ctx context.Context, cfg *config.Config, home string, node *rpchttp.HTTP, log *slog.Logger) (lightquery.Headers, func(), error) {
	if cfg.Chain.TrustMode == config.TrustLocalNode {
		log.Warn("trust_mode local-node-unsafe: headers are taken from the node without verification; for development only",
			"rpc", cfg.Chain.RPC)
		return lightquery.NewTrustNode(node), func() {}, nil
	}
	dir := filepath.Join(home, "light")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, err
	}
	deadline := time.Now().Add(startupWait)
	for {
		lc, err := lightquery.OpenLight(ctx, lightquery.LightConfig{
			ChainID: cfg.Chain.ChainID, Primary: cfg.Chain.RPC, Witnesses: cfg.Chain.Witnesses,
			TrustHeight: cfg.Chain.TrustHeight, TrustHash: cfg.TrustHashBytes(),
			TrustingPeriod: cfg.Chain.TrustingPeriod.Duration, Dir: dir, Logger: cometLogger{log.With("module", "light")},
		})
		if err == nil {
			log.Info("light client ready", "trusted_height", cfg.Chain.TrustHeight, "store", dir)
			return lc, func() { _ = lc.Close() }, nil
		}
		if time.Now().After(deadline) {
			return nil, nil, fmt.Errorf("starting the light client: %w", err)
		}
		log.Warn("waiting for the chain to start the light client", "err", err)
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

// checkRegistered warns when the chain does not list the issuer's key as
// valid now: until governance registers it, every proof request is refused.
func checkRegistered(ctx context.Context, state *chainstate.Reader, pubkey string, log *slog.Logger) {
	snap, err := state.Snapshot(ctx)
	if err != nil {
		log.Warn("cannot read the chain yet to check the issuer key", "err", err)
		return
	}
	key, found, err := snap.IssuerKey(ctx, pubkey)
	switch {
	case err != nil:
		log.Warn("cannot read the issuer key from the chain", "err", err)
	case !found:
		log.Warn("the chain has no issuer key "+pubkey+": proofs are refused until governance registers it "+
			"(sessiond tx pro register-issuer-key-proposal)", "height", snap.Height())
	case !key.IsValidAt(snap.Time()):
		log.Warn("the issuer key is registered but not valid now", "not_before", key.NotBefore, "not_after", key.NotAfter)
	default:
		log.Info("the issuer key is registered on the chain", "pubkey", pubkey, "description", key.Description)
	}
}

// chainAdapter serves the issuer chainstate's snapshots.
type chainAdapter struct{ r *chainstate.Reader }

func (a chainAdapter) Snapshot(ctx context.Context) (issuer.Snapshot, error) {
	s, err := a.r.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// cometLogger writes CometBFT's (the light client's) logs to slog.
type cometLogger struct{ l *slog.Logger }

func (c cometLogger) Debug(msg string, keyvals ...any) { c.l.Debug(msg, keyvals...) }
func (c cometLogger) Info(msg string, keyvals ...any)  { c.l.Debug(msg, keyvals...) }
func (c cometLogger) Warn(msg string, keyvals ...any)  { c.l.Warn(msg, keyvals...) }
func (c cometLogger) Error(msg string, keyvals ...any) { c.l.Warn(msg, keyvals...) }
func (c cometLogger) With(keyvals ...any) cmtlog.Logger {
	return cometLogger{c.l.With(keyvals...)}
}
