package daemon_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
)

func TestDecodeTOML(t *testing.T) {
	type config struct {
		Section struct {
			Key string `toml:"key"`
		} `toml:"section"`
	}
	var cfg config
	require.NoError(t, daemon.DecodeTOML([]byte("[section]\nkey = \"v\"\n"), &cfg))
	require.Equal(t, "v", cfg.Section.Key)

	err := daemon.DecodeTOML([]byte("[section]\nkee = \"v\"\n"), &cfg)
	require.ErrorContains(t, err, "unknown keys:\n")
	require.ErrorContains(t, err, "kee")

	err = daemon.DecodeTOML([]byte("[section]\nkey = \n"), &cfg)
	require.ErrorContains(t, err, "line 2, column")
}

func TestApplyOverrides(t *testing.T) {
	var order []string
	set := func(key, value string) error {
		order = append(order, key+"="+value)
		if key == "b.bad" {
			return errors.New("bad")
		}
		return nil
	}
	require.NoError(t, daemon.ApplyOverrides(map[string]string{"z.k": "1", "a.k": "2"}, set))
	require.Equal(t, []string{"a.k=2", "z.k=1"}, order, "in the order of the keys")

	order = nil
	require.EqualError(t, daemon.ApplyOverrides(map[string]string{"c.k": "1", "b.bad": "2", "a.k": "3"}, set), "bad")
	require.Equal(t, []string{"a.k=3", "b.bad=2"}, order, "stops at the first error")
}

func TestConfigFlags(t *testing.T) {
	keys := []string{"chain.rpc", "log.level"}
	fs := pflag.NewFlagSet("start", pflag.ContinueOnError)
	daemon.AddConfigFlags(fs, "some-daemon", keys)
	require.Contains(t, fs.Lookup(daemon.FlagConfig).Usage, "some-daemon init-config prints an example")

	_, _, err := daemon.ConfigFlags(fs, "some-daemon", keys)
	require.EqualError(t, err, "--config is required (some-daemon init-config prints an example)")

	require.NoError(t, fs.Parse([]string{"--config", "d.toml", "--log.level=debug"}))
	path, overrides, err := daemon.ConfigFlags(fs, "some-daemon", keys)
	require.NoError(t, err)
	require.Equal(t, "d.toml", path)
	require.Equal(t, map[string]string{"log.level": "debug"}, overrides, "only the key flags set")
}

func TestVersionString(t *testing.T) {
	v := daemon.VersionString("some-daemon", false)
	require.True(t, strings.HasPrefix(v, "some-daemon "), v)
	require.Contains(t, v, ", go")
}
