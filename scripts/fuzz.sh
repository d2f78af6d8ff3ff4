#!/usr/bin/env bash
# Runs every Go fuzz test of the module (each `func FuzzX(f *testing.F)` in a
# test file the default build includes), one at a time, each for FUZZTIME,
# and fails if any fails. go test keeps an input that fails under the
# package's testdata/fuzz/FuzzX/: commit it with the fix, and `go test` (make
# test-unit) runs it from then on with the seed corpus.
#
#   scripts/fuzz.sh
#
# Environment (defaults in brackets):
#   FUZZTIME     how long each target runs: a Go duration, or Nx for N inputs [30s]
#   FUZZ_FILTER  an extended regular expression the target names must match [.]
set -euo pipefail

cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-30s}
FUZZ_FILTER=${FUZZ_FILTER:-.}

# Every fuzz target as "package<TAB>directory<TAB>name", from the test files
# go list names (so build tags are respected).
targets=()
while IFS=$'\t' read -r pkg dir file; do
	while read -r name; do
		targets+=("$pkg"$'\t'"$dir"$'\t'"$name")
	done < <(sed -nE 's/^func (Fuzz[A-Za-z0-9_]*)\([A-Za-z_][A-Za-z0-9_]* \*testing\.F\).*/\1/p' "$dir/$file" |
		{ grep -E -- "$FUZZ_FILTER" || true; })
done < <(go list -f '{{range .TestGoFiles}}{{$.ImportPath}}{{"\t"}}{{$.Dir}}{{"\t"}}{{.}}{{"\n"}}{{end}}{{range .XTestGoFiles}}{{$.ImportPath}}{{"\t"}}{{$.Dir}}{{"\t"}}{{.}}{{"\n"}}{{end}}' ./...)
if [[ ${#targets[@]} -eq 0 ]]; then
	echo "fuzz.sh: no fuzz target matches '$FUZZ_FILTER'" >&2
	exit 1
fi

# inputs counts the failing inputs kept in a target's corpus directory.
inputs() {
	if [[ -d $1 ]]; then
		find "$1" -type f | wc -l
	else
		echo 0
	fi
}

echo "fuzz.sh: ${#targets[@]} targets, $FUZZTIME each" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
for t in "${targets[@]}"; do
	IFS=$'\t' read -r pkg dir name <<<"$t"
	corpus="$dir/testdata/fuzz/$name"
	before=$(inputs "$corpus")
	echo "=== $name ($pkg)" >&2
	status=0
	go test -run '^$' -fuzz "^$name\$" -fuzztime "$FUZZTIME" "$pkg" 2>&1 | tee "$log" || status=$?
	if [[ $status -eq 0 ]]; then
		continue
	fi
	after=$(inputs "$corpus")
	# Go before 1.27 may stop a target at the end of FUZZTIME with a bare
	# "context deadline exceeded" while a worker is busy (go.dev/issue/75804):
	# no input failed, none was written, so that is not a failure.
	if [[ $after -eq $before ]] && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written to' "$log"; then
		echo "fuzz.sh: $name stopped by go.dev/issue/75804 at the deadline, no failing input: passed" >&2
		continue
	fi
	failed+=("$name ($pkg)")
done

if [[ ${#failed[@]} -gt 0 ]]; then
	echo "fuzz.sh: ${#failed[@]} of ${#targets[@]} targets failed:" >&2
	printf '  %s\n' "${failed[@]}" >&2
	exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets passed" >&2
