#!/usr/bin/env bash
# A single-validator development chain on 127.0.0.1.
#
#   scripts/devnet.sh run     initialise the chain if its home is new, then start it (foreground)
#   scripts/devnet.sh init    initialise only (fails if the home already holds a chain)
#   scripts/devnet.sh reset   delete the home directory
#
# Environment (defaults in brackets):
#   SESSIOND       the binary [build/sessiond]
#   DEVNET_HOME    node home; kept between runs so a second run resumes [.devnet]
#   CHAIN_ID       [sessiond-dev-1]
#   RPC_PORT GRPC_PORT API_PORT P2P_PORT   [26657 9090 1317 26656]
#   PROMETHEUS_PORT  CometBFT Prometheus metrics on 127.0.0.1 [26660]; app metrics
#                  are on the REST API at /metrics?format=prometheus
#   BLOCK_TIME     CometBFT timeout_commit [1s]
#   SESH_PRICE     the SESH/USD price the feeders give at genesis [0.05]
#   BRIDGE_CONTRACT, BRIDGE_EVM_CHAIN_ID   the bridge contract and its EVM chain [none, 1337]
#   BRIDGE_PARAMS                          bridge params merged into genesis (JSON object) [none]
#   API_CORS       answer browsers' CORS requests on REST and gRPC-web (app.toml
#                  api.enabled-unsafe-cors: every origin, Content-Type header) [true]
#   RPC_CORS_ORIGINS  origins CometBFT RPC allows (config.toml rpc.cors_allowed_origins),
#                  space-separated, "" for none [*]. A browser wallet signs
#                  with CosmJS over RPC, so the portal needs both.
#   UPTIME_PROOF_TIMEOUT    a sample node without an uptime proof for this long is decommissioned [2592000s]
#   UPTIME_PROOF_INTERVAL   how often a node proves; at most the timeout [3600s]
#   HALT_THRESHOLD          a gap between blocks longer than this is a halt the liveness
#                  clock skips; below the timeout, or 0s for off [600s]
#   QUORUM_SIZE, QUORUM_THRESHOLD  quorum members and the votes that decide [10, 7];
#                  a devnet of a few nodes needs a threshold it can reach
#   TESTING_PERIOD          length of a quorum testing period, e.g. "60s" [3600s]
#                  Both in seconds ("12s"), written into genesis at init.
#   PRO_ISSUER_KEY          a Session Pro proof issuer's public key (hex) registered at genesis [none]
#   PRO_GRACE_PERIOD        Session Pro's grace period ("0s") [3600s]
#   PRO_TEST_PLAN_SECONDS   adds a Pro plan 9 that lasts this many seconds [none]
set -euo pipefail

cd "$(dirname "$0")/.."
SESSIOND=${SESSIOND:-build/sessiond}
DEVNET_HOME=${DEVNET_HOME:-.devnet}
CHAIN_ID=${CHAIN_ID:-sessiond-dev-1}
RPC_PORT=${RPC_PORT:-26657}
GRPC_PORT=${GRPC_PORT:-9090}
API_PORT=${API_PORT:-1317}
P2P_PORT=${P2P_PORT:-26656}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-26660}
BLOCK_TIME=${BLOCK_TIME:-1s}
API_CORS=${API_CORS:-true}
RPC_CORS_ORIGINS=${RPC_CORS_ORIGINS-*}
SESH_PRICE=${SESH_PRICE:-0.05}

# shellcheck source=scripts/lib/genesis.sh
source scripts/lib/genesis.sh
ACCOUNTS=(validator "${DEV_USERS[@]}")
NODE_OPERATORS=("${DEV_NODE_OPERATORS[@]}")

sessiond() { "$SESSIOND" --home "$DEVNET_HOME" "$@"; }

init_chain() {
	if [[ -f $DEVNET_HOME/config/genesis.json ]]; then
		echo "$DEVNET_HOME already holds a chain; use 'reset' first" >&2
		exit 1
	fi
	sessiond init devnode --chain-id "$CHAIN_ID" >/dev/null 2>&1
	genesis_add_test_accounts "$SESSIOND" "$DEVNET_HOME" "${ACCOUNTS[@]}"
	genesis_add_dev_state "$SESSIOND" "$DEVNET_HOME" "$SESH_PRICE"
	sessiond genesis gentx validator "${DEV_VALIDATOR_STAKE}nsesh" --chain-id "$CHAIN_ID" --keyring-backend test >/dev/null 2>&1
	sessiond genesis collect-gentxs >/dev/null 2>&1
	genesis_set_dev_params "$DEVNET_HOME/config/genesis.json"
	sessiond genesis validate >/dev/null

	sed -i "s/^timeout_commit = .*/timeout_commit = \"$BLOCK_TIME\"/" "$DEVNET_HOME/config/config.toml"
	sessiond config set chain-id "$CHAIN_ID"
	sessiond config set keyring-backend test
	sessiond config set node "tcp://127.0.0.1:$RPC_PORT"
}

