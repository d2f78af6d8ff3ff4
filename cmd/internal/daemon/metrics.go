package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Health is a daemon's readiness: healthy while its last good round is at
// most Stale old (or, before the first, while the daemon started less than
// Stale ago).
type Health struct {
	// Stale is how old the last good round may be.
	Stale   time.Duration
	started time.Time
	last    atomic.Int64 // unix nanoseconds of the last good round
}

// NewHealth starts the clock of a daemon's health.
func NewHealth(stale time.Duration) *Health {
	return &Health{Stale: stale, started: time.Now()}
}

// OK records a good round now.
func (h *Health) OK() { h.last.Store(time.Now().UnixNano()) }

// Age is the time since the last good round (or the start).
func (h *Health) Age() time.Duration {
	last := h.started
	if n := h.last.Load(); n != 0 {
		last = time.Unix(0, n)
	}
	return time.Since(last)
}

// MetricsServer serves /metrics from a registry and /healthz, on a
// listener opened before it serves.
type MetricsServer struct {
	srv     *http.Server
	ln      net.Listener
	stopMsg string
}

// NewMetricsServer serves on ln /metrics from reg and /healthz from healthz,
// reading a request's headers for at most readHeaderTimeout. Serve logs
// stopMsg if the server fails.
func NewMetricsServer(ln net.Listener, reg *prometheus.Registry, healthz http.HandlerFunc, readHeaderTimeout time.Duration, stopMsg string) *MetricsServer {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", healthz)
	return &MetricsServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout}, ln: ln, stopMsg: stopMsg}
}

// ListenMetrics opens addr. /healthz answers 200 while health is fresh,
// else 503, with the age in seconds.
func ListenMetrics(addr string, reg *prometheus.Registry, health *Health) (*MetricsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return NewMetricsServer(ln, reg, AgeHealthz(health.Age, health.Stale, "last_good_round_seconds_ago"), 10*time.Second, "metrics server"), nil
}

// AgeHealthz answers 200 while age() is at most stale, else 503, with
// {"ok": ..., ageKey: the age in whole seconds}.
func AgeHealthz(age func() time.Duration, stale time.Duration, ageKey string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		a := age()
		status := http.StatusOK
		if a > stale {
			status = http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": status == http.StatusOK, ageKey: int64(a.Seconds())})
	}
}

// Addr is the address listened on.
func (s *MetricsServer) Addr() string { return s.ln.Addr().String() }

// Serve serves until Shutdown.
func (s *MetricsServer) Serve(log *slog.Logger) {
	if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error(s.stopMsg, "err", err)
	}
}

// Shutdown stops the server, waiting at most until ctx ends.
func (s *MetricsServer) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }
