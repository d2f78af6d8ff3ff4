#!/usr/bin/env bash
# The staking portal in portal/ (see portal/README.md).
#
#   scripts/portal.sh build   bundle it with esbuild (pinned) into build/portal: index.html,
#                             style.css, app.js and config.json, plain files to deploy anywhere
#   scripts/portal.sh serve   build, then serve build/portal on 127.0.0.1:PORTAL_PORT
#   scripts/portal.sh run     start the development chain (scripts/devnet.sh, in the background,
#                             log in DEVNET_HOME/devnet.log), build and serve the portal against it;
#                             Ctrl-C stops both (make portal)
#
# Environment: PORTAL_PORT [8080]; RPC_URL, REST_URL, CHAIN_ID written into config.json
# [the devnet's: http://127.0.0.1:26657, http://127.0.0.1:1317, sessiond-dev-1]; with run,
# RPC_PORT and API_PORT are the devnet's ports.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BUILDDIR=${BUILDDIR:-$ROOT/build}
OUT=${PORTAL_OUT:-$BUILDDIR/portal}
PORTAL_PORT=${PORTAL_PORT:-8080}
RPC_PORT=${RPC_PORT:-26657}
API_PORT=${API_PORT:-1317}
RPC_URL=${RPC_URL:-http://127.0.0.1:$RPC_PORT}
REST_URL=${REST_URL:-http://127.0.0.1:$API_PORT}
CHAIN_ID=${CHAIN_ID:-sessiond-dev-1}

# typecheck runs tsc over portal/src (esbuild only strips types), resolving
# packages from the pinned node_modules.
typecheck() {
	local modules=$1 cfg
	mkdir -p "$BUILDDIR"
	cfg=$(mktemp "$BUILDDIR/portal-tsconfig.XXXX.json")
	# paths bypass package.json "exports", so the one subpath import is named.
	printf '{"extends":"%s/portal/tsconfig.json","compilerOptions":{"baseUrl":".","paths":{"@bufbuild/protobuf/wire":["%s/@bufbuild/protobuf/dist/cjs/wire/index.d.ts"],"*":["%s/*","%s/@types/*"]},"typeRoots":["%s/@types"]}}\n' \
		"$ROOT" "$modules" "$modules" "$modules" "$modules" >"$cfg"
	local status=0
	"$modules/.bin/tsc" -p "$cfg" || status=$?
	rm -f "$cfg"
	return "$status"
}

build() {
	local modules
	modules=$(scripts/npm.sh)
	typecheck "$modules"
	mkdir -p "$OUT"
	NODE_PATH=$modules node -e '
		require("esbuild").build({
			entryPoints: ["portal/src/main.ts"], bundle: true, outfile: process.argv[1] + "/app.js",
			format: "iife", platform: "browser", target: "es2020", nodePaths: [process.env.NODE_PATH],
			minify: true, sourcemap: true, logLevel: "warning",
		}).catch(() => process.exit(1));' "$OUT"
	cp portal/index.html portal/style.css "$OUT/"
	# The wallet kit's Keplr chain info, pointed at these endpoints.
	NODE_PATH=$modules node -e '
		const info = require(process.argv[1]);
		info.chainId = process.argv[2]; info.rpc = process.argv[3]; info.rest = process.argv[4];
		require("fs").writeFileSync(process.argv[5], JSON.stringify({ chainInfo: info }, null, 2));' \
		"$ROOT/chain-registry/sessionchain/keplr-chain-info.json" "$CHAIN_ID" "$RPC_URL" "$REST_URL" "$OUT/config.json"
	echo "portal built in $OUT (chain $CHAIN_ID, rpc $RPC_URL, rest $REST_URL)" >&2
}

serve() {
	build
	exec node portal/serve.cjs "$OUT" "$PORTAL_PORT"
}

run() {
	local home=${DEVNET_HOME:-.devnet}
	mkdir -p "$home"
	RPC_PORT=$RPC_PORT API_PORT=$API_PORT CHAIN_ID=$CHAIN_ID scripts/devnet.sh run >"$home/devnet.log" 2>&1 &
	local devnet=$!
	trap 'kill "$devnet" 2>/dev/null; wait "$devnet" 2>/dev/null' EXIT
	echo "starting the development chain (log: $home/devnet.log)…" >&2
	local i
	for ((i = 0; i < 240; i++)); do
		curl -sf "$RPC_URL/status" >/dev/null 2>&1 && break
		kill -0 "$devnet" 2>/dev/null || {
			tail -20 "$home/devnet.log" >&2
			exit 1
		}
		sleep 0.5
	done
	build
	node portal/serve.cjs "$OUT" "$PORTAL_PORT"
}

case ${1:-} in
build) build ;;
serve) serve ;;
run) run ;;
*)
	echo "usage: $0 build|serve|run" >&2
	exit 2
	;;
esac
