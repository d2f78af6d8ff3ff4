package main

import (
	"encoding/json"
	"reflect"
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
		{"github.com/sessiontoken/sessionchain/x/nodestaking/keeper", "BenchmarkBlockEmission/nodes=10", 3, 20000, 16360, 197, nil},
		{"github.com/sessiontoken/sessionchain/x/nodestaking/keeper", "BenchmarkBlockEmission/nodes=100000", 3, 24000, 16344, 197, nil},
		{"github.com/sessiontoken/sessionchain/x/nodestaking/keeper", "BenchmarkClaim/nodes=1", 1, 60000, 20016, 393, nil},
		{"example.com/other", "BenchmarkPlain", 1, 5.5, 0, 0, nil},
	}
	if len(report.Benchmarks) != len(want) {
		t.Fatalf("got %d benchmarks, want %d: %+v", len(report.Benchmarks), len(want), report.Benchmarks)
	}
	for i, w := range want {
		if got := report.Benchmarks[i]; !reflect.DeepEqual(got, w) {
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
BenchmarkNamesEndBlock/names=100-2 10 1000 ns/op 100 B/op 20 allocs/op
BenchmarkNamesEndBlock/names=100000-2 10 1300 ns/op 100 B/op 20 allocs/op
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Ratios) != 4 {
		t.Fatalf("got ratios %+v, want emission, EndBlock, liveness and names EndBlock", report.Ratios)
	}
	if q := report.Ratios[3]; q.Name != "names EndBlock 100000/100 names" || q.Value != 1.3 ||
		q.Target == nil || *q.Target != 1.2 || q.TargetMet == nil || *q.TargetMet {
		t.Errorf("names EndBlock ratio %+v: want 1.3, target 1.2 missed", q)
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

// rawWholeApp is the whole-app and bridge benchmarks' output: three runs of
// the throughput benchmarks (their own units between ns/op and B/op) and
// two of the latency one.
const rawWholeApp = `pkg: github.com/sessiontoken/sessionchain/tests/bench
BenchmarkFinalizeBlock/msg=MsgSend-2          30  30000000 ns/op  48000 gas/msg  3000 tx/s  7400000 B/op  101000 allocs/op
BenchmarkFinalizeBlock/msg=MsgSubscribe-2     30  40000000 ns/op  99000 gas/msg  2500 tx/s 13000000 B/op  200000 allocs/op
BenchmarkFinalizeBlock/msg=MsgAttestDeposit-2 30  60000000 ns/op  82000 gas/msg  1500 tx/s 10000000 B/op  170000 allocs/op
BenchmarkFinalizeBlock/msg=MsgSend-2          30  30000000 ns/op  48000 gas/msg  3400 tx/s  7400000 B/op  101000 allocs/op
BenchmarkFinalizeBlock/msg=MsgSubscribe-2     30  40000000 ns/op  99000 gas/msg  2300 tx/s 13000000 B/op  200000 allocs/op
BenchmarkFinalizeBlock/msg=MsgAttestDeposit-2 30  60000000 ns/op  82000 gas/msg  1600 tx/s 10000000 B/op  170000 allocs/op
BenchmarkFinalizeBlock/msg=MsgSend-2          30  30000000 ns/op  48000 gas/msg  3200 tx/s  7400000 B/op  101000 allocs/op
BenchmarkFinalizeBlock/msg=MsgSubscribe-2     30  40000000 ns/op  99000 gas/msg  2400 tx/s 13000000 B/op  200000 allocs/op
BenchmarkFinalizeBlock/msg=MsgAttestDeposit-2 30  60000000 ns/op  82000 gas/msg  1700 tx/s 10000000 B/op  170000 allocs/op
pkg: github.com/sessiontoken/sessionchain/tests/e2e
BenchmarkBridgeDepositLatency-2   5  2100000000 ns/op  4.000 blocks/deposit  2.000 evm-blocks/deposit  2.100 s/deposit  10000 B/op  100 allocs/op
BenchmarkBridgeDepositLatency-2   5  2300000000 ns/op  6.000 blocks/deposit  2.000 evm-blocks/deposit  2.300 s/deposit  10000 B/op  100 allocs/op
`

func TestParseThroughputAndLatency(t *testing.T) {
	report, err := Parse(strings.NewReader(rawWholeApp))
	if err != nil {
		t.Fatal(err)
	}

	send, ok := report.find("BenchmarkFinalizeBlock/msg=MsgSend")
	if !ok || send.Runs != 3 || send.Metrics[unitTxPerSec] != 3200 || send.Metrics[unitGasPerMsg] != 48000 {
		t.Fatalf("MsgSend benchmark %+v: want 3 runs, median 3200 tx/s and 48000 gas/msg", send)
	}
	if len(report.Throughput) != 3 {
		t.Fatalf("got throughput rows %+v, want MsgSend, MsgSubscribe, MsgAttestDeposit", report.Throughput)
	}
	base := report.Throughput[0]
	if base.Msg != "MsgSend" || base.Ratio != 1 || base.Target != nil || base.TargetMet != nil {
		t.Errorf("baseline row %+v: want MsgSend at ratio 1 with no target", base)
	}
	sub := report.Throughput[1]
	if sub.Msg != "MsgSubscribe" || sub.TxPerSec != 2400 || sub.GasPerMsg != 99000 || sub.Ratio != 0.75 ||
		sub.Target == nil || *sub.Target != 0.7 || sub.TargetMet == nil || !*sub.TargetMet {
		t.Errorf("MsgSubscribe row %+v: want 2400 tx/s, 99000 gas/msg, 0.75 of MsgSend, target 0.7 met", sub)
	}
	attest := report.Throughput[2]
	if attest.Msg != "MsgAttestDeposit" || attest.Ratio != 0.5 || attest.TargetMet == nil || *attest.TargetMet {
		t.Errorf("MsgAttestDeposit row %+v: want 0.5 of MsgSend, target 0.7 missed", attest)
	}
	if want := (Latency{Seconds: 2.2, Blocks: 5, EvmBlocks: 2}); report.BridgeLatency == nil || *report.BridgeLatency != want {
		t.Errorf("bridge latency %+v, want %+v", report.BridgeLatency, want)
	}

	var text strings.Builder
	if err := report.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MsgSubscribe", ">= 0.70: met", ">= 0.70: NOT MET", "2.20 s, 5.0 chain blocks, 2.0 EVM blocks"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, text.String())
		}
	}
	out, err := json.Marshal(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"ratio_to_baseline":0.5`, `"target_met":false`, `"s_per_deposit":2.2`, `"blocks_per_deposit":5`, `"tx/s":2400`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the JSON lacks %s: %s", want, out)
		}
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
