// Package metrics holds session-pricefeeder's Prometheus metrics and the
// HTTP server that exposes them (/metrics) with a liveness check (/healthz).
package metrics

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
)

const namespace = "session_pricefeeder"

// Submission results, the result label of session_pricefeeder_submissions_total.
const (
	ResultOK       = "ok"
	ResultRejected = "rejected"
	ResultError    = "error"
)

// Metrics are the feeder's gauges and counters, in their own registry.
type Metrics struct {
	Registry *prometheus.Registry

	SourcePrice   *prometheus.GaugeVec
	SourceHealthy *prometheus.GaugeVec
	SourceAge     *prometheus.GaugeVec
	Median        prometheus.Gauge
	Spread        prometheus.Gauge
	Healthy       prometheus.Gauge
	LastSubmitted prometheus.Gauge
	ChainPrice    prometheus.Gauge
	ChainHealthy  prometheus.Gauge
	ChainHealth   prometheus.Gauge
	Submissions   *prometheus.CounterVec
	Errors        *prometheus.CounterVec

	heartbeat atomic.Int64
	rounds    atomic.Uint64
}

// New registers every metric in a fresh registry.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := promauto{reg}
	return &Metrics{
		Registry:      reg,
		SourcePrice:   f.gaugeVec("source_price_usd", "the latest price read from each source, USD per SESH", "source"),
		SourceHealthy: f.gaugeVec("source_healthy", "1 when the source's latest read succeeded, else 0", "source"),
		SourceAge:     f.gaugeVec("source_age_seconds", "how old the source's latest reading was when read", "source"),
		Median:        f.gauge("median_price_usd", "the median of the healthy sources"),
		Spread:        f.gauge("spread_bps", "(highest - lowest) / median of the healthy sources, basis points"),
		Healthy:       f.gauge("healthy", "1 when the sources make a price (enough of them, in agreement), else 0"),
		LastSubmitted: f.gauge("last_submission_timestamp_seconds", "when the feeder's latest submission was in a block"),
		ChainPrice:    f.gauge("chain_price_usd", "x/pro's price in force (0 while unhealthy)"),
		ChainHealthy:  f.gauge("chain_price_healthy", "1 when x/pro's price is healthy"),
		ChainHealth:   f.gauge("chain_price_health", "x/pro's PriceHealth: 1 healthy, 2 too few feeders, 3 stale, 4 out of band, 5 deviation"),
		Submissions:   f.counterVec("submissions_total", "MsgSubmitPrice transactions by result (ok, rejected, error)", "result"),
		Errors:        f.counterVec("errors_total", "failed steps of the loop", "step"),
	}
}

type promauto struct{ reg *prometheus.Registry }

func (p promauto) gauge(name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help})
	p.reg.MustRegister(g)
	return g
}

func (p promauto) gaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help}, labels)
	p.reg.MustRegister(g)
	return g
}

func (p promauto) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help}, labels)
	p.reg.MustRegister(c)
	return c
}

// Beat records that the loop finished a round.
func (m *Metrics) Beat(now time.Time) {
	m.heartbeat.Store(now.UnixNano())
	m.rounds.Add(1)
}

// Server serves /metrics and /healthz.
type Server = daemon.MetricsServer

// Listen opens addr; /healthz answers 200 while the loop beat within
// staleAfter, else 503.
func (m *Metrics) Listen(addr string, staleAfter time.Duration) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listen %s: %w", addr, err)
	}
	healthz := func(w http.ResponseWriter, _ *http.Request) {
		beat := m.heartbeat.Load()
		healthy := beat != 0 && time.Since(time.Unix(0, beat)) <= staleAfter
		w.Header().Set("Content-Type", "application/json")
		if !healthy {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"healthy": healthy, "rounds": m.rounds.Load()})
	}
	return daemon.NewMetricsServer(ln, m.Registry, healthz, 5*time.Second, "metrics server stopped"), nil
}
