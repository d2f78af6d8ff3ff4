// Command benchtable reads the output of `go test -bench -benchmem`, run
// any number of times (-count), and prints one row per benchmark with the
// median ns/op, B/op and allocs/op, then the ratios the project tracks: the
// x/nodestaking scaling ratios, each message's FinalizeBlock throughput
// against bank MsgSend's, and the bridge's deposit latency. With -json it
// writes the same table as JSON.
//
//	benchtable [-json FILE] [RAW]   (RAW defaults to standard input)
package main

import (
	"bufio"
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

// Report is the whole table.
type Report struct {
	Benchmarks    []Benchmark  `json:"benchmarks"`
	Ratios        []Ratio      `json:"ratios"`
	Throughput    []Throughput `json:"throughput"`
	BridgeLatency *Latency     `json:"bridge_latency,omitempty"`
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
)

// The units the benchmarks report for the throughput and latency rows.
const (
	unitTxPerSec  = "tx/s"
	unitGasPerMsg = "gas/msg"
	unitSeconds   = "s/deposit"
	unitBlocks    = "blocks/deposit"
	unitEvmBlocks = "evm-blocks/deposit"
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

// samples are one benchmark's measurements, one per run.
type samples struct {
	pkg, name           string
	ns, bytes, allocs   []float64
	hasBytes, hasAllocs bool
	metrics             map[string][]float64
}

// Parse reads benchmark output and returns the medians and the tracked
// ratios. Lines that are not results (goos:, PASS, logs) are skipped.
func Parse(r io.Reader) (Report, error) {
	var (
		order []string
		byKey = map[string]*samples{}
		pkg   string
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		name, metrics, ok := parseResult(line)
		if !ok {
			continue
		}
		key := pkg + " " + name
		s := byKey[key]
		if s == nil {
			s = &samples{pkg: pkg, name: name}
			byKey[key] = s
			order = append(order, key)
		}
		ns, ok := metrics["ns/op"]
		if !ok {
			return Report{}, fmt.Errorf("no ns/op in %q", line)
		}
		s.ns = append(s.ns, ns)
		if v, ok := metrics["B/op"]; ok {
			s.bytes, s.hasBytes = append(s.bytes, v), true
		}
		if v, ok := metrics["allocs/op"]; ok {
			s.allocs, s.hasAllocs = append(s.allocs, v), true
		}
		for unit, v := range metrics {
			switch unit {
			case "ns/op", "B/op", "allocs/op":
			default:
				if s.metrics == nil {
					s.metrics = map[string][]float64{}
				}
				s.metrics[unit] = append(s.metrics[unit], v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return Report{}, err
	}

	report := Report{Benchmarks: []Benchmark{}, Ratios: []Ratio{}, Throughput: []Throughput{}}
	for _, key := range order {
		s := byKey[key]
		b := Benchmark{
			Package:     s.pkg,
			Name:        s.name,
			Runs:        len(s.ns),
			NsPerOp:     median(s.ns),
			BytesPerOp:  median(s.bytes),
			AllocsPerOp: median(s.allocs),
		}
		for unit, vs := range s.metrics {
			if b.Metrics == nil {
				b.Metrics = map[string]float64{}
			}
			b.Metrics[unit] = median(vs)
		}
		report.Benchmarks = append(report.Benchmarks, b)
	}
	for _, spec := range tracked {
		num, okNum := report.find(spec.numerator)
		den, okDen := report.find(spec.denominator)
		if !okNum || !okDen || den.NsPerOp == 0 {
			continue
		}
		ratio := Ratio{Name: spec.name, Numerator: spec.numerator, Denominator: spec.denominator, Value: num.NsPerOp / den.NsPerOp}
		if den.AllocsPerOp > 0 {
			ratio.AllocsRatio = num.AllocsPerOp / den.AllocsPerOp
		}
		if spec.target > 0 {
			target, met := spec.target, ratio.Value <= spec.target
			ratio.Target, ratio.TargetMet = &target, &met
		}
		report.Ratios = append(report.Ratios, ratio)
	}
	report.Throughput = report.throughput()
	if b, ok := report.find(latencyBenchmark); ok {
		report.BridgeLatency = &Latency{Seconds: b.Metrics[unitSeconds], Blocks: b.Metrics[unitBlocks], EvmBlocks: b.Metrics[unitEvmBlocks]}
	}
	return report, nil
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

// parseResult reads a result line such as
//
//	BenchmarkX/n=10-8   1000   1234 ns/op   56 B/op   7 allocs/op
//
// and returns the name without its -GOMAXPROCS suffix and the metrics.
func parseResult(line string) (string, map[string]float64, bool) {
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || len(fields)%2 != 0 {
		return "", nil, false
	}
	if _, err := strconv.ParseUint(fields[1], 10, 64); err != nil {
		return "", nil, false
	}
	metrics := map[string]float64{}
	for i := 2; i < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return "", nil, false
		}
		metrics[fields[i+1]] = v
	}
	return trimProcs(fields[0]), metrics, true
}

// trimProcs drops the -GOMAXPROCS suffix the testing package adds.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

// median returns the median of xs, or 0 when there are none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
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
	_, err := io.WriteString(w, sb.String())
	return err
}
