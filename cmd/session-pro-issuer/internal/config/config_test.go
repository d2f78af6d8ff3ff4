package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/config"
)

func write(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "issuer.toml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

// The example init-config prints loads once its trust hash is filled in.
func TestExampleLoads(t *testing.T) {
	body := strings.Replace(config.Example, strings.Repeat("0", 64), strings.Repeat("ab", 32), 1)
	cfg, err := config.Load(write(t, body), nil)
	require.NoError(t, err)
	require.Equal(t, config.TrustLight, cfg.Chain.TrustMode)
	require.Equal(t, 70*time.Second, cfg.Issuer.RequestTolerance.Duration)
	require.Equal(t, 50, cfg.Issuer.ProofsPerWindow)
	require.Len(t, cfg.TrustHashBytes(), 32)
}

func TestDefaultsAndOverrides(t *testing.T) {
	path := write(t, `[chain]
chain_id = "c"
rpc = "http://127.0.0.1:26657"
trust_mode = "local-node-unsafe"
[issuer]
key_file = "k"
`)
	cfg, err := config.Load(path, map[string]string{
		"issuer.proofs_per_window": "7", "chain.witnesses": "http://a:1, http://b:2", "issuer.rate_window": "2h",
	})
	require.NoError(t, err)
	require.Equal(t, 7, cfg.Issuer.ProofsPerWindow)
	require.Equal(t, []string{"http://a:1", "http://b:2"}, cfg.Chain.Witnesses)
	require.Equal(t, 2*time.Hour, cfg.Issuer.RateWindow.Duration)
	require.Equal(t, config.DefaultListen, cfg.Issuer.Listen)
	require.Equal(t, config.DefaultMaxStateAge, cfg.Chain.MaxStateAge.Duration)

	_, err = config.Load(path, map[string]string{"issuer.nope": "1"})
	require.ErrorContains(t, err, `unknown key "issuer.nope"`)
	_, err = config.Load(path, map[string]string{"issuer.rate_window": "soon"})
	require.ErrorContains(t, err, "issuer.rate_window")
}

func TestValidateReportsEveryProblem(t *testing.T) {
	_, err := config.Load(write(t, `[chain]
trust_mode = "light"
rpc = "ftp://x"
snapshot_ttl = "2m"
[issuer]
listen = "nowhere"
log_format = "xml"
proofs_per_window = -1
`), nil)
	require.Error(t, err)
	for _, want := range []string{
		"chain.chain_id: required", "chain.rpc: want an http(s) URL", "chain.witnesses", "chain.trust_height", "chain.trust_hash",
		"chain.snapshot_ttl: must be shorter", "issuer.key_file: required", "issuer.listen", "issuer.log_format", "issuer.proofs_per_window",
	} {
		require.ErrorContains(t, err, want)
	}
	_, err = config.Load(write(t, "[chain]\nunknown = 1\n"), nil)
	require.ErrorContains(t, err, "unknown keys")
}
