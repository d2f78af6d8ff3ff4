package nodeagent

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "agent.toml")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
	return p
}

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, ExampleConfig))
	require.NoError(t, err)
	require.Equal(t, DefaultPoll, cfg.Agent.Poll.Duration)
	require.Equal(t, DefaultFailuresToVote, cfg.Agent.FailuresToVote)
	require.False(t, strings.HasPrefix(cfg.Node.KeyFile, "~"), "~ is expanded")
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, from, to, want string }{
		{"unknown key", "poll = \"10s\"", "pol = \"10s\"", "pol"},
		{"private endpoint", `public_ip = "203.0.113.7"`, `public_ip = "10.0.0.7"`, "node:"},
		{"bad backend", `keyring_backend = "file"`, `keyring_backend = "kwallet"`, "chain.keyring_backend"},
		{"bad address map", `# "203.0.113.8" = "10.0.0.8"`, `"203.0.113.8" = "nowhere"`, "agent.address_map"},
		{"bad log level", `log_level = "info"`, `log_level = "loud"`, "agent.log_level"},
		{"no chain id", `chain_id = "session-1"`, `chain_id = ""`, "chain.chain_id is required"},
		{"zero failures", `failures_to_vote = 3`, `failures_to_vote = -1`, "agent.failures_to_vote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.Replace(ExampleConfig, tc.from, tc.to, 1)
			require.NotEqual(t, ExampleConfig, body, "the case edits the example")
			_, err := LoadConfig(writeConfig(t, body))
			require.ErrorContains(t, err, tc.want)
		})
	}
}
