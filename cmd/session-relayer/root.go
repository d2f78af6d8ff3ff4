package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/chain"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/config"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "session-relayer",
		Short: "Relayer of the Session Token chain's SESH bridge",
		Long: "session-relayer runs next to a validator of the Session Token chain. It attests deposits on the\n" +
			"SessionBridge contract, signs outbound transfers and signer sets with the validator's EVM key,\n" +
			"submits withdrawals and signer-set updates, and exports the bridge's supply parity as metrics.\n" +
			"It keeps no state of its own: the chain and the contract say what is done.",
		SilenceUsage:  true,
		SilenceErrors: true,
		// The chain's bech32 prefixes, before any command reads a config
		// (chain.validator is a sessionvaloper1... address).
		PersistentPreRun: func(*cobra.Command, []string) { chain.SetAddressConfig() },
	}
	root.AddCommand(newStartCmd(), newDeployCmd(), newInitConfigCmd(), newVersionCmd())
	return root
}

// addConfigFlags adds --config and one flag per configuration key, named
// like the key (--chain.grpc, --evm.rpc, ...), that overrides the file.
func addConfigFlags(fs *pflag.FlagSet) {
	daemon.AddConfigFlags(fs, "session-relayer", config.Keys())
}

// loadConfig loads --config with the key flags that were set.
func loadConfig(cmd *cobra.Command, purpose config.Purpose) (*config.Config, error) {
	path, overrides, err := daemon.ConfigFlags(cmd.Flags(), "session-relayer", config.Keys())
	if err != nil {
		return nil, err
	}
	return config.Load(path, overrides, purpose)
}

// newLogger builds the structured logger the configuration asks for.
func newLogger(w io.Writer, cfg *config.Config) (*slog.Logger, error) {
	return daemon.NewLogger(w, cfg.Relayer.LogLevel, cfg.Relayer.LogFormat)
}

// resolveChainID returns the configured chain id, or asks the node for it,
// retrying while the node is unreachable until ctx ends or wait runs out.
func resolveChainID(ctx context.Context, c *chain.Client, configured string, wait time.Duration, log *slog.Logger) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for {
		st, err := c.Status(ctx)
		switch {
		case err == nil && configured != "" && st.ChainID != "" && st.ChainID != configured:
			return "", fmt.Errorf("chain.chain_id is %q but the node is on %q", configured, st.ChainID)
		case err == nil && configured != "":
			return configured, nil
		case err == nil && st.ChainID != "":
			return st.ChainID, nil
		case err == nil:
			err = fmt.Errorf("the node reports no chain id")
		}
		if configured != "" {
			// The node may come up later; the configured id is what signatures need.
			log.Warn("cannot check the chain id with the node yet", "err", err)
			return configured, nil
		}
		log.Warn("waiting for the node to read the chain id", "err", err)
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("chain id: set chain.chain_id or make the node reachable: %w", err)
		case <-time.After(2 * time.Second):
		}
	}
}

func newVersionCmd() *cobra.Command {
	return daemon.NewVersionCmd(func() string { return daemon.VersionString("session-relayer", true) })
}

func newInitConfigCmd() *cobra.Command {
	return daemon.NewInitConfigCmd("session-relayer init-config > relayer.toml\n"+
		"session-relayer start --config relayer.toml", config.Example)
}

// expand expands a leading ~ of a configured path.
func expand(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	return daemon.ExpandHome(path)
}

// stderr is where logs go; stdout is for command output.
var stderr io.Writer = os.Stderr

// stderrLogger is the logger of the configuration, writing to stderr.
func stderrLogger(cfg *config.Config) (*slog.Logger, error) { return newLogger(stderr, cfg) }
