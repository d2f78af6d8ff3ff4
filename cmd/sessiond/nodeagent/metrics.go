package nodeagent

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

const namespace = "session_node_agent"

// Metrics are the agent's counters and gauges, in their own registry.
type Metrics struct {
	Registry *prometheus.Registry

	Proofs    *prometheus.CounterVec
	Votes     *prometheus.CounterVec
	Probes    *prometheus.CounterVec
	Errors    prometheus.Counter
	Height    prometheus.Gauge
	Status    prometheus.Gauge
	Credit    prometheus.Gauge
	LastProof prometheus.Gauge
	Assigned  prometheus.Gauge
}

// NewMetrics registers every metric in a fresh registry.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help}, labels)
	}
	gauge := func(name, help string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help})
	}
	m := &Metrics{
		Registry: reg,
		Proofs:   counter("proofs_total", "Uptime proofs sent, by result: ok, refused (by the chain), error.", "result"),
		Votes:    counter("votes_total", "Quorum votes sent, by state and result: ok, moot (already decided or cast), refused, error.", "state", "result"),
		Probes:   counter("probes_total", "Reachability tests of assigned nodes, by result: up, down.", "result"),
		Errors: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "round_errors_total", Help: "Rounds that failed (chain unreachable, a tx refused).",
		}),
		Height:    gauge("chain_height", "Height of the last block the agent read."),
		Status:    gauge("node_status", "The node's status: 1 awaiting, 2 active, 3 unlocking, 4 deregistered, 5 decommissioned."),
		Credit:    gauge("node_credit_seconds", "The node's decommission credit."),
		LastProof: gauge("last_proof_block_time_seconds", "Block time (unix) named by the last proof this agent sent."),
		Assigned:  gauge("assigned_nodes", "Nodes this node tests in the current period."),
	}
	reg.MustRegister(m.Proofs, m.Votes, m.Probes, m.Errors, m.Height, m.Status, m.Credit, m.LastProof, m.Assigned)
	return m
}