print_info() {
	cat <<INFO

sessiond development chain '$CHAIN_ID' (home: $DEVNET_HOME)
  CometBFT RPC  http://127.0.0.1:$RPC_PORT
  gRPC          127.0.0.1:$GRPC_PORT
  REST          http://127.0.0.1:$API_PORT (and gRPC-web; CORS for browsers: $API_CORS)
  metrics       http://127.0.0.1:$API_PORT/metrics?format=prometheus (app), http://127.0.0.1:$PROMETHEUS_PORT/metrics (CometBFT)
  reward pool   40,000,000 SESH at genesis
  Session Nodes one active node per operator (${NODE_OPERATORS[*]}), 25,000 SESH each; keys in $DEVNET_HOME/nodes
  test keyring accounts (1,000,000 SESH each): ${ACCOUNTS[*]}
  Session Pro   price feeders ${DEV_FEEDERS[*]} (SESH = \$$SESH_PRICE at genesis, healthy for 30 days; run
                session-pricefeeder to keep it fed), payment processor bob

Try, in another shell:
  $SESSIOND --home $DEVNET_HOME query rewardpool pool
  $SESSIOND --home $DEVNET_HOME tx rewardpool fund-pool 1000000000000nsesh --from alice --yes
  $SESSIOND --home $DEVNET_HOME query nodestaking nodes
  $SESSIOND --home $DEVNET_HOME query nodestaking rewards \$($SESSIOND --home $DEVNET_HOME keys show alice -a)
  $SESSIOND --home $DEVNET_HOME tx nodestaking claim-rewards --from alice --yes
  $SESSIOND --home $DEVNET_HOME query nodestaking liveness \$($SESSIOND node-key show $DEVNET_HOME/nodes/alice.key)
  $SESSIOND --home $DEVNET_HOME tx nodestaking uptime-proof --node-key-file $DEVNET_HOME/nodes/alice.key --from alice --yes
  $SESSIOND --home $DEVNET_HOME query pro price
  $SESSIOND --home $DEVNET_HOME query pro quote 1
  $SESSIOND --home $DEVNET_HOME tx pro subscribe $(printf '%064x' 1) 1 --max-amount 200000000000nsesh --from carol --yes
  $SESSIOND --home $DEVNET_HOME query pro subscription $(printf '%064x' 1)
  curl -s http://127.0.0.1:$API_PORT/sessionchain/rewardpool/v1/pool

Ctrl-C stops the chain; 'make run' resumes it, 'make run-reset' starts afresh.

INFO
}

start_chain() {
	exec "$SESSIOND" start --home "$DEVNET_HOME" \
		--minimum-gas-prices 0nsesh \
		--rpc.laddr "tcp://127.0.0.1:$RPC_PORT" \
		--p2p.laddr "tcp://127.0.0.1:$P2P_PORT" \
		--grpc.address "127.0.0.1:$GRPC_PORT" \
		--api.enable --api.address "tcp://127.0.0.1:$API_PORT" \
		--api.enabled-unsafe-cors="$API_CORS" \
		--rpc.pprof_laddr ""
}

# enable_telemetry turns on the app's Prometheus sink (served by the REST API
# at /metrics?format=prometheus) and CometBFT's on 127.0.0.1:PROMETHEUS_PORT.
# Run at every start, so a home made before telemetry, or a new port, applies.
enable_telemetry() {
	sed -i -e '/^\[telemetry\]/,/^\[/{s/^enabled = .*/enabled = true/;s/^prometheus-retention-time = .*/prometheus-retention-time = 60/}' \
		"$DEVNET_HOME/config/app.toml"
	sed -i -e '/^\[instrumentation\]/,/^\[/{s/^prometheus = .*/prometheus = true/;s/^prometheus_listen_addr = .*/prometheus_listen_addr = "127.0.0.1:'"$PROMETHEUS_PORT"'"/}' \
		"$DEVNET_HOME/config/config.toml"
}

# set_rpc_cors writes RPC_CORS_ORIGINS into config.toml (CometBFT has no
# flag for it), at every start so a changed setting applies.
set_rpc_cors() {
	local list="" origin origins
	read -ra origins <<<"$RPC_CORS_ORIGINS"
	for origin in "${origins[@]}"; do
		list+="${list:+, }\"$origin\""
	done
	sed -i -e '/^\[rpc\]/,/^\[/{s|^cors_allowed_origins = .*|cors_allowed_origins = ['"$list"']|}' \
		"$DEVNET_HOME/config/config.toml"
}

case ${1:-run} in
run)
	[[ -f $DEVNET_HOME/config/genesis.json ]] || init_chain
	enable_telemetry
	set_rpc_cors
	print_info
	start_chain
	;;
init) init_chain ;;
reset) rm -rf "$DEVNET_HOME" ;;
*)
	echo "usage: $0 [run|init|reset]" >&2
	exit 2
	;;
esac
