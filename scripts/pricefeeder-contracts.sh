#!/usr/bin/env bash
# Regenerates the committed contract artifacts of session-pricefeeder's
# end-to-end tests:
#   cmd/session-pricefeeder/contracts/build/*.{abi,bin}   (build.js: v3-core's
#       published UniswapV3Factory and UniswapV3Pool, TestUSDC and
#       UniswapV3Driver compiled with solc-js)
#   cmd/session-pricefeeder/contracts/bindings/*.go       (abigen --v2)
#
# Installs what it needs when missing: node and npm (Debian packages), the
# npm packages pinned in cmd/session-pricefeeder/contracts/package-lock.json
# (into build/npm-pricefeeder, never into the source tree) and abigen
# (scripts/install-tools.sh evm). Running it twice changes nothing.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
CONTRACTS=$ROOT/cmd/session-pricefeeder/contracts
BUILDDIR=${BUILDDIR:-$ROOT/build}
TOOLS=${TOOLS:-$BUILDDIR/tools}
NPM_DIR=$BUILDDIR/npm-pricefeeder
export TOOLS

install_node() {
	if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
		return 0
	fi
	echo "installing node and npm (Debian packages nodejs, npm)" >&2
	local sudo=""
	if [[ $(id -u) -ne 0 ]]; then sudo=sudo; fi
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq nodejs npm >/dev/null
}

install_npm_deps() {
	mkdir -p "$NPM_DIR"
	if [[ -d $NPM_DIR/node_modules ]] &&
		cmp -s "$CONTRACTS/package.json" "$NPM_DIR/package.json" &&
		cmp -s "$CONTRACTS/package-lock.json" "$NPM_DIR/package-lock.json"; then
		return 0
	fi
	echo "installing the pinned npm packages of $CONTRACTS/package-lock.json into $NPM_DIR" >&2
	cp "$CONTRACTS/package.json" "$CONTRACTS/package-lock.json" "$NPM_DIR/"
	(cd "$NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error)
}

install_node
install_npm_deps
scripts/install-tools.sh evm

node "$CONTRACTS/build.js" "$NPM_DIR/node_modules" "$CONTRACTS/build"

mkdir -p "$CONTRACTS/bindings"
bind() {
	local name=$1 out=$2 bin=()
	if [[ -f $CONTRACTS/build/$name.bin ]]; then bin=(--bin "$CONTRACTS/build/$name.bin"); fi
	"$TOOLS/abigen" --v2 --abi "$CONTRACTS/build/$name.abi" "${bin[@]}" \
		--pkg bindings --type "$name" --out "$CONTRACTS/bindings/$out"
}
bind UniswapV3Factory uniswap_v3_factory.go
bind UniswapV3Pool uniswap_v3_pool.go
bind TestUSDC test_usdc.go
bind UniswapV3Driver uniswap_v3_driver.go
echo "contract artifacts and bindings are up to date in ${CONTRACTS#"$ROOT"/}" >&2
