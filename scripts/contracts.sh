#!/usr/bin/env bash
# Regenerates the committed artifacts of the bridge contracts:
#   x/bridge/contracts/build/{SessionBridge,TestSESH,TestFeeToken,SessionBridgeRelease1}.{abi,bin}   (solc-js, compile.js)
#   x/bridge/contracts/bindings/{session_bridge,test_sesh,test_fee_token}.go, bindings/release1/session_bridge_release1.go (abigen --v2)
#
# Installs what it needs when missing: node and npm (Debian packages), the
# npm dependencies pinned in x/bridge/contracts/package-lock.json (into
# build/npm, never into the source tree) and abigen (scripts/install-tools.sh
# evm). Running it twice changes nothing.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
CONTRACTS=$ROOT/x/bridge/contracts
BUILDDIR=${BUILDDIR:-$ROOT/build}
TOOLS=${TOOLS:-$BUILDDIR/tools}
NPM_DIR=$BUILDDIR/npm
export TOOLS

SOLC_VERSION=0.8.37
OPENZEPPELIN_VERSION=5.7.0

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

# npm_version PACKAGE: the version of PACKAGE installed in $NPM_DIR, or nothing.
npm_version() {
	local manifest=$NPM_DIR/node_modules/$1/package.json
	[[ -f $manifest ]] || return 0
	node -p "require(process.argv[1]).version" "$manifest"
}

install_npm_deps() {
	mkdir -p "$NPM_DIR"
	if [[ "$(npm_version solc)" == "$SOLC_VERSION" &&
		"$(npm_version @openzeppelin/contracts)" == "$OPENZEPPELIN_VERSION" ]] &&
		cmp -s "$CONTRACTS/package.json" "$NPM_DIR/package.json" &&
		cmp -s "$CONTRACTS/package-lock.json" "$NPM_DIR/package-lock.json"; then
		return 0
	fi
	echo "installing solc $SOLC_VERSION and @openzeppelin/contracts $OPENZEPPELIN_VERSION into $NPM_DIR" >&2
	cp "$CONTRACTS/package.json" "$CONTRACTS/package-lock.json" "$NPM_DIR/"
	(cd "$NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error)
}

install_node
install_npm_deps
scripts/install-tools.sh evm

node "$CONTRACTS/compile.js" "$NPM_DIR/node_modules" "$CONTRACTS/build"

mkdir -p "$CONTRACTS/bindings"
bind() {
	local name=$1 out=$2
	"$TOOLS/abigen" --v2 --abi "$CONTRACTS/build/$name.abi" --bin "$CONTRACTS/build/$name.bin" \
		--pkg bindings --type "$name" --out "$CONTRACTS/bindings/$out"
}
bind SessionBridge session_bridge.go
bind TestSESH test_sesh.go
bind TestFeeToken test_fee_token.go
# Release 1's contract in its own package: abigen names its types as the
# release-2 contract's.
mkdir -p "$CONTRACTS/bindings/release1"
"$TOOLS/abigen" --v2 --abi "$CONTRACTS/build/SessionBridgeRelease1.abi" --bin "$CONTRACTS/build/SessionBridgeRelease1.bin" \
	--pkg release1 --type SessionBridgeRelease1 --out "$CONTRACTS/bindings/release1/session_bridge_release1.go"
echo "contract artifacts and bindings are up to date in ${CONTRACTS#"$ROOT"/}" >&2
