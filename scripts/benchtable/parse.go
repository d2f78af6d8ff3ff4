package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

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
	all, err := readSamples(r)
	if err != nil {
		return Report{}, err
	}
	report := Report{Benchmarks: []Benchmark{}, Ratios: []Ratio{}, Throughput: []Throughput{}}
	for _, s := range all {
		report.Benchmarks = append(report.Benchmarks, s.medians())
	}
	report.Ratios = report.ratios()
	report.Throughput = report.throughput()
	if b, ok := report.find(latencyBenchmark); ok {
		report.BridgeLatency = &Latency{Seconds: b.Metrics[unitSeconds], Blocks: b.Metrics[unitBlocks], EvmBlocks: b.Metrics[unitEvmBlocks]}
	}
	report.BridgeBatchGas = report.batchGas()
	return report, nil
}

// readSamples reads every result line of benchmark output, grouped by
// benchmark in the order they first appear.
func readSamples(r io.Reader) ([]*samples, error) {
	var (
		order []*samples
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
			order = append(order, s)
		}
		ns, ok := metrics["ns/op"]
		if !ok {
			return nil, fmt.Errorf("no ns/op in %q", line)
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
	return order, sc.Err()
}

// medians is the benchmark's row: the median of each measure.
func (s *samples) medians() Benchmark {
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
	return b
}

// ratios returns the tracked ratios whose two benchmarks ran.
func (r Report) ratios() []Ratio {
	ratios := []Ratio{}
	for _, spec := range tracked {
		num, okNum := r.find(spec.numerator)
		den, okDen := r.find(spec.denominator)
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
		ratios = append(ratios, ratio)
	}
	return ratios
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
