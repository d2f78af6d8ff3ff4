#!/usr/bin/env bash
# A multi-validator development network on 127.0.0.1, every validator a
# sessiond process in the background with its own home.
#
#   scripts/localnet.sh init         create the validator homes and the shared genesis
#   scripts/localnet.sh start        init if LOCALNET_HOME is new, start every validator that is not
#                                    running, wait (bounded) until blocks are produced, print endpoints
#   scripts/localnet.sh stop         stop the validators this script started (SIGTERM, then SIGKILL)
#   scripts/localnet.sh reset        stop, then delete LOCALNET_HOME
#   scripts/localnet.sh status       each validator's pid and latest height
#   scripts/localnet.sh info         the endpoints
#   scripts/localnet.sh start-one I  start validator I alone (e.g. after stop-one); waits until its RPC answers
#   scripts/localnet.sh stop-one I   stop validator I (SIGTERM, then SIGKILL)
#   scripts/localnet.sh kill-one I   SIGKILL validator I at once, as a crash would
#   scripts/localnet.sh fork CHAIN_ID [GENESIS_TIME]
#                                    the README's hard fork: stop every validator, export each one's state at
#                                    the last height all of them committed (the exports must be identical),
#                                    make the genesis of CHAIN_ID from it (sessiond genesis fork; genesis time
#                                    GENESIS_TIME, RFC 3339, or 10 s from now), and reset every validator onto
#                                    it; 'start' then starts the new chain. The old chain's data is kept in
#                                    LOCALNET_HOME/fork/<old chain id>/.
#
# Environment (defaults in brackets):
#   SESSIOND                the binary [build/sessiond]
#   LOCALNET_HOME           [.localnet]: val0 ... val<N-1> (node homes), logs/, pids/, localnet.env
#   LOCALNET_VALIDATORS     N [4]
#   LOCALNET_CHAIN_ID       [sessionlocal-1]
#   LOCALNET_PORT_BASE      [26600]; validator I listens on 127.0.0.1 at BASE+10*I plus
#                           0 CometBFT RPC, 1 P2P, 2 gRPC, 3 REST, 4 pprof (LOCALNET_PPROF=1 only)
#   LOCALNET_BLOCK_TIME     CometBFT timeout_commit [1s]
#   LOCALNET_PPROF          1 to serve pprof [0]
#   SESH_PRICE              the SESH/USD price the feeders give at genesis [0.05]
#   BRIDGE_CONTRACT         the bridge contract named in genesis, with BRIDGE_EVM_CHAIN_ID [none, 1337]
#   UPTIME_PROOF_TIMEOUT    a sample node without an uptime proof for this long is decommissioned [2592000s]
#   UPTIME_PROOF_INTERVAL   how often a node proves; at most the timeout [3600s]
#   HALT_THRESHOLD          a gap between blocks longer than this is a halt the liveness
#                  clock skips; below the timeout, or 0s for off [600s]
#   QUORUM_SIZE, QUORUM_THRESHOLD  quorum members and the votes that decide [10, 7];
#                  a devnet of a few nodes needs a threshold it can reach
#   TESTING_PERIOD          length of a quorum testing period, e.g. "60s" [3600s]
#                           Both in seconds ("12s"), written into genesis at init.
#   LOCALNET_START_TIMEOUT  seconds start waits for blocks, start-one for the RPC [60]
#   LOCALNET_STOP_TIMEOUT   seconds stop waits after SIGTERM before SIGKILL [10]
#   LOCALNET_API_CORS       answer browsers' CORS requests on every validator's REST and gRPC-web
#                           (app.toml api.enabled-unsafe-cors: every origin) [true]
#   LOCALNET_RPC_CORS_ORIGINS  origins every validator's CometBFT RPC allows (config.toml
#                           rpc.cors_allowed_origins), space-separated, "" for none [*]
#                           Both as scripts/devnet.sh's API_CORS and RPC_CORS_ORIGINS, for a browser
#                           portal (scripts/portal.sh serve with RPC_URL, REST_URL, CHAIN_ID); read at
#                           every start and start-one, so a changed setting applies to a running network
#                           once its validators restart.
# The network settings (N, chain id, ports, block time, pprof) are read at init and kept in
# LOCALNET_HOME/localnet.env; later commands use those.
#
# Genesis: every validator I has the key valI in its own home's test keyring and bonds the same
# self-delegation; validator 0's home also holds alice, bob and carol and the development state of
# scripts/devnet.sh (scripts/lib/genesis.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/genesis.sh
source scripts/lib/genesis.sh

