// Package metrics holds session-pro-issuer's Prometheus metrics and the HTTP
// server that exposes them (/metrics) with a readiness check (/healthz).
package metrics

import (
	"net"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
)

const namespace = "session_pro_issuer"

// State error kinds, the kind label of state_errors_total.
const (
	// KindVerification: a node's answer did not prove itself.
	KindVerification = "verification"
	// KindStale: the latest trusted header was too old.
	KindStale = "stale"
	// KindNode: the node or the light client could not answer.
	KindNode = "node"
	// KindIssuerKey: this issuer's key is not valid on the chain.
	KindIssuerKey = "issuer_key"
)

// Metrics are the issuer's counters and gauges, in their own registry.
type Metrics struct {
	Registry *prometheus.Registry

	Requests        *prometheus.CounterVec
	RequestDuration *prometheus.HistogramVec
	ProofsIssued    prometheus.Counter
	StateErrors     *prometheus.CounterVec
	ChainHeight     prometheus.Gauge
	HeaderTime      prometheus.Gauge
	RevocationTick  prometheus.Gauge
	RateTracked     prometheus.Gauge

	lastGoodState atomic.Int64 // unix nanoseconds of the last state read that verified
}

// New registers every metric in a fresh registry.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Metrics{
		Registry: reg,
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "requests_total",
			Help: "Requests by endpoint and result: ok, or the error code.",
		}, []string{"endpoint", "result"}),
		RequestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "request_duration_seconds", Help: "Time to answer a request, by endpoint.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"endpoint"}),
		ProofsIssued: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "proofs_issued_total", Help: "Pro proofs signed.",
		}),
		StateErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "state_errors_total",
			Help: "Chain state that could not be used: verification (a node's answer did not prove itself), stale, node, issuer_key.",
		}, []string{"kind"}),
		ChainHeight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "chain_header_height", Help: "Height of the latest trusted header answers were read at.",
		}),
		HeaderTime: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "chain_header_timestamp_seconds", Help: "Time of that header.",
		}),
		RevocationTick: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "revocation_ticket", Help: "Latest revocation list ticket read from the chain.",
		}),
		RateTracked: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "rate_limit_tracked_accounts", Help: "Accounts the proof rate limit remembers.",
		}),
	}
	reg.MustRegister(m.Requests, m.RequestDuration, m.ProofsIssued, m.StateErrors, m.ChainHeight, m.HeaderTime, m.RevocationTick, m.RateTracked)
	return m
}

// StateOK records a state read that verified, at a header.
func (m *Metrics) StateOK(height int64, at time.Time) {
	m.ChainHeight.Set(float64(height))
	m.HeaderTime.Set(float64(at.Unix()))
	m.lastGoodState.Store(time.Now().UnixNano())
}

// Server serves /metrics and /healthz.
type Server = daemon.MetricsServer

// Listen opens addr. /healthz answers 200 while a state read verified
// within stale (or none was needed yet), else 503.
func (m *Metrics) Listen(addr string, stale time.Duration) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	age := func() time.Duration {
		last := time.Unix(0, m.lastGoodState.Load())
		if m.lastGoodState.Load() == 0 {
			last = started
		}
		return time.Since(last)
	}
	healthz := daemon.AgeHealthz(age, stale, "last_verified_state_seconds_ago")
	return daemon.NewMetricsServer(ln, m.Registry, healthz, 10*time.Second, "metrics server"), nil
}
