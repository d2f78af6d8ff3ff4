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

// MetricsServer serves /metrics from a registry and /healthz from a Health.
type MetricsServer struct {
	srv *http.Server
	ln  net.Listener
}

// ListenMetrics opens addr. /healthz answers 200 while health is fresh,
// else 503, with the age in seconds.
func ListenMetrics(addr string, reg *prometheus.Registry, health *Health) (*MetricsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		age := health.Age()
		status := http.StatusOK
		if age > health.Stale {
			status = http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": status == http.StatusOK, "last_good_round_seconds_ago": int64(age.Seconds())})
	})
	return &MetricsServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, ln: ln}, nil
}

// Addr is the address listened on.
func (s *MetricsServer) Addr() string { return s.ln.Addr().String() }

// Serve serves until Shutdown.
func (s *MetricsServer) Serve(log *slog.Logger) {
	if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("metrics server", "err", err)
	}
}

// Shutdown stops the server.
func (s *MetricsServer) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }
