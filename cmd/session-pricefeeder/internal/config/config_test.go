package config

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestExampleParses(t *testing.T) {
	cfg, err := Parse([]byte(Example))
	require.NoError(t, err)
	require.Len(t, cfg.Uniswap, 2)
	require.Len(t, cfg.HTTP, 1)
	require.Equal(t, 30*time.Minute, cfg.Uniswap[0].Window.Duration)
	require.NotNil(t, cfg.HTTP[0].Convert)
	require.Equal(t, 2, cfg.Feeder.MinSources)
}

const minimal = `
[chain]
grpc = "127.0.0.1:9090"
key_name = "feeder1"
[[http]]
name = "t"
url = "http://127.0.0.1:8080/t"
price_path = "price"
`

func TestDefaults(t *testing.T) {
	cfg, err := Parse([]byte(minimal))
	require.NoError(t, err)
	require.Equal(t, DefaultKeyringBackend, cfg.Chain.KeyringBackend)
	require.Equal(t, DefaultGasAdjustment, cfg.Chain.GasAdjustment)
	require.Equal(t, DefaultFinality, cfg.EVM.Finality)
	require.Equal(t, DefaultHTTPTimeout, cfg.HTTP[0].Timeout.Duration)
	require.Equal(t, DefaultPeriod, cfg.Feeder.Period.Duration)
	require.Equal(t, uint32(DefaultMoveThresholdBps), cfg.Feeder.MoveThresholdBps)
	require.Equal(t, DefaultMinSources, cfg.Feeder.MinSources)
	require.NotContains(t, cfg.Chain.KeyringDir, "~")
}

const pool = `
[evm]
rpc = "http://127.0.0.1:8545"
[[uniswap]]
name = "u"
tokens = ["0x1000000000000000000000000000000000000001", "0x2000000000000000000000000000000000000002"]
pools = ["0x3000000000000000000000000000000000000003"]
`

// Every configuration error, each named by its key.
func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, toml, want string
	}{
		{"not TOML", "[chain", "config:"},
		{"an unknown key", minimal + "\n[feeder]\nperiodd = \"1m\"\n", "periodd"},
		{"a bad duration", minimal + "\n[feeder]\nperiod = \"soon\"\n", "config:"},
		{"grpc missing", strings.Replace(minimal, `grpc = "127.0.0.1:9090"`, "", 1), "chain.grpc: want host:port"},
		{"keyring backend", minimal + "", ""},
		{"unknown keyring backend", strings.Replace(minimal, "[chain]", "[chain]\nkeyring_backend = \"kwallet\"", 1), "chain.keyring_backend"},
		{"file keyring without password", strings.Replace(minimal, "[chain]", "[chain]\nkeyring_backend = \"file\"", 1), "chain.keyring_password_file"},
		{"no key", strings.Replace(minimal, `key_name = "feeder1"`, "", 1), "chain.key_name: required"},
		{"gas adjustment below 1", strings.Replace(minimal, "[chain]", "[chain]\ngas_adjustment = 0.5", 1), "chain.gas_adjustment"},
		{"no source", "[chain]\ngrpc = \"127.0.0.1:9090\"\nkey_name = \"k\"\n", "no source"},
		{"uniswap without evm.rpc", minimal + strings.Replace(pool, `rpc = "http://127.0.0.1:8545"`, "", 1), "evm.rpc"},
		{"evm.rpc not a URL", minimal + strings.Replace(pool, "http://127.0.0.1:8545", "127.0.0.1:8545", 1), "evm.rpc"},
		{"unknown finality", minimal + strings.Replace(pool, "[evm]", "[evm]\nfinality = \"safe\"", 1), "evm.finality"},
		{"confirmations with finalized", minimal + strings.Replace(pool, "[evm]", "[evm]\nconfirmations = 3", 1), "evm.confirmations"},
		{"one token", minimal + strings.Replace(pool, `, "0x2000000000000000000000000000000000000002"`, "", 1), "tokens: want 2 to 4"},
		{"pools do not match tokens", minimal + strings.Replace(pool, `pools = ["0x3000000000000000000000000000000000000003"]`, `pools = []`, 1), "pools: want 1 pools"},
		{"not an address", minimal + strings.Replace(pool, "0x3000000000000000000000000000000000000003", "0x30", 1), "is not an EVM address"},
		{"window too short", minimal + pool + "window = \"30s\"\n", "window: want whole seconds"},
		{"window not whole seconds", minimal + pool + "window = \"30m500ms\"\n", "window: want whole seconds"},
		{"min_liquidity not an integer", minimal + pool + "min_liquidity = \"1e6\"\n", "min_liquidity"},
		{"bad name", strings.Replace(minimal, `name = "t"`, `name = "a b"`, 1), "http[0].name"},
		{"name used twice", minimal + strings.Replace(pool, `name = "u"`, `name = "t"`, 1), "used twice"},
		{"http url", strings.Replace(minimal, "http://127.0.0.1:8080/t", "ftp://127.0.0.1/t", 1), "http[0].url"},
		{"price path", strings.Replace(minimal, `price_path = "price"`, `price_path = "a..b"`, 1), "http[0].price_path"},
		{"time path", minimal + "time_path = \".t\"\n", "http[0].time_path"},
		{"http timeout", minimal + "timeout = \"2m\"\n", "http[0].timeout"},
		{"max age", minimal + "max_age = \"-1s\"\n", "http[0].max_age"},
		{"convert url", minimal + "[http.convert]\nurl = \"x\"\nprice_path = \"p\"\n", "http[0].convert.url"},
		{"convert path", minimal + "[http.convert]\nurl = \"https://a.example/x\"\nprice_path = \"\"\n", "http[0].convert.price_path"},
		{"poll interval", minimal + "[feeder]\npoll_interval = \"100ms\"\n", "feeder.poll_interval"},
		{"period below poll interval", minimal + "[feeder]\npoll_interval = \"1m\"\nperiod = \"30s\"\n", "feeder.period"},
		{"move threshold", minimal + "[feeder]\nmove_threshold_bps = 10001\n", "feeder.move_threshold_bps"},
		{"min sources above the sources", minimal + "[feeder]\nmin_sources = 2\n", "feeder.min_sources"},
		{"max spread", minimal + "[feeder]\nmax_spread_bps = 20000\n", "feeder.max_spread_bps"},
		{"metrics listen", minimal + "[feeder]\nmetrics_listen = \"9465\"\n", "feeder.metrics_listen"},
		{"log level", minimal + "[feeder]\nlog_level = \"loud\"\n", "feeder.log_level"},
		{"log format", minimal + "[feeder]\nlog_format = \"xml\"\n", "feeder.log_format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.toml))
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(t.TempDir() + "/missing.toml")
	require.ErrorContains(t, err, "read config")
}
