#!/usr/bin/env bash
# The genesis ceremony of a public network, run by its coordinator. The
# validators each make a gentx in their own home; the coordinator builds the
# genesis around them, checks that the nsesh supply equals the SESH locked in
# the bridge contract, and publishes the genesis and its hash. README.md,
# "Launching a public network", describes every step for both sides.
#
#   scripts/ceremony.sh init --chain-id ID --home DIR   sessiond init for the coordinator's home
#   scripts/ceremony.sh add-accounts FILE               fund the accounts of FILE: "address amount" lines
#                                                       (amount in nsesh, "123" or "123nsesh"; # comments)
#   scripts/ceremony.sh pool AMOUNT                     the Staking Reward Pool holds AMOUNT nsesh
#   scripts/ceremony.sh bridge EVM_CHAIN_ID CONTRACT    name the EVM chain and bridge contract
#   scripts/ceremony.sh collect DIR                     copy the validators' gentx JSON files from DIR,
#                                                       collect them into genesis, validate it
#   scripts/ceremony.sh check-lock EVM_RPC TOKEN [BRIDGE]
#                                                       the genesis nsesh supply must equal
#                                                       TOKEN.balanceOf(BRIDGE) on EVM_RPC; BRIDGE
#                                                       defaults to the genesis bridge contract
#   scripts/ceremony.sh finalize                        validate, print the genesis sha256 to publish
#
# Every command but init takes the home from --home DIR (anywhere on the line)
# or CEREMONY_HOME. Each can be run again: init keeps a home of the same chain
# id, add-accounts skips accounts already funded with the same amount, pool
# tops the pool up to AMOUNT, bridge and collect overwrite what they set.
#
# Environment:
#   SESSIOND       the binary [build/sessiond of this repository if built, else sessiond on PATH]
#   CEREMONY_HOME  the coordinator's home, when --home is not given
# Needs jq, bc and curl (check-lock).
set -euo pipefail

DENOM=nsesh
POOL_ACCOUNT=reward_pool
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

die() {
	echo "ceremony: $*" >&2
	exit 1
}

need() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || die "$tool is needed but not installed"
	done
}

if [[ -n ${SESSIOND:-} ]]; then
	:
elif [[ -x $REPO_ROOT/build/sessiond ]]; then
	SESSIOND=$REPO_ROOT/build/sessiond
else
	SESSIOND=sessiond
fi

