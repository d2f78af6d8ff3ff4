package metrics

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(body)
}

func TestMetricsAndHealth(t *testing.T) {
	m := New()
	srv, err := m.Listen("127.0.0.1:0", time.Hour)
	require.NoError(t, err)
	go srv.Serve(slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer func() { require.NoError(t, srv.Shutdown(context.Background())) }()
	base := "http://" + srv.Addr()

	code, body := get(t, base+"/healthz")
	require.Equal(t, http.StatusOK, code, "healthy before any state was needed")
	require.Contains(t, body, `"ok":true`)

	m.StateOK(42, time.Unix(1_700_000_000, 0))
	m.ProofsIssued.Inc()
	m.StateErrors.WithLabelValues(KindVerification).Inc()
	_, body = get(t, base+"/metrics")
	for _, want := range []string{
		"session_pro_issuer_chain_header_height 42",
		"session_pro_issuer_chain_header_timestamp_seconds 1.7e+09",
		"session_pro_issuer_proofs_issued_total 1",
		`session_pro_issuer_state_errors_total{kind="verification"} 1`,
	} {
		require.True(t, strings.Contains(body, want), "metrics lack %q", want)
	}

	// With no verified state for longer than the limit: unhealthy.
	m.lastGoodState.Store(time.Now().Add(-2 * time.Hour).UnixNano())
	code, _ = get(t, base+"/healthz")
	require.Equal(t, http.StatusServiceUnavailable, code)
}
