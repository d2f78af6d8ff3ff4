package daemon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
)

func TestDurationText(t *testing.T) {
	var d daemon.Duration
	require.NoError(t, d.UnmarshalText([]byte("1m30s")))
	require.Equal(t, 90*time.Second, d.Duration)
	out, err := d.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "1m30s", string(out))
	require.Error(t, d.UnmarshalText([]byte("soon")))
}

func TestExpandHome(t *testing.T) {
	home, err := os.UserHomeDir()
	require.NoError(t, err)
	got, err := daemon.ExpandHome("~/.sessiond")
	require.NoError(t, err)
	require.Equal(t, filepath.Join(home, ".sessiond"), got)
	got, err = daemon.ExpandHome("/abs/~/path")
	require.NoError(t, err)
	require.Equal(t, "/abs/~/path", got)
}

func TestNewLogger(t *testing.T) {
	var buf bytes.Buffer
	log, err := daemon.NewLogger(&buf, "warn", daemon.LogJSON)
	require.NoError(t, err)
	log.Info("dropped")
	log.Warn("kept", "k", 1)
	var line map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &line), "one JSON line: %s", buf.String())
	require.Equal(t, "kept", line["msg"])
	_, err = daemon.NewLogger(&buf, "loud", daemon.LogText)
	require.ErrorContains(t, err, `got "loud"`)
}

func TestMetricsServerHealth(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stale  time.Duration
		ok     bool
		status int
	}{
		{"fresh after the start", time.Hour, false, http.StatusOK},
		{"stale without a good round", 0, false, http.StatusServiceUnavailable},
		{"fresh after a good round", time.Minute, true, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			health := daemon.NewHealth(tc.stale)
			if tc.ok {
				health.OK()
			}
			srv, err := daemon.ListenMetrics("127.0.0.1:0", prometheus.NewRegistry(), health)
			require.NoError(t, err)
			go srv.Serve(slog.New(slog.DiscardHandler))
			t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
			get := func(path string) int {
				res, err := http.Get("http://" + srv.Addr() + path)
				require.NoError(t, err)
				res.Body.Close()
				return res.StatusCode
			}
			require.Equal(t, http.StatusOK, get("/metrics"))
			require.Equal(t, tc.status, get("/healthz"))
		})
	}
}

func TestKeyringInput(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "password")
	require.NoError(t, os.WriteFile(pw, []byte("secret\r\n"), 0o600))
	r, err := daemon.KeyringInput("file", pw)
	require.NoError(t, err)
	buf := make([]byte, 100)
	for range 3 {
		n, err := r.Read(buf)
		require.NoError(t, err)
		require.Equal(t, "secret\n", string(buf[:n]), "the passphrase, every time the keyring asks")
	}
	_, err = daemon.KeyringInput("file", filepath.Join(t.TempDir(), "missing"))
	require.ErrorContains(t, err, "keyring password")
	r, err = daemon.KeyringInput("test", "")
	require.NoError(t, err)
	n, _ := r.Read(buf)
	require.Zero(t, n, "no input for the other backends")
}
