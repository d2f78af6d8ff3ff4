package config_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/config"
)

// valoper is an operator address in whatever prefix the process has set.
var valoper = sdk.ValAddress(make([]byte, 20)).String()

var minimal = fmt.Sprintf(`
[chain]
grpc = "127.0.0.1:9090"
key_name = "bridge-delegate"
validator = %q

[evm]
rpc = "http://127.0.0.1:8545"
key_file = "/keys/evm.key"
`, valoper)

func write(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "relayer.toml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func TestExampleIsValid(t *testing.T) {
	// The example's validator is a placeholder the operator must replace.
	_, err := config.Load(write(t, config.Example), nil, config.ForRelaying)
	require.ErrorContains(t, err, "chain.validator: required")
	cfg, err := config.Load(write(t, config.Example), map[string]string{"chain.validator": valoper}, config.ForRelaying)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:9090", cfg.Chain.GRPC)
	require.True(t, cfg.SafeByFinalized(), "the example waits for finality")
	require.Equal(t, 30*time.Second, cfg.Relayer.SubmitDelay.Duration)
	require.Equal(t, "127.0.0.1:9464", cfg.Relayer.MetricsListen)

	// Every key of the example is a key of the file format, and every key is in the example.
	for _, key := range config.Keys() {
		name := key[strings.IndexByte(key, '.')+1:]
		require.Regexp(t, "\n(# )?"+name+" =", config.Example, "example lacks %s", key)
	}
}

func TestDefaults(t *testing.T) {
	cfg, err := config.Load(write(t, minimal), nil, config.ForRelaying)
	require.NoError(t, err)
	require.Equal(t, "0nsesh", cfg.Chain.GasPrices)
	require.InDelta(t, 1.5, cfg.Chain.GasAdjustment, 0)
	require.Equal(t, "os", cfg.Chain.KeyringBackend)
	require.Equal(t, "~/.sessiond", cfg.Chain.KeyringDir)
	require.Equal(t, 30*time.Second, cfg.Chain.TxTimeout.Duration)
	require.Equal(t, uint64(0), cfg.ConfirmationDepth())
	require.True(t, cfg.SafeByFinalized(), "the finalized block is the default safe block")
	require.False(t, cfg.EVM.DevChain)
	require.False(t, cfg.Chain.GRPCTLS)
	require.Equal(t, 30*time.Second, cfg.Relayer.SubmitDelay.Duration)
	require.Equal(t, time.Second, cfg.Relayer.PollInterval.Duration)
	require.Empty(t, cfg.Relayer.MetricsListen)
	require.Equal(t, "info", cfg.Relayer.LogLevel)
	require.Equal(t, "json", cfg.Relayer.LogFormat)
	require.Equal(t, uint64(10_000), cfg.EVM.LogRange)
}

// TestConfirmationFloor: a confirmation depth replaces the finalized block
// only at 64 blocks or more, where reorgs of real chains end; a shallower
// depth (the old default was 2) needs the explicit development-chain flag.
func TestConfirmationFloor(t *testing.T) {
	cfg, err := config.Load(write(t, minimal+"finality = \"finalized\"\n"), nil, config.ForRelaying)
	require.NoError(t, err)
	require.True(t, cfg.SafeByFinalized())
	require.Equal(t, uint64(0), cfg.ConfirmationDepth())

	for _, depth := range []int{0, 2, 63} {
		_, err = config.Load(write(t, minimal+fmt.Sprintf("confirmations = %d\n", depth)), nil, config.ForRelaying)
		require.ErrorContains(t, err, "is below 64", "depth %d", depth)
		cfg, err = config.Load(write(t, minimal+fmt.Sprintf("confirmations = %d\ndev_chain = true\n", depth)), nil, config.ForRelaying)
		require.NoError(t, err, "depth %d on a development chain", depth)
		require.False(t, cfg.SafeByFinalized())
		require.Equal(t, uint64(depth), cfg.ConfirmationDepth(), "an explicit depth stays, 0 included")
	}
	cfg, err = config.Load(write(t, minimal+"confirmations = 64\n"), nil, config.ForRelaying)
	require.NoError(t, err)
	require.Equal(t, uint64(64), cfg.ConfirmationDepth())
	cfg, err = config.Load(write(t, minimal), map[string]string{"evm.confirmations": "1", "evm.dev_chain": "true"}, config.ForRelaying)
	require.NoError(t, err, "the flag may be given on the command line")
	require.True(t, cfg.EVM.DevChain)
	require.Equal(t, uint64(1), cfg.ConfirmationDepth())
}

// TestTLSToRemoteNodes: the relayer signs what the node lists, so it dials a
// node that is not on this machine only over TLS.
func TestTLSToRemoteNodes(t *testing.T) {
	for _, host := range []string{"127.0.0.1:9090", "localhost:9090", "[::1]:9090"} {
		_, err := config.Load(write(t, minimal), map[string]string{"chain.grpc": host}, config.ForRelaying)
		require.NoError(t, err, host)
	}
	for _, host := range []string{"node:9090", "10.0.0.2:9090", "0.0.0.0:9090"} {
		_, err := config.Load(write(t, minimal), map[string]string{"chain.grpc": host}, config.ForRelaying)
		require.ErrorContains(t, err, "chain.grpc_tls = true", host)
		cfg, err := config.Load(write(t, minimal), map[string]string{"chain.grpc": host, "chain.grpc_tls": "true"}, config.ForRelaying)
		require.NoError(t, err, host)
		require.True(t, cfg.Chain.GRPCTLS)
	}
	_, err := config.Load(write(t, minimal), map[string]string{"chain.grpc_ca_file": "/ca.pem"}, config.ForRelaying)
	require.ErrorContains(t, err, "chain.grpc_ca_file: needs chain.grpc_tls = true")
}