# The options, wherever they are; the rest are the command and its arguments.
HOME_DIR=${CEREMONY_HOME:-}
CHAIN_ID=""
ARGS=()
while (($#)); do
	case $1 in
	--home)
		(($# >= 2)) || die "--home needs a directory"
		HOME_DIR=$2
		shift 2
		;;
	--home=*)
		HOME_DIR=${1#--home=}
		shift
		;;
	--chain-id)
		(($# >= 2)) || die "--chain-id needs a value"
		CHAIN_ID=$2
		shift 2
		;;
	--chain-id=*)
		CHAIN_ID=${1#--chain-id=}
		shift
		;;
	-h | --help | help)
		usage
		exit 0
		;;
	*)
		ARGS+=("$1")
		shift
		;;
	esac
done
set -- "${ARGS[@]+"${ARGS[@]}"}"

GENESIS=""
use_home() {
	[[ -n $HOME_DIR ]] || die "no home: pass --home DIR or set CEREMONY_HOME"
	GENESIS=$HOME_DIR/config/genesis.json
}

require_genesis() {
	use_home
	[[ -f $GENESIS ]] || die "no genesis at $GENESIS: run '$0 init --chain-id ID --home $HOME_DIR' first"
}

sd() {
	"$SESSIOND" --home "$HOME_DIR" "$@"
}

nargs() {
	local want=$1 cmd=$2
	shift 2
	(($# == want)) || die "$cmd: expected $want argument(s), got $# (see $0 --help)"
}

# nsesh AMOUNT: the amount as a whole number of nsesh, "123" or "123nsesh".
nsesh() {
	local a=${1%"$DENOM"}
	[[ $a =~ ^[0-9]+$ ]] || die "amount '$1' is not a whole number of $DENOM"
	# Without leading zeros, so amounts compare as strings.
	while [[ $a == 0?* ]]; do a=${a#0}; done
	echo "$a"
}

# big_sum: the sum of the whole numbers on stdin, one a line, exactly.
big_sum() {
	{
		echo 0
		cat
	} | paste -sd+ - | BC_LINE_LENGTH=0 bc
}

# pool_address: the reward pool module account's address in genesis, if any.
pool_address() {
	jq -r --arg name "$POOL_ACCOUNT" '.app_state.auth.accounts[]
		| select(.name? == $name or .base_account?.name? == $name)
		| (.base_account.address // .address)' "$GENESIS" | head -n1
}

# balance_of ADDRESS: its nsesh balance in genesis, 0 if none.
balance_of() {
	jq -r --arg a "$1" --arg d "$DENOM" '[.app_state.bank.balances[] | select(.address == $a)
		| .coins[] | select(.denom == $d) | .amount] | .[]' "$GENESIS" | big_sum
}

cmd_init() {
	nargs 0 init "$@"
	[[ -n $HOME_DIR ]] || die "init: --home DIR is required"
	[[ $CHAIN_ID =~ ^[A-Za-z0-9._-]+$ ]] || die "init: --chain-id ID is required (letters, digits, . _ -), got '$CHAIN_ID'"
	use_home
	if [[ -f $GENESIS ]]; then
		local have
		have=$(jq -r .chain_id "$GENESIS")
		[[ $have == "$CHAIN_ID" ]] || die "init: $GENESIS already exists for chain id '$have', not '$CHAIN_ID'"
		echo "ceremony: $HOME_DIR already initialised for $CHAIN_ID"
		return
	fi
	sd init coordinator --chain-id "$CHAIN_ID" --default-denom "$DENOM" >/dev/null 2>&1 ||
		die "init: sessiond init failed (run '$SESSIOND --home $HOME_DIR init coordinator --chain-id $CHAIN_ID' to see why)"
	echo "ceremony: initialised $HOME_DIR for chain id $CHAIN_ID; genesis at $GENESIS"
}

cmd_add_accounts() {
	nargs 1 add-accounts "$@"
	local file=$1 line addr amount extra have n=0 added=0
	require_genesis
	[[ -f $file ]] || die "add-accounts: no file $file"
	while IFS= read -r line || [[ -n $line ]]; do
		n=$((n + 1))
		line=${line%%#*}
		read -r addr amount extra <<<"$line" || true
		[[ -z ${addr:-} ]] && continue
		[[ -n ${amount:-} && -z ${extra:-} ]] || die "add-accounts: $file:$n: want 'address amount', got '$line'"
		[[ $addr =~ ^session1[0-9a-z]+$ ]] || die "add-accounts: $file:$n: '$addr' is not a session1... address"
		amount=$(nsesh "$amount")
		[[ $amount != 0 ]] || die "add-accounts: $file:$n: the amount must be positive"
		if jq -e --arg a "$addr" '.app_state.bank.balances[] | select(.address == $a)' "$GENESIS" >/dev/null ||
			jq -e --arg a "$addr" '.app_state.auth.accounts[] | select((.address // .base_account.address) == $a)' "$GENESIS" >/dev/null; then
			have=$(balance_of "$addr")
			[[ $have == "$amount" ]] || die "add-accounts: $file:$n: $addr is already in genesis with $have$DENOM, not $amount$DENOM"
			continue
		fi
		sd genesis add-genesis-account "$addr" "$amount$DENOM" >/dev/null ||
			die "add-accounts: $file:$n: add-genesis-account $addr failed"
		added=$((added + 1))
	done <"$file"
	echo "ceremony: $added account(s) added from $file"
}

cmd_pool() {
	nargs 1 pool "$@"
	local want have pool diff
	require_genesis
	want=$(nsesh "$1")
	[[ $want != 0 ]] || die "pool: the amount must be positive"
	pool=$(pool_address)
	have=0
	[[ -n $pool ]] && have=$(balance_of "$pool")
	if [[ $have == "$want" ]]; then
		echo "ceremony: the reward pool already holds $want$DENOM"
		return
	fi
	diff=$(echo "$want - $have" | BC_LINE_LENGTH=0 bc)
	[[ $diff != -* ]] || die "pool: the reward pool already holds $have$DENOM, more than $want$DENOM; start again from init"
	sd genesis add-pool-funds "$diff$DENOM" >/dev/null || die "pool: add-pool-funds failed"
	echo "ceremony: the reward pool holds $want$DENOM"
}

cmd_bridge() {
	nargs 2 bridge "$@"
	require_genesis
	[[ $1 =~ ^[1-9][0-9]*$ ]] || die "bridge: EVM chain id '$1' is not a positive integer"
	[[ $2 =~ ^0x[0-9a-fA-F]{40}$ ]] || die "bridge: contract '$2' is not a 0x address of 40 hex digits"
	sd genesis set-bridge "$1" "$2" || die "bridge: set-bridge failed"
	echo "ceremony: bridge contract $2 on EVM chain $1"
}

cmd_collect() {
	nargs 1 collect "$@"
	local dir=$1 gentx_dir files=()
	require_genesis
	[[ -d $dir ]] || die "collect: no directory $dir"
	shopt -s nullglob
	files=("$dir"/*.json)
	shopt -u nullglob
	((${#files[@]})) || die "collect: no gentx *.json files in $dir"
	gentx_dir=$HOME_DIR/config/gentx
	mkdir -p "$gentx_dir"
	local f
	for f in "${files[@]}"; do
		jq -e '.body.messages[0]["@type"] | endswith("MsgCreateValidator")' "$f" >/dev/null 2>&1 ||
			die "collect: $f is not a gentx (no MsgCreateValidator)"
		cp "$f" "$gentx_dir/"
	done
	sd genesis collect-gentxs --gentx-dir "$gentx_dir" >/dev/null 2>"$HOME_DIR/collect-gentxs.log" ||
		die "collect: collect-gentxs failed (is every validator's account funded, with the chain id $(jq -r .chain_id "$GENESIS")?):
$(tail -n 5 "$HOME_DIR/collect-gentxs.log")"
	sd genesis validate "$GENESIS" >/dev/null || die "collect: the genesis does not validate"
	echo "ceremony: collected $(find "$gentx_dir" -name '*.json' | wc -l) gentx(s); $GENESIS validates"
}

# genesis_supply: the nsesh supply in genesis: bank supply if set, else the
# sum of the balances.
genesis_supply() {
	local supply
	supply=$(jq -r --arg d "$DENOM" '.app_state.bank.supply[]? | select(.denom == $d) | .amount' "$GENESIS")
	if [[ -n $supply ]]; then
		echo "$supply"
	else
		jq -r --arg d "$DENOM" '.app_state.bank.balances[].coins[] | select(.denom == $d) | .amount' "$GENESIS" | big_sum
	fi
}

cmd_check_lock() {
	(($# == 2 || $# == 3)) || die "check-lock: expected EVM_RPC TOKEN [BRIDGE] (see $0 --help)"
	need curl jq bc
	local rpc=$1 token=$2 bridge=${3:-} supply data reply result locked
	require_genesis
	if [[ -z $bridge ]]; then
		bridge=$(jq -r '.app_state.bridge.params.contract_address // ""' "$GENESIS")
		[[ -n $bridge ]] || die "check-lock: no bridge contract in genesis: run '$0 bridge ...' or name BRIDGE"
	fi
	[[ $token =~ ^0x[0-9a-fA-F]{40}$ ]] || die "check-lock: token '$token' is not a 0x address of 40 hex digits"
	[[ $bridge =~ ^0x[0-9a-fA-F]{40}$ ]] || die "check-lock: bridge '$bridge' is not a 0x address of 40 hex digits"
	supply=$(genesis_supply)
	# balanceOf(address): selector 0x70a08231, the address left-padded to 32 bytes.
	data=0x70a08231$(printf '%024d' 0)${bridge#0x}
	reply=$(curl -sS --max-time 30 -H 'Content-Type: application/json' -X POST "$rpc" \
		--data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"to\":\"$token\",\"data\":\"$data\"},\"latest\"]}") ||
		die "check-lock: cannot reach $rpc"
	if jq -e '.error' <<<"$reply" >/dev/null 2>&1; then
		die "check-lock: eth_call failed: $(jq -c .error <<<"$reply")"
	fi
	result=$(jq -r '.result // ""' <<<"$reply" 2>/dev/null) || die "check-lock: not a JSON-RPC answer from $rpc: $reply"
	[[ $result =~ ^0x[0-9a-fA-F]{1,64}$ ]] ||
		die "check-lock: balanceOf returned '$result': is $token an ERC-20 on this chain?"
	result=${result#0x}
	locked=$(echo "ibase=16; ${result^^}" | BC_LINE_LENGTH=0 bc)
	echo "genesis supply: $supply $DENOM"
	echo "locked:         $locked (token $token, held by $bridge)"
	if [[ $supply != "$locked" ]]; then
		die "check-lock: MISMATCH: the genesis supply $supply$DENOM differs from the $locked locked in $bridge by $(echo "$supply - $locked" | BC_LINE_LENGTH=0 bc)"
	fi
	echo "ceremony: the genesis supply equals the locked amount"
}

cmd_finalize() {
	nargs 0 finalize "$@"
	need sha256sum
	require_genesis
	sd genesis validate "$GENESIS" >/dev/null || die "finalize: the genesis does not validate"
	local gentxs
	gentxs=$(jq '.app_state.genutil.gen_txs | length' "$GENESIS")
	((gentxs > 0)) || die "finalize: the genesis has no gentxs: run '$0 collect DIR' first"
	echo "chain id:   $(jq -r .chain_id "$GENESIS")"
	echo "validators: $gentxs"
	echo "supply:     $(genesis_supply) $DENOM"
	echo "genesis:    $GENESIS"
	echo "sha256:     $(sha256sum "$GENESIS" | cut -d' ' -f1)"
}

(($#)) || {
	usage >&2
	exit 2
}
command=$1
shift
need jq bc
command -v "$SESSIOND" >/dev/null || die "sessiond binary '$SESSIOND' not found (build it, or set SESSIOND)"
case $command in
init) cmd_init "$@" ;;
add-accounts) cmd_add_accounts "$@" ;;
pool) cmd_pool "$@" ;;
bridge) cmd_bridge "$@" ;;
collect) cmd_collect "$@" ;;
check-lock) cmd_check_lock "$@" ;;
finalize) cmd_finalize "$@" ;;
*)
	echo "ceremony: unknown command '$command'" >&2
	usage >&2
	exit 2
	;;
esac
