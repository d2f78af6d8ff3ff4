#!/usr/bin/env bash
# The wallet and explorer kit under chain-registry/ (see its README).
#
#   scripts/chainregistry.sh generate   regenerate chain-registry/sessionchain/* from
#                                       chain-registry/source.json and a fresh development genesis
#   scripts/chainregistry.sh check      generate, fail if the committed files changed, then validate
#                                       them against the chain registry's JSON schemas (node, ajv)
#
# Environment: SESSIOND (default build/sessiond, built when missing), CHAIN_ID [sessiond-dev-1].
set -euo pipefail

cd "$(dirname "$0")/.."
SESSIOND=${SESSIOND:-build/sessiond}
CHAIN_ID=${CHAIN_ID:-sessiond-dev-1}

generate() {
	if [[ ! -x $SESSIOND ]]; then
		go build -o "$SESSIOND" ./cmd/sessiond
	fi
	local home
	home=$(mktemp -d)
	trap 'rm -rf "$home"' RETURN
	"$SESSIOND" init registry --chain-id "$CHAIN_ID" --home "$home" >/dev/null 2>&1
	"$SESSIOND" registry generate chain-registry/source.json chain-registry --genesis "$home/config/genesis.json" >/dev/null
}

validate() {
	local modules
	modules=$(scripts/npm.sh)
	NODE_PATH=$modules node chain-registry/test/validate.cjs chain-registry
}

case ${1:-} in
generate) generate ;;
check)
	generate
	git diff --exit-code --stat -- chain-registry/sessionchain ||
		(echo "chain-registry/sessionchain is out of date: run 'make chain-registry' and commit" >&2; exit 1)
	if [[ -n $(git status --porcelain -- chain-registry/sessionchain) ]]; then
		echo "chain-registry/sessionchain has files not committed" >&2
		exit 1
	fi
	validate
	;;
validate) validate ;;
*)
	echo "usage: $0 generate|check|validate" >&2
	exit 2
	;;
esac