func TestOverrides(t *testing.T) {
	cfg, err := config.Load(write(t, minimal), map[string]string{
		"chain.grpc":            "node:9091",
		"chain.grpc_tls":        "true",
		"chain.gas_adjustment":  "2",
		"evm.finality":          "",
		"evm.confirmations":     "120",
		"evm.start_block":       "1234",
		"relayer.poll_interval": "250ms",
		"relayer.log_format":    "text",
	}, config.ForRelaying)
	require.NoError(t, err)
	require.Equal(t, "node:9091", cfg.Chain.GRPC)
	require.InDelta(t, 2.0, cfg.Chain.GasAdjustment, 0)
	require.Equal(t, uint64(120), cfg.ConfirmationDepth())
	require.Equal(t, uint64(1234), cfg.EVM.StartBlock)
	require.Equal(t, 250*time.Millisecond, cfg.Relayer.PollInterval.Duration)
	require.Equal(t, "text", cfg.Relayer.LogFormat)

	// A flag may switch to finalized by clearing the file's confirmations.
	cfg, err = config.Load(write(t, minimal+"confirmations = 100\n"), map[string]string{
		"evm.finality": "finalized", "evm.confirmations": "",
	}, config.ForRelaying)
	require.NoError(t, err)
	require.True(t, cfg.SafeByFinalized())

	_, err = config.Load(write(t, minimal), map[string]string{"evm.start_block": "-1"}, config.ForRelaying)
	require.ErrorContains(t, err, "evm.start_block")
	_, err = config.Load(write(t, minimal), map[string]string{"evm.nope": "1"}, config.ForRelaying)
	require.ErrorContains(t, err, `unknown config key "evm.nope"`)
}

func TestInvalid(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    string
		purpose config.Purpose
		wantErr []string
	}{
		{
			name:    "empty file: every required key is named",
			body:    "",
			wantErr: []string{"chain.grpc: required", "chain.key_name: required", "chain.validator: required", "evm.rpc: required", "evm.key_file: required"},
		},
		{
			name:    "deploy needs only the endpoints",
			body:    "[chain]\ngrpc = \"127.0.0.1:9090\"\n[evm]\nrpc = \"http://127.0.0.1:8545\"\n",
			purpose: config.ForDeploy,
		},
		{
			name:    "unknown key",
			body:    minimal + "confirmation = 2\n",
			wantErr: []string{"unknown keys", "confirmation"},
		},
		{
			name:    "syntax error shows the position",
			body:    minimal + "start_block = \n",
			wantErr: []string{"line 10, column 15"},
		},
		{
			name:    "bad values",
			body:    strings.Replace(minimal, `grpc = "127.0.0.1:9090"`, "grpc = \"localhost\"\nkeyring_backend = \"kwallet\"\ngas_prices = \"x\"\ngas_adjustment = 0.5\nrpc = \"tcp://127.0.0.1:26657\"", 1),
			wantErr: []string{"chain.grpc: want host:port", "chain.keyring_backend", "chain.gas_prices", "chain.gas_adjustment", "chain.rpc"},
		},
		{
			name:    "file keyring needs its password",
			body:    strings.Replace(minimal, `key_name = "bridge-delegate"`, "key_name = \"bridge-delegate\"\nkeyring_backend = \"file\"", 1),
			wantErr: []string{"chain.keyring_password_file: required"},
		},
		{
			name:    "confirmations and finalized together",
			body:    minimal + "confirmations = 100\nfinality = \"finalized\"\n",
			wantErr: []string{"set either evm.confirmations or evm.finality"},
		},
		{
			name:    "unknown finality",
			body:    minimal + "finality = \"safe\"\n",
			wantErr: []string{`evm.finality: want "finalized" or empty, got "safe"`},
		},
		{
			name:    "bad EVM values",
			body:    strings.Replace(minimal, `rpc = "http://127.0.0.1:8545"`, "rpc = \"127.0.0.1:8545\"\ncontract = \"0x1234\"", 1),
			wantErr: []string{"evm.rpc: not a URL", "evm.contract"},
		},
		{
			name:    "bad relayer values",
			body:    minimal + "[relayer]\npoll_interval = \"1ms\"\nmetrics_listen = \"9464\"\nlog_level = \"loud\"\nlog_format = \"xml\"\n",
			wantErr: []string{"relayer.poll_interval", "relayer.metrics_listen", "relayer.log_level", "relayer.log_format"},
		},
		{
			name:    "bad duration",
			body:    minimal + "[relayer]\npoll_interval = \"soon\"\n",
			wantErr: []string{"soon"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Load(write(t, tc.body), nil, tc.purpose)
			if len(tc.wantErr) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, want := range tc.wantErr {
				require.ErrorContains(t, err, want)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	_, err := config.Load(filepath.Join(t.TempDir(), "nope.toml"), nil, config.ForRelaying)
	require.ErrorContains(t, err, "read config")
}

func TestExpandHome(t *testing.T) {
	home, err := os.UserHomeDir()
	require.NoError(t, err)
	got, err := daemon.ExpandHome("~/.sessiond")
	require.NoError(t, err)
	require.Equal(t, filepath.Join(home, ".sessiond"), got)
	got, err = daemon.ExpandHome("/abs/path")
	require.NoError(t, err)
	require.Equal(t, "/abs/path", got)
}
