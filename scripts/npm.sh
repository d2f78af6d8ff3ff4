#!/usr/bin/env bash
# Installs the pinned npm tools of js/package.json and js/package-lock.json
# (ajv, chain-registry, CosmJS, ts-proto, typescript, puppeteer-core) into
# build/npm/js with `npm ci`, never into the source tree, and node and npm
# from Debian when they are missing. Prints the node_modules directory.
# Running it twice changes nothing.
#
#   scripts/npm.sh            node, npm and the npm tools
#   scripts/npm.sh chromium   the same, plus Debian's chromium (the portal's browser tests)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BUILDDIR=${BUILDDIR:-$ROOT/build}
NPM_DIR=$BUILDDIR/npm/js

apt_install() {
	local sudo=""
	if [[ $(id -u) -ne 0 ]]; then sudo=sudo; fi
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq "$@" >/dev/null
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "installing node and npm (Debian packages nodejs, npm)" >&2
	apt_install nodejs npm
fi
if [[ ${1:-} == chromium ]] && ! command -v chromium >/dev/null 2>&1; then
	echo "installing chromium (Debian package)" >&2
	apt_install chromium
fi

mkdir -p "$NPM_DIR"
if ! cmp -s js/package.json "$NPM_DIR/package.json" ||
	! cmp -s js/package-lock.json "$NPM_DIR/package-lock.json" ||
	[[ ! -d $NPM_DIR/node_modules ]]; then
	echo "installing the npm tools of js/package-lock.json into $NPM_DIR" >&2
	cp js/package.json js/package-lock.json "$NPM_DIR/"
	(cd "$NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
echo "$NPM_DIR/node_modules"
