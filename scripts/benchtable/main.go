// Command benchtable reads the output of `go test -bench -benchmem`, run
// any number of times (-count), and prints one row per benchmark with the
// median ns/op, B/op and allocs/op, then the ratios the project tracks: the
// x/nodestaking scaling ratios, each message's FinalizeBlock throughput
// against bank MsgSend's, the bridge's deposit latency and the EVM gas of
// its batched withdrawals. With -json it writes the same table as JSON.
//
//	benchtable [-json FILE] [RAW]   (RAW defaults to standard input)
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Benchmark is one benchmark's medians over its runs.
type Benchmark struct {
	Package     string  `json:"package,omitempty"`
	Name        string  `json:"name"`
	Runs        int     `json:"runs"`
	NsPerOp     float64 `json:"ns_per_op"`
	BytesPerOp  float64 `json:"bytes_per_op"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	// Metrics are the medians of the units the benchmark reports itself
	// (b.ReportMetric), such as tx/s.
	Metrics map[string]float64 `json:"metrics,omitempty"`
}

// Ratio compares the ns/op, and the allocs/op, of two benchmarks. The
// target applies to ns/op.
type Ratio struct {
	Name        string   `json:"name"`
	Numerator   string   `json:"numerator"`
	Denominator string   `json:"denominator"`
	Value       float64  `json:"ns_ratio"`
	AllocsRatio float64  `json:"allocs_ratio"`         // 0 when the denominator has no allocs/op
	Target      *float64 `json:"target,omitempty"`     // the ratio must not exceed it
	TargetMet   *bool    `json:"target_met,omitempty"` // set when Target is
}

// Throughput is one message's whole-app FinalizeBlock throughput, from
// BenchmarkFinalizeBlock/msg=<Msg>, against the baseline message's.
type Throughput struct {
	Msg       string  `json:"msg"`
	TxPerSec  float64 `json:"tx_per_s"`
	GasPerMsg float64 `json:"gas_per_msg"`
	// Ratio is TxPerSec over the baseline's (bank MsgSend) in the same run.
	Ratio     float64  `json:"ratio_to_baseline"`
	Target    *float64 `json:"target,omitempty"`     // the ratio must reach it
	TargetMet *bool    `json:"target_met,omitempty"` // set when Target is
}

// Latency is the bridge's deposit latency, from BenchmarkBridgeDepositLatency:
// from the deposit's inclusion on the EVM chain to the mint on this chain.
type Latency struct {
	Seconds float64 `json:"s_per_deposit"`
	// Blocks are this chain's blocks from its last one at the deposit's EVM
	// inclusion to the one that minted it.
	Blocks float64 `json:"blocks_per_deposit"`
	// EvmBlocks are the EVM blocks from the deposit's to the EVM head when
	// the mint was seen.
	EvmBlocks float64 `json:"evm_blocks_per_deposit"`
}

// BatchGas is the EVM gas of a bridge batch of Transfers transfers, from
// BenchmarkBridgeBatchGas/transfers=<N>.
type BatchGas struct {
	Transfers      int     `json:"transfers"`
	GasPerBatch    float64 `json:"gas_per_batch"`
	GasPerTransfer float64 `json:"gas_per_transfer"`
}

// Report is the whole table.
type Report struct {
	Benchmarks     []Benchmark  `json:"benchmarks"`
	Ratios         []Ratio      `json:"ratios"`
	Throughput     []Throughput `json:"throughput"`
	BridgeLatency  *Latency     `json:"bridge_latency,omitempty"`
	BridgeBatchGas []BatchGas   `json:"bridge_batch_gas,omitempty"`
}

// ratioSpec names a tracked ratio; a ratio whose benchmarks did not run is
// left out.
type ratioSpec struct {
	name, numerator, denominator string
	target                       float64 // 0: none
}

// tracked are the ratios of the x/nodestaking and x/names speed
// requirements.
var tracked = []ratioSpec{
	{"emission 100000/10 nodes", "BenchmarkBlockEmission/nodes=100000", "BenchmarkBlockEmission/nodes=10", 1.2},
	{"claim 100/1 nodes", "BenchmarkClaim/nodes=100", "BenchmarkClaim/nodes=1", 0},
	{"EndBlock 10000/0 queued", "BenchmarkEndBlockNothingDue/queued=10000", "BenchmarkEndBlockNothingDue/queued=0", 0},
	{"liveness 100000/10 nodes", "BenchmarkLivenessBlock/nodes=100000", "BenchmarkLivenessBlock/nodes=10", 1.2},
	{"names EndBlock 100000/100 names", "BenchmarkNamesEndBlock/names=100000", "BenchmarkNamesEndBlock/names=100", 1.2},
}

const (
	// throughputPrefix names the whole-app benchmarks, one per message.
	throughputPrefix = "BenchmarkFinalizeBlock/msg="
	// throughputBaseline is the message the others are compared with.
	throughputBaseline = "MsgSend"
	// throughputTarget is the least ratio to the baseline each message
	// must reach.
	throughputTarget = 0.7
	// latencyBenchmark measures the bridge's deposit latency.
	latencyBenchmark = "BenchmarkBridgeDepositLatency"
	// batchGasPrefix names the bridge's batch gas benchmarks, one per batch size.
	batchGasPrefix = "BenchmarkBridgeBatchGas/transfers="
)

// The units the benchmarks report for the throughput and latency rows.
const (
	unitTxPerSec  = "tx/s"
	unitGasPerMsg = "gas/msg"
	unitSeconds   = "s/deposit"
	unitBlocks    = "blocks/deposit"
	unitEvmBlocks = "evm-blocks/deposit"
	unitGasBatch  = "gas/batch"
	unitGasXfer   = "gas/transfer"
)

func main() {
	jsonPath := flag.String("json", "", "also write the table as JSON to this file")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: benchtable [-json FILE] [RAW]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*jsonPath, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run(jsonPath string, args []string) error {
	in := io.Reader(os.Stdin)
	switch len(args) {
	case 0:
	case 1:
		f, err := os.Open(args[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	default:
		return errors.New("at most one input file")
	}
	report, err := Parse(in)
	if err != nil {
		return err
	}
	if len(report.Benchmarks) == 0 {
		return errors.New("no benchmark results in the input")
	}
	if err := report.WriteText(os.Stdout); err != nil {
		return err
	}
	if jsonPath == "" {
		return nil
	}
	out, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(jsonPath, append(out, '\n'), 0o600)
}

// batchGas returns a row per BenchmarkBridgeBatchGas size, smallest first.
func (r Report) batchGas() []BatchGas {
	var rows []BatchGas
	for _, b := range r.Benchmarks {
		size, ok := strings.CutPrefix(b.Name, batchGasPrefix)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(size)
		if err != nil {
			continue
		}
		rows = append(rows, BatchGas{Transfers: n, GasPerBatch: b.Metrics[unitGasBatch], GasPerTransfer: b.Metrics[unitGasXfer]})
	}
	slices.SortFunc(rows, func(a, b BatchGas) int { return a.Transfers - b.Transfers })
	return rows
}

// throughput returns a row per BenchmarkFinalizeBlock message, the baseline
// first, each with its ratio to the baseline when the baseline ran.
func (r Report) throughput() []Throughput {
	rows := []Throughput{}
	base, hasBase := r.find(throughputPrefix + throughputBaseline)
	for _, b := range r.Benchmarks {
		msg, ok := strings.CutPrefix(b.Name, throughputPrefix)
		if !ok {
			continue
		}
		row := Throughput{Msg: msg, TxPerSec: b.Metrics[unitTxPerSec], GasPerMsg: b.Metrics[unitGasPerMsg]}
		if hasBase && base.Metrics[unitTxPerSec] > 0 {
			row.Ratio = row.TxPerSec / base.Metrics[unitTxPerSec]
			if msg != throughputBaseline {
				target, met := throughputTarget, row.Ratio >= throughputTarget
				row.Target, row.TargetMet = &target, &met
			}
		}
		if msg == throughputBaseline {
			rows = append([]Throughput{row}, rows...)
		} else {
			rows = append(rows, row)
		}
	}
	return rows
}

// find returns the benchmark of that name (in any package).
func (r Report) find(name string) (Benchmark, bool) {
	for _, b := range r.Benchmarks {
		if b.Name == name {
			return b, true
		}
	}
	return Benchmark{}, false
}

// WriteText prints the table and the ratios.
func (r Report) WriteText(w io.Writer) error {
	width := len("benchmark")
	for _, b := range r.Benchmarks {
		width = max(width, len(b.Name))
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-*s %5s %14s %12s %10s\n", width, "benchmark", "runs", "ns/op", "B/op", "allocs/op")
	for _, b := range r.Benchmarks {
		fmt.Fprintf(&sb, "%-*s %5d %14.0f %12.0f %10.0f\n", width, b.Name, b.Runs, b.NsPerOp, b.BytesPerOp, b.AllocsPerOp)
	}
	if len(r.Ratios) > 0 {
		width = len("ratio (medians)")
		for _, q := range r.Ratios {
			width = max(width, len(q.Name))
		}
		fmt.Fprintf(&sb, "\n%-*s %8s %10s  %s\n", width, "ratio (medians)", "ns/op", "allocs/op", "target (ns/op)")
		for _, q := range r.Ratios {
			target := "-"
			if q.Target != nil {
				verdict := "met"
				if !*q.TargetMet {
					verdict = "NOT MET"
				}
				target = fmt.Sprintf("<= %.2f: %s", *q.Target, verdict)
			}
			fmt.Fprintf(&sb, "%-*s %8.2f %10.2f  %s\n", width, q.Name, q.Value, q.AllocsRatio, target)
		}
	}
	if len(r.Throughput) > 0 {
		width = len("FinalizeBlock (medians)")
		for _, t := range r.Throughput {
			width = max(width, len(t.Msg))
		}
		fmt.Fprintf(&sb, "\n%-*s %10s %10s %10s  %s\n", width, "FinalizeBlock (medians)", "tx/s", "gas/msg", "vs "+throughputBaseline, "target (tx/s ratio)")
		for _, t := range r.Throughput {
			target := "-"
			if t.Target != nil {
				verdict := "met"
				if !*t.TargetMet {
					verdict = "NOT MET"
				}
				target = fmt.Sprintf(">= %.2f: %s", *t.Target, verdict)
			}
			fmt.Fprintf(&sb, "%-*s %10.0f %10.0f %10.2f  %s\n", width, t.Msg, t.TxPerSec, t.GasPerMsg, t.Ratio, target)
		}
	}
	if l := r.BridgeLatency; l != nil {
		fmt.Fprintf(&sb, "\nbridge deposit, EVM inclusion to mint (medians): %.2f s, %.1f chain blocks, %.1f EVM blocks\n",
			l.Seconds, l.Blocks, l.EvmBlocks)
	}
	if len(r.BridgeBatchGas) > 0 {
		fmt.Fprintf(&sb, "\n%-24s %12s %14s\n", "bridge batch (EVM gas)", "gas/batch", "gas/transfer")
		for _, g := range r.BridgeBatchGas {
			fmt.Fprintf(&sb, "%-24s %12.0f %14.0f\n", fmt.Sprintf("%d transfers", g.Transfers), g.GasPerBatch, g.GasPerTransfer)
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
