package daemon

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cosmos/cosmos-sdk/version"
)

// FlagConfig names the flag of a daemon's configuration file.
const FlagConfig = "config"

// AddConfigFlags adds --config and one flag per configuration key, named
// like the key, that overrides the file. daemon is the binary's name, which
// the help text points to for an example configuration.
func AddConfigFlags(fs *pflag.FlagSet, daemon string, keys []string) {
	fs.String(FlagConfig, "", "configuration file (TOML; "+daemon+" init-config prints an example)")
	for _, key := range keys {
		fs.String(key, "", "override "+key+" of the configuration file")
	}
}

// ConfigFlags reads what AddConfigFlags added: the required --config path
// and the key flags that were set (key → value).
func ConfigFlags(fs *pflag.FlagSet, daemon string, keys []string) (string, map[string]string, error) {
	path, err := fs.GetString(FlagConfig)
	if err != nil {
		return "", nil, err
	}
	if path == "" {
		return "", nil, fmt.Errorf("--%s is required (%s init-config prints an example)", FlagConfig, daemon)
	}
	overrides := map[string]string{}
	for _, key := range keys {
		if f := fs.Lookup(key); f != nil && f.Changed {
			overrides[key] = f.Value.String()
		}
	}
	return path, overrides, nil
}

// RunUntilSignal is a start command's RunE: it loads the configuration,
// builds the logger, and runs until SIGINT or SIGTERM; run may call stop to
// let a second signal kill the process.
func RunUntilSignal[C any](
	load func(*cobra.Command) (C, error),
	logger func(C) (*slog.Logger, error),
	run func(ctx context.Context, stop func(), cfg C, log *slog.Logger) error,
) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		cfg, err := load(cmd)
		if err != nil {
			return err
		}
		log, err := logger(cfg)
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return run(ctx, stop, cfg, log)
	}
}

// NewInitConfigCmd is `init-config`: it prints the example configuration.
func NewInitConfigCmd(example, content string) *cobra.Command {
	return &cobra.Command{
		Use:     "init-config",
		Short:   "Print a commented example configuration",
		Example: example,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := io.WriteString(cmd.OutOrStdout(), content)
			return err
		},
	}
}

// NewVersionCmd is `version`: it prints what version returns.
func NewVersionCmd(version func() string) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), version())
			return err
		},
	}
}

// VersionString is "<daemon> <version>, commit <commit>, <go version>": the
// version and commit the build set (-ldflags), else the VCS revision Go
// stamped, else "dev". With fromModule, an unset version falls back to the
// main module's version Go stamped (other than "(devel)").
func VersionString(daemon string, fromModule bool) string {
	v, commit := version.Version, version.Commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if fromModule && v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
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
	parts := []string{daemon + " " + v}
	if commit != "" {
		parts = append(parts, "commit "+commit)
	}
	parts = append(parts, runtime.Version())
	return strings.Join(parts, ", ")
}