SESSIOND=${SESSIOND:-build/sessiond}
LOCALNET_HOME=${LOCALNET_HOME:-.localnet}
[[ $LOCALNET_HOME == /* ]] || LOCALNET_HOME=$PWD/$LOCALNET_HOME
START_TIMEOUT=${LOCALNET_START_TIMEOUT:-60}
STOP_TIMEOUT=${LOCALNET_STOP_TIMEOUT:-10}
SESH_PRICE=${SESH_PRICE:-0.05}
API_CORS=${LOCALNET_API_CORS:-true}
RPC_CORS_ORIGINS=${LOCALNET_RPC_CORS_ORIGINS-*}
ENV_FILE=$LOCALNET_HOME/localnet.env
LOG_DIR=$LOCALNET_HOME/logs
PID_DIR=$LOCALNET_HOME/pids

die() {
	echo "localnet: $*" >&2
	exit 1
}

# The network settings: from the environment at init, from ENV_FILE afterwards.
load_settings() {
	if [[ -f $ENV_FILE ]]; then
		# shellcheck source=/dev/null
		source "$ENV_FILE"
	else
		VALIDATORS=${LOCALNET_VALIDATORS:-4}
		CHAIN_ID=${LOCALNET_CHAIN_ID:-sessionlocal-1}
		PORT_BASE=${LOCALNET_PORT_BASE:-26600}
		BLOCK_TIME=${LOCALNET_BLOCK_TIME:-1s}
		PPROF=${LOCALNET_PPROF:-0}
	fi
	[[ $VALIDATORS =~ ^[1-9][0-9]?$ ]] || die "LOCALNET_VALIDATORS must be 1 to 99, not '$VALIDATORS'"
	[[ $CHAIN_ID =~ ^[A-Za-z0-9._-]+$ ]] || die "bad chain id '$CHAIN_ID'"
	if ! [[ $PORT_BASE =~ ^[1-9][0-9]*$ ]] || ((PORT_BASE < 1024 || PORT_BASE + 10 * VALIDATORS > 65535)); then
		die "LOCALNET_PORT_BASE must leave room for $VALIDATORS validators between 1024 and 65535, not '$PORT_BASE'"
	fi
	[[ $BLOCK_TIME =~ ^[0-9]+(ms|s)$ ]] || die "LOCALNET_BLOCK_TIME must look like 1s or 500ms, not '$BLOCK_TIME'"
	[[ $PPROF == 0 || $PPROF == 1 ]] || die "LOCALNET_PPROF must be 0 or 1"
	[[ $START_TIMEOUT =~ ^[0-9]+$ && $STOP_TIMEOUT =~ ^[0-9]+$ ]] || die "timeouts are whole seconds"
	[[ $API_CORS == true || $API_CORS == false ]] || die "LOCALNET_API_CORS must be true or false, not '$API_CORS'"
}

check_index() {
	if ! [[ ${1:-} =~ ^(0|[1-9][0-9]*)$ ]] || (($1 >= VALIDATORS)); then
		die "validator index must be 0 to $((VALIDATORS - 1)), not '${1:-}'"
	fi
}

home_of() { echo "$LOCALNET_HOME/val$1"; }
rpc_port() { echo $((PORT_BASE + 10 * $1)); }
p2p_port() { echo $((PORT_BASE + 10 * $1 + 1)); }
grpc_port() { echo $((PORT_BASE + 10 * $1 + 2)); }
api_port() { echo $((PORT_BASE + 10 * $1 + 3)); }
pprof_port() { echo $((PORT_BASE + 10 * $1 + 4)); }
# Not listeners, but kept on loopback and distinct all the same: the ABCI
# address (the app runs in-process). Prometheus serves CometBFT metrics at
# 127.0.0.1:prometheus_port/metrics; app metrics are on the REST API at
# /metrics?format=prometheus.
abci_port() { echo $((PORT_BASE + 10 * $1 + 5)); }
prometheus_port() { echo $((PORT_BASE + 10 * $1 + 6)); }

sd() {
	local i=$1
	shift
	"$SESSIOND" --home "$(home_of "$i")" "$@"
}

# quiet CMD...: run CMD with its output kept in QUIET_LOG. A failure ends the
# script through set -e (CMD is not run as a condition, which would switch
# set -e off inside the shell functions it calls); init's exit trap then
# shows the step and its output.
QUIET_STEP=""
quiet() {
	QUIET_STEP=$*
	"$@" >"$QUIET_LOG" 2>&1
	QUIET_STEP=""
}

# toml_set FILE SECTION KEY VALUE: set KEY (the first one) in [SECTION] of
# FILE to the TOML VALUE; SECTION "" is the top level. Fails if KEY is absent.
toml_set() {
	local file=$1 section=$2 key=$3 value=$4 tmp
	tmp=$(mktemp)
	if ! awk -v section="[$section]" -v key="$key" -v value="$value" '
		BEGIN { current = "[]"; done = 0 }
		/^\[/ { current = $0 }
		!done && current == section && index($0, key " = ") == 1 { print key " = " value; done = 1; next }
		{ print }
		END { exit !done }' "$file" >"$tmp"; then
		rm -f "$tmp"
		die "no '$key' in [$section] of $file"
	fi
	cat "$tmp" >"$file" # keeps the file's mode
	rm -f "$tmp"
}

configure_node() {
	local i=$1 peers=$2 home config app pprof=""
	home=$(home_of "$i")
	config=$home/config/config.toml
	app=$home/config/app.toml
	((PPROF)) && pprof=127.0.0.1:$(pprof_port "$i")
	toml_set "$config" "" proxy_app "\"tcp://127.0.0.1:$(abci_port "$i")\""
	toml_set "$config" rpc laddr "\"tcp://127.0.0.1:$(rpc_port "$i")\""
	toml_set "$config" rpc pprof_laddr "\"$pprof\""
	toml_set "$config" p2p laddr "\"tcp://127.0.0.1:$(p2p_port "$i")\""
	toml_set "$config" p2p persistent_peers "\"$peers\""
	toml_set "$config" p2p addr_book_strict false
	toml_set "$config" p2p allow_duplicate_ip true
	toml_set "$config" consensus timeout_commit "\"$BLOCK_TIME\""
	toml_set "$config" instrumentation prometheus true
	toml_set "$config" instrumentation prometheus_listen_addr "\"127.0.0.1:$(prometheus_port "$i")\""
	toml_set "$app" telemetry enabled true
	toml_set "$app" telemetry prometheus-retention-time 60
	toml_set "$app" "" minimum-gas-prices '"0nsesh"'
	toml_set "$app" api enable true
	toml_set "$app" api address "\"tcp://127.0.0.1:$(api_port "$i")\""
	toml_set "$app" grpc enable true
	toml_set "$app" grpc address "\"127.0.0.1:$(grpc_port "$i")\""
	quiet sd "$i" config set chain-id "$CHAIN_ID"
	quiet sd "$i" config set keyring-backend test
	quiet sd "$i" config set node "tcp://127.0.0.1:$(rpc_port "$i")"
}

init_network() {
	if [[ -e $LOCALNET_HOME && -n $(ls -A "$LOCALNET_HOME") ]]; then
		die "$LOCALNET_HOME is not empty; 'reset' first"
	fi
	[[ -x $SESSIOND ]] || die "no binary at $SESSIOND (make build, or set SESSIOND)"
	load_settings
	mkdir -p "$LOCALNET_HOME"
	QUIET_LOG=$(mktemp)
	# A half-built network is no use: remove it if any step fails.
	trap init_failed EXIT
	echo "localnet: initialising $VALIDATORS validators of '$CHAIN_ID' in $LOCALNET_HOME"

	local i genesis0 gentxs addrs=() ids=()
	for ((i = 0; i < VALIDATORS; i++)); do
		quiet sd "$i" init "val$i" --chain-id "$CHAIN_ID"
		quiet sd "$i" keys add "val$i" --keyring-backend test
		addrs+=("$(sd "$i" keys show "val$i" -a --keyring-backend test)")
		ids+=("$(sd "$i" comet show-node-id)")
	done

	# The shared genesis, built in validator 0's home: the validators'
	# accounts, then the development state of scripts/devnet.sh.
	for ((i = 0; i < VALIDATORS; i++)); do
		quiet sd 0 genesis add-genesis-account "${addrs[i]}" "${DEV_ACCOUNT_FUNDS}nsesh"
	done
	quiet genesis_add_test_accounts "$SESSIOND" "$(home_of 0)" "${DEV_USERS[@]}"
	quiet genesis_add_dev_state "$SESSIOND" "$(home_of 0)" "$SESH_PRICE"
	genesis0=$(home_of 0)/config/genesis.json
	genesis_set_dev_params "$genesis0"

	# Each validator signs its gentx against that genesis in its own home;
	# validator 0 collects them.
	gentxs=$(home_of 0)/config/gentx
	mkdir -p "$gentxs"
	for ((i = 0; i < VALIDATORS; i++)); do
		((i == 0)) || cp "$genesis0" "$(home_of "$i")/config/genesis.json"
		quiet sd "$i" genesis gentx "val$i" "${DEV_VALIDATOR_STAKE}nsesh" --chain-id "$CHAIN_ID" --keyring-backend test \
			--moniker "val$i" --ip 127.0.0.1 --p2p-port "$(p2p_port "$i")" \
			--output-document "$gentxs/gentx-val$i.json"
	done
	quiet sd 0 genesis collect-gentxs
	quiet sd 0 genesis validate

	local peers j
	for ((i = 0; i < VALIDATORS; i++)); do
		((i == 0)) || cp "$genesis0" "$(home_of "$i")/config/genesis.json"
		peers=""
		for ((j = 0; j < VALIDATORS; j++)); do
			((j == i)) || peers+=${peers:+,}${ids[j]}@127.0.0.1:$(p2p_port "$j")
		done
		configure_node "$i" "$peers"
	done

	mkdir -p "$LOG_DIR" "$PID_DIR"
	# Written last: its presence means the network is complete.
	cat >"$ENV_FILE" <<ENV
# Written by scripts/localnet.sh init; the later commands read it.
VALIDATORS=$VALIDATORS
CHAIN_ID=$CHAIN_ID
PORT_BASE=$PORT_BASE
BLOCK_TIME=$BLOCK_TIME
PPROF=$PPROF
ENV
	trap - EXIT
	rm -f "$QUIET_LOG"
}

init_failed() {
	if [[ -n $QUIET_STEP ]]; then
		echo "localnet: failed: $QUIET_STEP" >&2
		cat "$QUIET_LOG" >&2
	fi
	rm -f "$QUIET_LOG"
	rm -rf "$LOCALNET_HOME"
	echo "localnet: init failed; removed $LOCALNET_HOME" >&2
}

# require_network loads the settings of an initialised LOCALNET_HOME.
require_network() {
	[[ -f $ENV_FILE ]] || die "$LOCALNET_HOME holds no network ('scripts/localnet.sh init' or 'start' creates one)"
	load_settings
}

pid_file() { echo "$PID_DIR/val$1.pid"; }
log_file() { echo "$LOG_DIR/val$1.log"; }

# alive PID: the process exists and is not a zombie.
alive() {
	local state
	state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	[[ $state != Z* ]]
}

# running_pid I: prints validator I's pid if the process recorded for it is
# alive and still the sessiond of its home (pids get reused).
running_pid() {
	local file pid args
	file=$(pid_file "$1")
	[[ -f $file ]] || return 1
	pid=$(<"$file")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	alive "$pid" || return 1
	args=$(ps -ww -o args= -p "$pid" 2>/dev/null) || return 1
	[[ "$args " == *" start --home $(home_of "$1") "* ]] || return 1
	echo "$pid"
}

# listening PORT: something accepts connections on 127.0.0.1:PORT.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# height I: validator I's latest block height from its RPC; fails if the RPC
# does not answer.
height() {
	local out
	out=$(curl -fsS -m 2 "http://127.0.0.1:$(rpc_port "$1")/status" 2>/dev/null) || return 1
	out=$(sed -n 's/.*"latest_block_height": *"\([0-9]*\)".*/\1/p' <<<"$out")
	[[ -n $out ]] || return 1
	echo "$out"
}

log_tail() {
	echo "--- last lines of $(log_file "$1") ---" >&2
	tail -n "${2:-25}" "$(log_file "$1")" >&2 || true
}

# check_ports I...: fail unless the listening ports of the validators are free.
check_ports() {
	local i port
	for i in "$@"; do
		for port in "$(rpc_port "$i")" "$(p2p_port "$i")" "$(grpc_port "$i")" "$(api_port "$i")"; do
			if listening "$port"; then
				die "validator $i: 127.0.0.1:$port is already in use (another localnet? 'scripts/localnet.sh status')"
			fi
		done
	done
}

# set_cors I: write the CORS settings into validator I's app.toml and
# config.toml (CometBFT has no flag for its origins), at every start so a
# changed setting applies.
set_cors() {
	local i=$1 home list="" origin origins
	home=$(home_of "$i")
	read -ra origins <<<"$RPC_CORS_ORIGINS"
	for origin in "${origins[@]}"; do
		[[ $origin != *[\\\"]* ]] || die "a CORS origin may not hold a quote or a backslash: '$origin'"
		list+="${list:+, }\"$origin\""
	done
	toml_set "$home/config/app.toml" api enabled-unsafe-cors "$API_CORS"
	toml_set "$home/config/config.toml" rpc cors_allowed_origins "[$list]"
}

# spawn I: start validator I in the background, in a session of its own (so
# the terminal's Ctrl-C and hangup do not reach it), and record its pid.
spawn() {
	local i=$1 home
	home=$(home_of "$i")
	mkdir -p "$LOG_DIR" "$PID_DIR"
	set_cors "$i"
	echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) localnet: starting validator $i ===" >>"$(log_file "$i")"
	# The same command line for start and start-one. With no job control the
	# background child is no process-group leader, so setsid execs in place
	# and $! is sessiond's own pid.
	if command -v setsid >/dev/null; then
		setsid "$SESSIOND" start --home "$home" --log_no_color </dev/null >>"$(log_file "$i")" 2>&1 &
	else
		nohup "$SESSIOND" start --home "$home" --log_no_color </dev/null >>"$(log_file "$i")" 2>&1 &
	fi
	echo $! >"$(pid_file "$i")"
}

# stop_validators SIGNAL I...: send SIGNAL to each running validator; after a
# SIGTERM, wait up to STOP_TIMEOUT seconds, then SIGKILL what is left. Waits
# (bounded) until the processes are gone, then drops their pid files.
stop_validators() {
	local signal=$1 i pid
	shift
	local -a pids=() names=()
	for i in "$@"; do
		if pid=$(running_pid "$i"); then
			kill "-$signal" "$pid" 2>/dev/null || true
			pids+=("$pid")
			names+=("val$i")
		fi
		rm -f "$(pid_file "$i")"
	done
	if ((${#pids[@]} == 0)); then
		echo "localnet: no validator of $LOCALNET_HOME was running"
		return 0
	fi
	echo "localnet: sent SIG$signal to ${names[*]} (pids ${pids[*]})"
	if [[ $signal != KILL ]] && ! wait_gone "$STOP_TIMEOUT" "${pids[@]}"; then
		echo "localnet: still running after ${STOP_TIMEOUT}s: pids ${pids[*]}; sending SIGKILL" >&2
		kill -KILL "${pids[@]}" 2>/dev/null || true
	fi
	wait_gone 5 "${pids[@]}" || die "pids ${pids[*]} survived SIGKILL"
	echo "localnet: stopped ${names[*]}"
}

# wait_gone SECONDS PID...: wait until none of the pids is alive; fails after
# SECONDS. Leaves the live ones in the caller's pids array.
wait_gone() {
	local deadline=$((SECONDS + $1)) pid
	shift
	local -a left=("$@")
	while :; do
		pids=()
		for pid in "${left[@]}"; do
			if alive "$pid"; then pids+=("$pid"); fi
		done
		((${#pids[@]})) || return 0
		((SECONDS < deadline)) || return 1
		left=("${pids[@]}")
		sleep 0.2
	done
}

start_all() {
	[[ -f $ENV_FILE ]] || init_network
	require_network
	[[ -x $SESSIOND ]] || die "no binary at $SESSIOND (make build, or set SESSIOND)"
	local i pid h
	local -a started=()
	for ((i = 0; i < VALIDATORS; i++)); do
		if pid=$(running_pid "$i"); then
			echo "localnet: validator $i is already running (pid $pid)"
		else
			started+=("$i")
		fi
	done
	check_ports "${started[@]}"
	for i in "${started[@]}"; do
		spawn "$i"
	done
	if ((${#started[@]})); then
		echo "localnet: started validators ${started[*]}; waiting up to ${START_TIMEOUT}s for blocks"
	fi

	# Blocks are produced once every validator's RPC answers and all of them
	# are two blocks past the highest height first seen (a resumed network
	# reports its stored height before it makes new blocks).
	local deadline=$((SECONDS + START_TIMEOUT)) target="" min max ok
	while :; do
		ok=1 min="" max=0
		for ((i = 0; i < VALIDATORS; i++)); do
			if ! running_pid "$i" >/dev/null; then
				log_tail "$i"
				stop_validators TERM "${started[@]}" >&2
				die "validator $i is not running (log: $(log_file "$i"))"
			fi
			if h=$(height "$i"); then
				if ((h > max)); then max=$h; fi
				if [[ -z $min ]] || ((h < min)); then min=$h; fi
			else
				ok=0
			fi
		done
		if ((ok)); then
			[[ -n $target ]] || target=$((max + 2))
			((min >= target)) && break
		fi
		if ((SECONDS >= deadline)); then
			for ((i = 0; i < VALIDATORS; i++)); do log_tail "$i" 10; done
			stop_validators TERM "${started[@]}" >&2
			die "no blocks within ${START_TIMEOUT}s (heights: min ${min:-none}, max $max); stopped what this run started"
		fi
		sleep 0.5
	done
	echo "localnet: all $VALIDATORS validators at height >= $min"
	print_info
}

start_one() {
	local i=$1 pid deadline
	if pid=$(running_pid "$i"); then
		echo "localnet: validator $i is already running (pid $pid)"
		return 0
	fi
	check_ports "$i"
	spawn "$i"
	deadline=$((SECONDS + START_TIMEOUT))
	until height "$i" >/dev/null; do
		if ! running_pid "$i" >/dev/null; then
			log_tail "$i"
			die "validator $i exited (log: $(log_file "$i"))"
		fi
		if ((SECONDS >= deadline)); then
			log_tail "$i"
			stop_validators TERM "$i" >&2
			die "validator $i's RPC did not answer within ${START_TIMEOUT}s"
		fi
		sleep 0.2
	done
	echo "localnet: validator $i started (pid $(running_pid "$i"))"
}

status() {
	local i pid h
	printf '%-6s %-8s %-8s %s\n' validator pid height rpc
	for ((i = 0; i < VALIDATORS; i++)); do
		pid=$(running_pid "$i") || pid=stopped
		h=$(height "$i") || h=-
		printf '%-9s %-8s %-8s http://127.0.0.1:%s\n' "val$i" "$pid" "$h" "$(rpc_port "$i")"
	done
}

print_info() {
	# Paths inside the repository are shown relative to it.
	local i bin=${SESSIOND#"$PWD"/} home0
	[[ $bin == /* ]] || bin=./$bin
	home0=$(home_of 0)
	home0=${home0#"$PWD"/}
	echo
	echo "sessiond localnet '$CHAIN_ID': $VALIDATORS validators (home: $LOCALNET_HOME)"
	printf '  %-6s %-24s %-17s %-24s %-17s\n' "" "CometBFT RPC" gRPC REST P2P
	for ((i = 0; i < VALIDATORS; i++)); do
		printf '  %-6s %-24s %-17s %-24s %-17s\n' "val$i" \
			"http://127.0.0.1:$(rpc_port "$i")" "127.0.0.1:$(grpc_port "$i")" \
			"http://127.0.0.1:$(api_port "$i")" "127.0.0.1:$(p2p_port "$i")"
	done
	((PPROF)) && echo "  pprof: 127.0.0.1:<RPC port + 4>"
	echo "  CORS for browsers: REST and gRPC-web $API_CORS; CometBFT RPC origins: [${RPC_CORS_ORIGINS:-none}]"
	cat <<INFO
  logs: $LOG_DIR/val<i>.log   pids: $PID_DIR/val<i>.pid
  test keyring accounts (1,000,000 SESH each): val<i> in each validator's home; ${DEV_USERS[*]} in val0's
  development state as 'make run': 40,000,000 SESH pool, Session Nodes of ${DEV_NODE_OPERATORS[*]}, price feeders ${DEV_FEEDERS[*]}, payment processor bob

Try:
  $bin --home $home0 query staking validators
  $bin --home $home0 tx bank send alice \$($bin --home $home0 keys show bob -a) 1000000000nsesh --yes
  curl -s http://127.0.0.1:$(api_port 1)/cosmos/base/tendermint/v1beta1/blocks/latest
  scripts/localnet.sh status
  RPC_URL=http://127.0.0.1:$(rpc_port 0) REST_URL=http://127.0.0.1:$(api_port 0) CHAIN_ID=$CHAIN_ID scripts/portal.sh serve

Stop with 'make localnet-stop' (or scripts/localnet.sh stop); 'make localnet' resumes, 'make localnet-reset' deletes it.
INFO
}

# export_height FILE: the height the exported genesis FILE was taken at.
export_height() {
	local initial
	initial=$(sed -n 's/.*"initial_height": *"\{0,1\}\([0-9]*\)"\{0,1\}.*/\1/p' "$1" | head -n 1)
	[[ -n $initial ]] || die "no initial_height in $1"
	echo $((initial - 1))
}

# fork NEW_CHAIN_ID [GENESIS_TIME]: the hard fork of the README, on every
# validator of this network.
fork_network() {
	local new_id=${1:-} genesis_time=${2:-} old_id i h min="" dir
	[[ $new_id =~ ^[A-Za-z0-9._-]+$ ]] || die "fork: give the new chain id (letters, digits, '.', '_', '-')"
	require_network
	old_id=$CHAIN_ID
	[[ $new_id != "$old_id" ]] || die "fork: the new chain id must differ from '$old_id'"
	dir=$LOCALNET_HOME/fork/$old_id
	[[ ! -e $dir ]] || die "fork: $dir exists: this network already forked from '$old_id'"
	mapfile -t all < <(seq 0 $((VALIDATORS - 1)))
	stop_validators TERM "${all[@]}"
	mkdir -p "$dir"

	# Every validator's state at the last height all of them committed.
	for i in "${all[@]}"; do
		sd "$i" export --output-document "$dir/export-val$i.json" 2>>"$dir/export.log"
		h=$(export_height "$dir/export-val$i.json")
		[[ -z $min ]] || ((h >= min)) || min=$h
		[[ -n $min ]] || min=$h
	done
	for i in "${all[@]}"; do
		if (($(export_height "$dir/export-val$i.json") != min)); then
			sd "$i" export --height "$min" --output-document "$dir/export-val$i.json" 2>>"$dir/export.log"
		fi
		cmp -s "$dir/export-val0.json" "$dir/export-val$i.json" ||
			die "fork: validator $i's export at height $min differs from validator 0's ($dir)"
	done
	echo "localnet: every validator exported the same state at height $min ($(sha256sum <"$dir/export-val0.json" | cut -c1-16)…)"

	[[ -n $genesis_time ]] || genesis_time=$(date -u -d '+10 seconds' +%Y-%m-%dT%H:%M:%SZ)
	sd 0 genesis fork "$dir/export-val0.json" --chain-id "$new_id" --genesis-time "$genesis_time" \
		--output-document "$dir/genesis-$new_id.json"
	for i in "${all[@]}"; do
		mv "$(home_of "$i")/data" "$dir/val$i-data"
		mkdir -p "$(home_of "$i")/data"
		cp "$dir/val$i-data/priv_validator_state.json" "$(home_of "$i")/data/"
		sd "$i" comet unsafe-reset-all --keep-addr-book >>"$dir/export.log" 2>&1
		cp "$dir/genesis-$new_id.json" "$(home_of "$i")/config/genesis.json"
		sd "$i" config set chain-id "$new_id" >/dev/null
	done
	sed -i "s/^CHAIN_ID=.*/CHAIN_ID=$new_id/" "$ENV_FILE"
	echo "localnet: '$new_id' continues '$old_id' from height $((min + 1)) at $genesis_time; 'scripts/localnet.sh start' starts it"
}

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
	exit 2
}

case ${1:-} in
init) init_network ;;
start) start_all ;;
stop)
	if [[ -f $ENV_FILE ]]; then
		load_settings
		mapfile -t all < <(seq 0 $((VALIDATORS - 1)))
		stop_validators TERM "${all[@]}"
	else
		echo "localnet: $LOCALNET_HOME holds no network; nothing to stop"
	fi
	;;
reset)
	if [[ -f $ENV_FILE ]]; then
		load_settings
		mapfile -t all < <(seq 0 $((VALIDATORS - 1)))
		stop_validators TERM "${all[@]}"
	elif [[ -e $LOCALNET_HOME && ! -d $LOCALNET_HOME/val0 ]]; then
		# Only ever delete a directory that looks like ours.
		[[ -z $(ls -A "$LOCALNET_HOME") ]] || die "$LOCALNET_HOME does not look like a localnet home; not deleting it"
	fi
	rm -rf "$LOCALNET_HOME"
	echo "localnet: removed $LOCALNET_HOME"
	;;
status)
	require_network
	status
	;;
info)
	require_network
	print_info
	;;
fork)
	[[ -x $SESSIOND ]] || die "no binary at $SESSIOND (make build, or set SESSIOND)"
	fork_network "${2:-}" "${3:-}"
	;;
start-one | stop-one | kill-one)
	require_network
	check_index "${2:-}"
	case $1 in
	start-one)
		[[ -x $SESSIOND ]] || die "no binary at $SESSIOND (make build, or set SESSIOND)"
		start_one "$2"
		;;
	stop-one) stop_validators TERM "$2" ;;
	kill-one) stop_validators KILL "$2" ;;
	esac
	;;
*) usage ;;
esac
