package nodeagent

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
	"github.com/sessiontoken/sessionchain/x/nodestaking/client/cli"
)

const flagConfig = "config"

// Cmd is `sessiond node-agent`: the daemon a Session Node runs beside its
// software to stay active without a person.
func Cmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "node-agent",
		Short: "Keep a Session Node active: send its uptime proofs, test the nodes its quorums assign it, vote",
		Long: "The node agent sends the node's uptime proofs on schedule with its endpoint, finds each testing period the\n" +
			"nodes whose quorums hold it, tests that their storage port accepts connections, and votes: to decommission a\n" +
			"node that fails failures_to_vote tests in a row, to recommission a decommissioned node that has proven again\n" +
			"and answers. Its configuration is one TOML file ('sessiond node-agent init' writes an example).",
	}
	cmd.AddCommand(initCmd(), startCmd())
	return cmd
}

func initCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "init [config-file]",
		Short:   "Write an example node agent configuration file (which must not exist)",
		Example: "sessiond node-agent init ~/.sessiond/node-agent.toml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.OpenFile(args[0], os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- the operator names the file
			if err != nil {
				return err
			}
			if _, err := f.WriteString(ExampleConfig); err != nil {
				_ = f.Close()
				return err
			}
			return f.Close()
		},
	}
}

func startCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "start",
		Short:   "Run the node agent until interrupted",
		Example: "sessiond node-agent start --config ~/.sessiond/node-agent.toml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SilenceUsage = true
			path, err := cmd.Flags().GetString(flagConfig)
			if err != nil {
				return err
			}
			cfg, err := LoadConfig(path)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return run(ctx, client.GetClientContextFromCmd(cmd), cfg)
		},
	}
	cmd.Flags().String(flagConfig, "", "the node agent's configuration file")
	if err := cmd.MarkFlagRequired(flagConfig); err != nil {
		panic(err)
	}
	return cmd
}

// run starts the agent with its metrics server and stops both when ctx ends.
func run(ctx context.Context, base client.Context, cfg *Config) error {
	log, err := daemon.NewLogger(os.Stderr, cfg.Agent.LogLevel, cfg.Agent.LogFormat)
	if err != nil {
		return err
	}
	key, err := cli.LoadNodeKey(cfg.Node.KeyFile)
	if err != nil {
		return fmt.Errorf("node.key_file: %w", err)
	}
	chain, err := dialChain(base, cfg.Chain)
	if err != nil {
		return err
	}
	m := NewMetrics()
	probe := TCPProber{Timeout: cfg.Agent.ProbeTimeout.Duration, AddressMap: cfg.Agent.AddressMap}
	agent := New(cfg, chain, key, probe, m, log)
	if cfg.Agent.Metrics != "" {
		srv, err := daemon.ListenMetrics(cfg.Agent.Metrics, m.Registry, agent.Health())
		if err != nil {
			return fmt.Errorf("agent.metrics: %w", err)
		}
		log.Info("metrics listening", "addr", srv.Addr())
		go srv.Serve(log)
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				log.Warn("metrics server shutdown", "err", err)
			}
		}()
	}
	return agent.Run(ctx)
}
