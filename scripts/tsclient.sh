#!/usr/bin/env bash
# The TypeScript client in ts-client/ (see its README).
#
#   scripts/tsclient.sh generate   regenerate ts-client/src from proto/ (protoc + ts-proto, pinned in
#                                  js/package-lock.json) and ts-client/src/amino-schema.json
#                                  (go run ./scripts/aminoschema); offline, like scripts/protocgen.sh
#   scripts/tsclient.sh build      compile it with tsc into build/tsclient/dist
#   scripts/tsclient.sh check      generate, fail if the committed code changed, build, and run
#                                  ts-client/test/client.test.cjs against the compiled package
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BUILDDIR=${BUILDDIR:-$ROOT/build}
OUT=$BUILDDIR/tsclient

generate() {
	local modules
	modules=$(scripts/npm.sh)
	scripts/install-tools.sh proto >/dev/null
	go mod download github.com/cosmos/cosmos-sdk github.com/cosmos/gogoproto \
		github.com/cosmos/cosmos-proto github.com/grpc-ecosystem/grpc-gateway
	moddir() { go list -m -f '{{.Dir}}' "$1"; }
	local wkt
	wkt=$(dirname "$(dirname "$(command -v protoc)")")/include
	[[ -f $wkt/google/protobuf/duration.proto ]] || wkt=/usr/include
	local tmp
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	mapfile -t protos < <(find proto -name '*.proto' | sort)
	protoc -I proto -I "$(moddir github.com/cosmos/cosmos-sdk)/proto" -I "$(moddir github.com/cosmos/gogoproto)" \
		-I "$(moddir github.com/cosmos/cosmos-proto)/proto" \
		-I "$(moddir github.com/grpc-ecosystem/grpc-gateway)/third_party/googleapis" -I "$wkt" \
		--plugin=protoc-gen-ts_proto="$modules/.bin/protoc-gen-ts_proto" \
		--ts_proto_out="$tmp" \
		--ts_proto_opt=esModuleInterop=true,forceLong=bigint,useDate=true \
		"${protos[@]}"
	go run ./scripts/aminoschema >"$tmp/amino-schema.json"
	# Replace the generated part of src; index.ts and amino.ts are written by hand.
	find ts-client/src -mindepth 1 -maxdepth 1 ! -name index.ts ! -name amino.ts -exec rm -rf {} +
	cp -r "$tmp"/. ts-client/src/
	echo "generated ts-client/src from ${#protos[@]} proto files" >&2
}

build() {
	local modules
	modules=$(scripts/npm.sh)
	rm -rf "$OUT"
	mkdir -p "$OUT"
	cp -r ts-client/src ts-client/tsconfig.json ts-client/package.json "$OUT/"
	ln -s "$modules" "$OUT/node_modules"
	(cd "$OUT" && node_modules/.bin/tsc -p tsconfig.json)
	echo "$OUT"
}

case ${1:-} in
generate) generate ;;
build) build >/dev/null ;;
check)
	generate
	git diff --exit-code --stat -- ts-client/src ||
		(echo "ts-client/src is out of date: run 'make ts-client' and commit" >&2; exit 1)
	if [[ -n $(git status --porcelain -- ts-client/src) ]]; then
		echo "ts-client/src has files not committed" >&2
		exit 1
	fi
	dir=$(build)
	NODE_PATH=$dir/node_modules SESSION_CLIENT="$dir" node ts-client/test/client.test.cjs
	;;
*)
	echo "usage: $0 generate|build|check" >&2
	exit 2
	;;
esac
