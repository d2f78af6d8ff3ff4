// Package metrics holds session-relayer's Prometheus metrics and the HTTP
// server that exposes them (/metrics) with a liveness check (/healthz).
package metrics

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
)

const namespace = "session_relayer"

// Tx results, the result label of session_relayer_txs_total.
const (
	// ResultOK is a transaction included and successful.
	ResultOK = "ok"
	// ResultRejected is a transaction the chain or the contract refused.
	ResultRejected = "rejected"
	// ResultError is a transaction that could not be sent or confirmed.
	ResultError = "error"
)

// Metrics are the relayer's gauges and counters, in their own registry.
type Metrics struct {
	Registry *prometheus.Registry

	EvmHeadBlock       prometheus.Gauge
	EvmSafeBlock       prometheus.Gauge
	EvmDepositNonce    prometheus.Gauge
	ChainObservedNonce prometheus.Gauge
	NextAttestNonce    prometheus.Gauge
	PendingTransfers   prometheus.Gauge
	ChainSupply        prometheus.Gauge
	EvmLocked          prometheus.Gauge
	InflightOutbound   prometheus.Gauge
	InflightInbound    prometheus.Gauge
	ParityDiff         prometheus.Gauge
	ParityOK           prometheus.Gauge
	LastRound          prometheus.Gauge
	// ContractSignerSetNonce is the contract's signer set at the safe block,
	// ChainSignerSetNonce the chain's newest: their difference is how stale
	// the contract is.
	ContractSignerSetNonce prometheus.Gauge
	ChainSignerSetNonce    prometheus.Gauge
	// OpenBatches are the batches the chain lists as open.
	OpenBatches prometheus.Gauge

	Txs    *prometheus.CounterVec
	Errors *prometheus.CounterVec

	heartbeat atomic.Int64 // unix nanoseconds of the loop's last sign of life
	rounds    atomic.Uint64
}

// New registers every metric in a fresh registry.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	f := func(name, help string) prometheus.Gauge {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help})
		reg.MustRegister(g)
		return g
	}
	m := &Metrics{
		Registry:               reg,
		EvmHeadBlock:           f("evm_head_block", "Latest EVM block."),
		EvmSafeBlock:           f("evm_safe_block", "EVM block deposits, batch outcomes and the contract's state are read at (finalized, or head minus confirmations)."),
		EvmDepositNonce:        f("evm_deposit_nonce", "The contract's depositNonce at the EVM head."),
		ChainObservedNonce:     f("chain_observed_nonce", "Last deposit nonce the chain minted or refunded."),
		NextAttestNonce:        f("next_attest_nonce", "Deposit nonce this validator attests next."),
		PendingTransfers:       f("pending_transfers", "Outbound transfers queued or batched on the chain."),
		ChainSupply:            f("chain_supply_nsesh", "Total nsesh supply of the chain."),
		EvmLocked:              f("evm_locked_nsesh", "Token balance of the bridge contract at the EVM head."),
		InflightOutbound:       f("inflight_outbound_nsesh", "Burned or refunded on the chain and not yet released by the contract."),
		InflightInbound:        f("inflight_inbound_nsesh", "Deposited on the contract and not yet observed by the chain."),
		ParityDiff:             f("supply_parity_diff_nsesh", "locked - (chain supply + outbound in flight + inbound in flight)."),
		ParityOK:               f("supply_parity_ok", "1 when locked == chain supply + outbound in flight + inbound in flight, exactly."),
		LastRound:              f("last_round_timestamp_seconds", "Unix time the last round of the loop ended."),
		ContractSignerSetNonce: f("contract_signer_set_nonce", "Signer set the contract holds at the safe block."),
		ChainSignerSetNonce:    f("chain_signer_set_nonce", "Newest signer set of the chain."),
		OpenBatches:            f("open_batches", "Batches the chain lists as open (signed and submitted before their deadline)."),
		Txs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "txs_total",
			Help: "Transactions sent, by kind (Cosmos messages or EVM calls) and result (ok, rejected, error).",
		}, []string{"kind", "result"}),
		Errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "errors_total",
			Help: "Errors of the loop, by step.",
		}, []string{"step"}),
	}
	reg.MustRegister(m.Txs, m.Errors,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Beat records that the loop is alive.
func (m *Metrics) Beat() { m.heartbeat.Store(time.Now().UnixNano()) }

// RoundDone records the end of a round.
func (m *Metrics) RoundDone() {
	m.Beat()
	m.rounds.Add(1)
	m.LastRound.SetToCurrentTime()
}

// SetBig sets a gauge to a big integer (as a float: exact up to 2^53).
func SetBig(g prometheus.Gauge, v *big.Int) {
	f, _ := new(big.Float).SetInt(v).Float64()
	g.Set(f)
}

// Server serves /metrics and /healthz.
type Server = daemon.MetricsServer

// Listen binds addr and returns a server ready to Serve. /healthz answers
// 200 while the loop beat within staleAfter, else 503.
func (m *Metrics) Listen(addr string, staleAfter time.Duration) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listen %s: %w", addr, err)
	}
	healthz := func(w http.ResponseWriter, _ *http.Request) {
		last := time.Unix(0, m.heartbeat.Load())
		healthy := m.heartbeat.Load() != 0 && time.Since(last) <= staleAfter
		w.Header().Set("Content-Type", "application/json")
		if !healthy {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		body := map[string]any{"healthy": healthy, "rounds": m.rounds.Load()}
		if m.heartbeat.Load() != 0 {
			body["last_beat"] = last.UTC().Format(time.RFC3339Nano)
		}
		_ = json.NewEncoder(w).Encode(body)
	}
	return daemon.NewMetricsServer(ln, m.Registry, healthz, 5*time.Second, "metrics server stopped"), nil
}
