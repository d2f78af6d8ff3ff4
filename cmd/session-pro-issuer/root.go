package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/config"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/keyfile"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "session-pro-issuer",
		Short: "Session Pro proofs from the Session Token chain",
		Long: "session-pro-issuer answers Session clients' Pro requests in the Session Pro backend's format, from\n" +
			"x/pro state read with Merkle proofs checked against headers CometBFT's light client verified, and\n" +
			"signs v0 Pro proofs with a key governance registered on the chain.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newStartCmd(), newRequestCmd(), newKeygenCmd(), newPubkeyCmd(), newInitConfigCmd(), newVersionCmd())
	return root
}

// addConfigFlags adds --config and one flag per configuration key.
func addConfigFlags(fs *pflag.FlagSet) {
	daemon.AddConfigFlags(fs, "session-pro-issuer", config.Keys())
}

// loadConfig loads --config with the key flags that were set.
func loadConfig(cmd *cobra.Command) (*config.Config, error) {
	path, overrides, err := daemon.ConfigFlags(cmd.Flags(), "session-pro-issuer", config.Keys())
	if err != nil {
		return nil, err
	}
	return config.Load(path, overrides)
}

// newLogger builds the structured logger the configuration asks for.
func newLogger(w io.Writer, cfg *config.Config) (*slog.Logger, error) {
	return daemon.NewLogger(w, cfg.Issuer.LogLevel, cfg.Issuer.LogFormat)
}

func newKeygenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Make a new Ed25519 key file (mode 600) and print its public key",
		Long: "Writes a new random Ed25519 key to --out (128 hex digits: the seed and the public key, as the Pro\n" +
			"backend keeps its key), readable by its owner only, and prints the public key. It never overwrites a\n" +
			"file. Use it for the issuer's signing key, or for a Session key to try the request command with.",
		Example: "session-pro-issuer keygen --out ~/.session-pro-issuer/issuer.key",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out, err := cmd.Flags().GetString("out")
			if err != nil {
				return err
			}
			if out == "" {
				return fmt.Errorf("--out is required")
			}
			if out, err = daemon.ExpandHome(out); err != nil {
				return err
			}
			key, err := keyfile.Generate(out)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), keyfile.PublicHex(key))
			return err
		},
	}
	cmd.Flags().String("out", "", "the key file to create")
	return cmd
}

func newPubkeyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "pubkey [key-file]",
		Short:   "Print the public key of a key file",
		Example: "session-pro-issuer pubkey ~/.session-pro-issuer/issuer.key",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := daemon.ExpandHome(args[0])
			if err != nil {
				return err
			}
			key, err := keyfile.Load(path)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), keyfile.PublicHex(key))
			return err
		},
	}
	return cmd
}

func newInitConfigCmd() *cobra.Command {
	return daemon.NewInitConfigCmd("session-pro-issuer init-config > issuer.toml", config.Example)
}

func newVersionCmd() *cobra.Command {
	return daemon.NewVersionCmd(func() string { return daemon.VersionString("session-pro-issuer", false) })
}

// stderr is where logs go; stdout is for command output.
var stderr io.Writer = os.Stderr

// stderrLogger is the logger of the configuration, writing to stderr.
func stderrLogger(cfg *config.Config) (*slog.Logger, error) { return newLogger(stderr, cfg) }
