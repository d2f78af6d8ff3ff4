package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cosmos/cosmos-sdk/version"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/chain"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/config"
)

const flagConfig = "config"

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
	fs.String(flagConfig, "", "configuration file (TOML; session-relayer init-config prints an example)")
	for _, key := range config.Keys() {
		fs.String(key, "", "override "+key+" of the configuration file")
	}
}

// loadConfig loads --config with the key flags that were set.
func loadConfig(cmd *cobra.Command, purpose config.Purpose) (*config.Config, error) {
	path, err := cmd.Flags().GetString(flagConfig)
	if err != nil {
		return nil, err
	}
	if path == "" {
		return nil, fmt.Errorf("--%s is required (session-relayer init-config prints an example)", flagConfig)
	}
	overrides := map[string]string{}
	for _, key := range config.Keys() {
		if f := cmd.Flags().Lookup(key); f != nil && f.Changed {
			overrides[key] = f.Value.String()
		}
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
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), versionString())
			return err
		},
	}
}

func versionString() string {
	v, commit := version.Version, version.Commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && commit == "" {
				commit = s.Value
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	parts := []string{"session-relayer " + v}
	if commit != "" {
		parts = append(parts, "commit "+commit)
	}
	parts = append(parts, runtime.Version())
	return strings.Join(parts, ", ")
}

func newInitConfigCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init-config",
		Short: "Print a commented example configuration",
		Example: "session-relayer init-config > relayer.toml\n" +
			"session-relayer start --config relayer.toml",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := io.WriteString(cmd.OutOrStdout(), config.Example)
			return err
		},
	}
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
