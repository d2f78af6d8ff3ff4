package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"text/template"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
)

// clientConfigTemplate is the layout of config/client.toml.
const clientConfigTemplate = `# This is a TOML config file: the defaults of sessiond's client commands.

# The network chain ID
chain-id = "{{ .ChainID }}"
# The keyring's backend, where the keys are stored (os|file|kwallet|pass|test|memory)
keyring-backend = "{{ .KeyringBackend }}"
# Default key name, if set, defines the default key to use for signing transaction when the --from flag is not specified
keyring-default-keyname = "{{ .KeyringDefaultKeyName }}"
# CLI output format (text|json)
output = "{{ .Output }}"
# <host>:<port> to CometBFT RPC interface for this chain
node = "{{ .Node }}"
# Transaction broadcasting mode (sync|async)
broadcast-mode = "{{ .BroadcastMode }}"
`

// configCmd is `sessiond config`: read and change the client defaults in
// <home>/config/client.toml.
func configCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Read or change the client defaults in config/client.toml",
		Long: "Keys: chain-id, keyring-backend, keyring-default-keyname, output, node, broadcast-mode.\n" +
			"Node settings live in config/app.toml and config/config.toml.",
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:     "get [key]",
			Short:   "Print a client setting, or all of them",
			Example: "sessiond config get chain-id",
			Args:    cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				cfg, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				settings := clientSettings(cfg)
				if len(args) == 0 {
					for _, s := range settings {
						fmt.Fprintf(cmd.OutOrStdout(), "%s = %q\n", s.key, *s.value)
					}
					return nil
				}
				for _, s := range settings {
					if s.key == args[0] {
						fmt.Fprintln(cmd.OutOrStdout(), *s.value)
						return nil
					}
				}
				return fmt.Errorf("unknown client setting %q", args[0])
			},
		},
		&cobra.Command{
			Use:     "set [key] [value]",
			Short:   "Change a client setting",
			Example: "sessiond config set chain-id sessiond-dev-1\nsessiond config set keyring-backend test",
			Args:    cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				cfg, err := readClientConfig(cmd)
				if err != nil {
					return err
				}
				for _, s := range clientSettings(cfg) {
					if s.key == args[0] {
						*s.value = args[1]
						return writeClientConfig(cmd, cfg)
					}
				}
				return fmt.Errorf("unknown client setting %q", args[0])
			},
		},
	)
	return cmd
}

type clientSetting struct {
	key   string
	value *string
}

func clientSettings(cfg *config.ClientConfig) []clientSetting {
	return []clientSetting{
		{"chain-id", &cfg.ChainID},
		{"keyring-backend", &cfg.KeyringBackend},
		{"keyring-default-keyname", &cfg.KeyringDefaultKeyName},
		{"output", &cfg.Output},
		{"node", &cfg.Node},
		{"broadcast-mode", &cfg.BroadcastMode},
	}
}

func clientConfigPath(cmd *cobra.Command) string {
	return filepath.Join(client.GetClientContextFromCmd(cmd).HomeDir, "config", "client.toml")
}

func readClientConfig(cmd *cobra.Command) (*config.ClientConfig, error) {
	cfg := config.DefaultConfig()
	path := clientConfigPath(cmd)
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return cfg, nil
	}
	v := viper.New()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if err := v.Unmarshal(cfg); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return cfg, nil
}

func writeClientConfig(cmd *cobra.Command, cfg *config.ClientConfig) error {
	tmpl, err := template.New("client.toml").Parse(clientConfigTemplate)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, cfg); err != nil {
		return err
	}
	path := clientConfigPath(cmd)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}
