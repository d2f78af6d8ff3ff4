package metrics

import (
	"context"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestServer(t *testing.T) {
	m := New()
	srv, err := m.Listen("127.0.0.1:0", time.Minute)
	require.NoError(t, err)
	go srv.Serve(slog.New(slog.DiscardHandler))
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	base := "http://" + srv.Addr()

	code, body := get(t, base+"/healthz")
	require.Equal(t, http.StatusServiceUnavailable, code, "no round yet")
	require.Contains(t, body, `"healthy":false`)

	m.RoundDone()
	code, body = get(t, base+"/healthz")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, `"rounds":1`)

	SetBig(m.ChainSupply, new(big.Int).Mul(big.NewInt(40_000_000), big.NewInt(1_000_000_000)))
	m.ParityOK.Set(1)
	m.Txs.WithLabelValues("withdraw", ResultOK).Inc()
	m.Errors.WithLabelValues("deposits").Inc()
	code, body = get(t, base+"/metrics")
	require.Equal(t, http.StatusOK, code)
	for _, want := range []string{
		"session_relayer_chain_supply_nsesh 4e+16",
		"session_relayer_supply_parity_ok 1",
		`session_relayer_txs_total{kind="withdraw",result="ok"} 1`,
		`session_relayer_errors_total{step="deposits"} 1`,
		"session_relayer_evm_head_block 0",
		"session_relayer_evm_safe_block 0",
		"session_relayer_evm_deposit_nonce 0",
		"session_relayer_chain_observed_nonce 0",
		"session_relayer_next_attest_nonce 0",
		"session_relayer_pending_transfers 0",
		"session_relayer_evm_locked_nsesh 0",
		"session_relayer_inflight_outbound_nsesh 0",
		"session_relayer_inflight_inbound_nsesh 0",
		"session_relayer_supply_parity_diff_nsesh 0",
		"go_goroutines",
	} {
		require.True(t, strings.Contains(body, want), "missing %q", want)
	}
}

func TestStaleLoopIsUnhealthy(t *testing.T) {
	m := New()
	srv, err := m.Listen("127.0.0.1:0", 10*time.Millisecond)
	require.NoError(t, err)
	go srv.Serve(slog.New(slog.DiscardHandler))
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	m.RoundDone()
	time.Sleep(30 * time.Millisecond)
	code, _ := get(t, "http://"+srv.Addr()+"/healthz")
	require.Equal(t, http.StatusServiceUnavailable, code)
}
