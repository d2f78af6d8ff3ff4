package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const raw = `goos: linux
goarch: amd64
pkg: github.com/sessiontoken/sessionchain/x/nodestaking/keeper
cpu: AMD EPYC
BenchmarkBlockEmission/nodes=10-2         	   65304	     20000 ns/op	   16360 B/op	     197 allocs/op
BenchmarkBlockEmission/nodes=100000-2     	   42806	     22000 ns/op	   16344 B/op	     197 allocs/op
BenchmarkClaim/nodes=1-2                  	   23419	     60000 ns/op	   20016 B/op	     393 allocs/op
BenchmarkBlockEmission/nodes=10-2         	   65304	     10000 ns/op	   16360 B/op	     197 allocs/op
BenchmarkBlockEmission/nodes=100000-2     	   42806	     26000 ns/op	   16344 B/op	     197 allocs/op
BenchmarkBlockEmission/nodes=10-2         	   65304	     30000 ns/op	   16360 B/op	     199 allocs/op
BenchmarkBlockEmission/nodes=100000-2     	   42806	     24000 ns/op	   16344 B/op	     197 allocs/op
--- BENCH: BenchmarkSomething-2
    bench_test.go:12: a log line 1 ns/op
PASS
ok  	github.com/sessiontoken/sessionchain/x/nodestaking/keeper	25.090s
pkg: example.com/other
BenchmarkPlain 	 1000	 5.5 ns/op
`

func TestParse(t *testing.T) {
	report, err := Parse(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := []Benchmark{
		{"github.com/sessiontoken/sessionchain/x/nodestaking/keeper", "BenchmarkBlockEmission/nodes=10", 3, 20000, 16360, 197},
		{"github.com/sessiontoken/sessionchain/x/nodestaking/keeper", "BenchmarkBlockEmission/nodes=100000", 3, 24000, 16344, 197},
		{"github.com/sessiontoken/sessionchain/x/nodestaking/keeper", "BenchmarkClaim/nodes=1", 1, 60000, 20016, 393},
		{"example.com/other", "BenchmarkPlain", 1, 5.5, 0, 0},
	}
	if len(report.Benchmarks) != len(want) {
		t.Fatalf("got %d benchmarks, want %d: %+v", len(report.Benchmarks), len(want), report.Benchmarks)
	}
	for i, w := range want {
		if got := report.Benchmarks[i]; got != w {
			t.Errorf("benchmark %d: got %+v, want %+v", i, got, w)
		}
	}

	// Only the emission ratio has both its benchmarks.
	if len(report.Ratios) != 1 {
		t.Fatalf("got ratios %+v, want the emission ratio only", report.Ratios)
	}
	q := report.Ratios[0]
	if q.Value != 1.2 || q.AllocsRatio != 1 || q.Target == nil || *q.Target != 1.2 || q.TargetMet == nil || !*q.TargetMet {
		t.Errorf("emission ratio %+v: want 1.2, target 1.2 met", q)
	}
}

func TestParseTargetMissed(t *testing.T) {
	report, err := Parse(strings.NewReader(`BenchmarkBlockEmission/nodes=10-8 10 100 ns/op
BenchmarkBlockEmission/nodes=100000-8 10 121 ns/op
BenchmarkEndBlockNothingDue/queued=0 10 50 ns/op
BenchmarkEndBlockNothingDue/queued=10000 10 50 ns/op
BenchmarkLivenessBlock/nodes=10-2 10 1000 ns/op 100 B/op 20 allocs/op
BenchmarkLivenessBlock/nodes=100000-2 10 1150 ns/op 100 B/op 20 allocs/op
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Ratios) != 3 {
		t.Fatalf("got ratios %+v, want emission, EndBlock and liveness", report.Ratios)
	}
	if q := report.Ratios[0]; q.TargetMet == nil || *q.TargetMet {
		t.Errorf("emission ratio %+v: the 1.2 target must be missed", q)
	}
	if q := report.Ratios[1]; q.Value != 1 || q.Target != nil || q.TargetMet != nil {
		t.Errorf("EndBlock ratio %+v: want 1 with no target", q)
	}
	if q := report.Ratios[2]; q.Name != "liveness 100000/10 nodes" || q.Value != 1.15 || q.AllocsRatio != 1 ||
		q.Target == nil || *q.Target != 1.2 || q.TargetMet == nil || !*q.TargetMet {
		t.Errorf("liveness ratio %+v: want 1.15, target 1.2 met", q)
	}

	var text strings.Builder
	if err := report.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "NOT MET") {
		t.Errorf("the table does not flag the missed target:\n%s", text.String())
	}
	out, err := json.Marshal(report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"target_met":false`) {
		t.Errorf("the JSON does not flag the missed target: %s", out)
	}
}

func TestTrimProcs(t *testing.T) {
	for in, want := range map[string]string{
		"BenchmarkX-8":          "BenchmarkX",
		"BenchmarkX/n=10-16":    "BenchmarkX/n=10",
		"BenchmarkX":            "BenchmarkX",
		"BenchmarkX/case=a-b":   "BenchmarkX/case=a-b",
		"BenchmarkX/queued=0-2": "BenchmarkX/queued=0",
	} {
		if got := trimProcs(in); got != want {
			t.Errorf("trimProcs(%q) = %q, want %q", in, got, want)
		}
	}
}
