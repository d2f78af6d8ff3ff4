#!/usr/bin/env bash
# Runs every Go benchmark of the module and prints a table of the medians
# (ns/op, B/op, allocs/op) with the ratios the speed requirements name:
# per-block emission with 100,000 against 10 nodes (target <= 1.2), a claim
# over 100 against 1 node, EndBlock with 10,000 against 0 queued unlocks,
# a block's liveness bookkeeping (10 uptime proofs, a quorum draw, EndBlock's
# liveness deadlines) with 100,000 against 10 active nodes (target <= 1.2);
# x/names' EndBlock (sweep, expired listings, released names) with 100,000
# against 100 names, the same 20 listings and 20 records due in each block
# (target <= 1.2);
# the whole app's FinalizeBlock throughput for each message against bank
# MsgSend's (target >= 0.7), with the gas per message; the EVM gas of a
# bridge batch, per batch and per transfer, at 1, 10 and 100 transfers
# (the real contract on go-ethereum's simulated backend); and, in the geth
# e2e setup, a bridge deposit's latency from its EVM inclusion to the mint.
#
#   scripts/bench.sh          (make bench builds the binaries and geth first)
#
# Environment (defaults in brackets):
#   BENCH_COUNT      runs of each benchmark, for benchstat and the medians [6]
#   BENCH_FILTER     the -bench regular expression [.]
#   BENCH_DIR        where the raw output goes, as raw.txt [build/bench]
#   BENCH_JSON       the table as JSON [$BENCH_DIR/bench.json]
#   BENCH_E2E        1 to run the bridge latency benchmark (tests/e2e, build
#                    tag e2e) in each pass, 0 to skip it [1]
#   BENCH_E2E_TIME   its -benchtime: deposits per pass [5x]
#   SESSIOND_BIN, SESSION_RELAYER_BIN, GETH_BIN
#                    the binaries the e2e benchmark runs [build/sessiond,
#                    build/session-relayer, build/tools/geth]
#
# raw.txt is plain `go test -bench` output: compare two runs with
# `benchstat old.txt new.txt`.
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_COUNT=${BENCH_COUNT:-6}
BENCH_FILTER=${BENCH_FILTER:-.}
BENCH_DIR=${BENCH_DIR:-build/bench}
BENCH_JSON=${BENCH_JSON:-$BENCH_DIR/bench.json}
BENCH_E2E=${BENCH_E2E:-1}
BENCH_E2E_TIME=${BENCH_E2E_TIME:-5x}
RAW=$BENCH_DIR/raw.txt
# go test runs the e2e package in its own directory: absolute paths.
export SESSIOND_BIN=${SESSIOND_BIN:-$PWD/build/sessiond}
export SESSION_RELAYER_BIN=${SESSION_RELAYER_BIN:-$PWD/build/session-relayer}
export GETH_BIN=${GETH_BIN:-$PWD/build/tools/geth}

# The packages whose tests declare a benchmark.
pkgs=()
while IFS=$'\t' read -r dir pkg; do
	if grep -qs '^func Benchmark' "$dir"/*_test.go; then
		pkgs+=("$pkg")
	fi
done < <(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.Dir}}{{"\t"}}{{.ImportPath}}{{end}}' ./...)
if [[ ${#pkgs[@]} -eq 0 ]]; then
	echo "bench.sh: no package has a benchmark" >&2
	exit 1
fi

if [[ $BENCH_E2E != 0 ]]; then
	for bin in "$SESSIOND_BIN" "$SESSION_RELAYER_BIN" "$GETH_BIN"; do
		if [[ ! -x $bin ]]; then
			echo "bench.sh: $bin is missing: run make bench (or make build and scripts/install-tools.sh evm), or set BENCH_E2E=0" >&2
			exit 1
		fi
	done
fi

mkdir -p "$BENCH_DIR" "$(dirname "$BENCH_JSON")"
echo "benchmarks of ${pkgs[*]}, $BENCH_COUNT runs each; raw output in $RAW" >&2
# One -count=1 pass at a time rather than -count=N, so that the sizes of a
# benchmark alternate and a burst of load elsewhere on the machine does not
# land on one size only.
: >"$RAW"
for ((i = 1; i <= BENCH_COUNT; i++)); do
	go test -run '^$' -bench "$BENCH_FILTER" -benchmem -count=1 -timeout 60m "${pkgs[@]}" | tee -a "$RAW"
	if [[ $BENCH_E2E != 0 ]]; then
		# Real processes (geth, a devnet, the relayer), started once per pass.
		go test -tags e2e -run '^$' -bench "$BENCH_FILTER" -benchmem -count=1 -benchtime "$BENCH_E2E_TIME" \
			-timeout 30m ./tests/e2e/ | tee -a "$RAW"
	fi
done
echo
go run ./scripts/benchtable -json "$BENCH_JSON" "$RAW"
echo "table written to $BENCH_JSON" >&2
