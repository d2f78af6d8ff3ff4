# shellcheck shell=bash disable=SC2034 # the constants are for the scripts that source this file
# The development genesis shared by scripts/devnet.sh (one validator) and
# scripts/localnet.sh (several): sourced, not run.
#
# Every function takes the sessiond binary and the home whose genesis.json it
# edits; keys are looked up in that home's test keyring.

# nsesh per SESH.
SESH=1000000000
# The Staking Reward Pool at genesis: 40,000,000 SESH.
DEV_POOL=$((40000000 * SESH))
# What each test keyring account gets at genesis: 1,000,000 SESH.
DEV_ACCOUNT_FUNDS=$((1000000 * SESH))
# What each validator bonds in its gentx: 100,000 SESH.
DEV_VALIDATOR_STAKE=$((100000 * SESH))
# The test keyring accounts funded at genesis, besides the validators.
DEV_USERS=(alice bob carol)
# Each runs one sample Session Node, active from genesis.
DEV_NODE_OPERATORS=(alice bob carol)
# The SESH/USD price feeders: delegate keys, not validator operator keys,
# as session-pricefeeder signs with. Three, the default min_feeders.
DEV_FEEDERS=(feeder1 feeder2 feeder3)
# What each feeder gets at genesis, for its transactions' fees: 1,000 SESH.
DEV_FEEDER_FUNDS=$((1000 * SESH))

# genesis_add_test_accounts BIN HOME NAME...: create each key in HOME's test
# keyring and fund it with DEV_ACCOUNT_FUNDS.
genesis_add_test_accounts() {
	local bin=$1 home=$2 name
	shift 2
	for name in "$@"; do
		"$bin" --home "$home" keys add "$name" --keyring-backend test >/dev/null 2>&1
		"$bin" --home "$home" genesis add-genesis-account "$name" "${DEV_ACCOUNT_FUNDS}nsesh" --keyring-backend test
	done
}

# genesis_add_dev_state BIN HOME PRICE: the reward pool, one sample Session
# Node per DEV_NODE_OPERATORS (keys kept in HOME/nodes), the DEV_FEEDERS as
# the SESH/USD price feeders (keys added to HOME's test keyring, funded with
# DEV_FEEDER_FUNDS), each with PRICE at genesis so that a healthy price is in
# force from the first block, bob as a payment processor. The operators must
# already be funded (genesis_add_test_accounts).
genesis_add_dev_state() {
	local bin=$1 home=$2 price=$3
	"$bin" --home "$home" genesis add-pool-funds "${DEV_POOL}nsesh" >/dev/null
	# Sample Session Nodes, fully staked and active from genesis, so rewards
	# flow from the first block. Their keys stay in the home for experiments.
	mkdir -p "$home/nodes"
	local fee=500 operator key
	for operator in "${DEV_NODE_OPERATORS[@]}"; do
		key=$home/nodes/$operator.key
		"$bin" node-key generate "$key" >/dev/null
		"$bin" --home "$home" genesis add-node "$("$bin" node-key show "$key")" "$operator" --fee-bps "$fee" --keyring-backend test >/dev/null
		fee=$((fee + 500))
	done
	# Session Pro: three feeders give the SESH/USD price (in force from
	# genesis), bob records payments made elsewhere.
	local feeder
	for feeder in "${DEV_FEEDERS[@]}"; do
		"$bin" --home "$home" keys add "$feeder" --keyring-backend test >/dev/null 2>&1
		"$bin" --home "$home" genesis add-genesis-account "$feeder" "${DEV_FEEDER_FUNDS}nsesh" --keyring-backend test
		"$bin" --home "$home" genesis add-price-feeder "$feeder" --price "$price" --keyring-backend test
	done
	"$bin" --home "$home" genesis add-payment-processor bob --keyring-backend test
	# A Session Pro proof issuer's key (session-pro-issuer pubkey <key file>),
	# when one is named.
	if [[ -n ${PRO_ISSUER_KEY:-} ]]; then
		"$bin" --home "$home" genesis add-issuer-key "$PRO_ISSUER_KEY" --description "development issuer" >/dev/null
	fi
	# The bridge, when a contract is named (BRIDGE_CONTRACT, on EVM chain
	# BRIDGE_EVM_CHAIN_ID, 1337 = geth --dev); without one it moves nothing.
	if [[ -n ${BRIDGE_CONTRACT:-} ]]; then
		"$bin" --home "$home" genesis set-bridge "${BRIDGE_EVM_CHAIN_ID:-1337}" "$BRIDGE_CONTRACT"
	fi
}

# genesis_set_dev_params GENESIS_FILE: governance that a developer can watch
# finish, a genesis price that stays fresh for 30 days (MAX_PRICE_AGE; the
# feeders' sources may be up to MAX_SOURCE_DELAY old, 30 minutes by
# default, when they submit), and sample Session
# Nodes that stay active for 30 days without anyone sending uptime proofs
# (UPTIME_PROOF_TIMEOUT; UPTIME_PROOF_INTERVAL is how often a node proves,
# and a proof sooner than half of it after the last is refused;
# HALT_THRESHOLD, below the timeout or 0s for off, is the gap between blocks
# counted as a halt; QUORUM_SIZE and QUORUM_THRESHOLD let a devnet of a few
# nodes vote; TESTING_PERIOD is the length of a quorum testing period).
genesis_set_dev_params() {
	sed -i -e 's/"voting_period": "[0-9]*s"/"voting_period": "60s"/' \
		-e 's/"expedited_voting_period": "[0-9]*s"/"expedited_voting_period": "30s"/' \
		-e 's/"max_deposit_period": "[0-9]*s"/"max_deposit_period": "60s"/' \
		-e "s/\"max_price_age\": \"[0-9]*s\"/\"max_price_age\": \"${MAX_PRICE_AGE:-2592000s}\"/" \
		-e "s/\"max_source_delay\": \"[0-9]*s\"/\"max_source_delay\": \"${MAX_SOURCE_DELAY:-1800s}\"/" \
		-e "s/\"uptime_proof_timeout\": \"[0-9]*s\"/\"uptime_proof_timeout\": \"${UPTIME_PROOF_TIMEOUT:-2592000s}\"/" \
		-e "s/\"uptime_proof_interval\": \"[0-9]*s\"/\"uptime_proof_interval\": \"${UPTIME_PROOF_INTERVAL:-3600s}\"/" \
		-e "s/\"halt_threshold\": \"[0-9]*s\"/\"halt_threshold\": \"${HALT_THRESHOLD:-600s}\"/" \
		-e "s/\"quorum_size\": [0-9]*/\"quorum_size\": ${QUORUM_SIZE:-10}/" \
		-e "s/\"quorum_threshold\": [0-9]*/\"quorum_threshold\": ${QUORUM_THRESHOLD:-7}/" \
		-e "s/\"testing_period\": \"[0-9]*s\"/\"testing_period\": \"${TESTING_PERIOD:-3600s}\"/" "$1"
	# Session Pro's grace period (PRO_GRACE_PERIOD, e.g. "0s"), and a short
	# plan 9 of PRO_TEST_PLAN_SECONDS for trying expiries (its minimum
	# receipt is 1 SESH).
	if [[ -n ${PRO_GRACE_PERIOD:-} ]]; then
		sed -i -e "s/\"grace_period\": \"[0-9]*s\"/\"grace_period\": \"$PRO_GRACE_PERIOD\"/" "$1"
	fi
	# Bridge params to override (BRIDGE_PARAMS, a JSON object merged into
	# the genesis bridge params, e.g. '{"batch_wait_blocks":"1"}').
	if [[ -n ${BRIDGE_PARAMS:-} ]]; then
		local btmp
		btmp=$(mktemp)
		jq --argjson p "$BRIDGE_PARAMS" '.app_state.bridge.params += $p' "$1" >"$btmp"
		mv "$btmp" "$1"
	fi
	if [[ -n ${PRO_TEST_PLAN_SECONDS:-} ]]; then
		local tmp
		tmp=$(mktemp)
		jq --arg d "${PRO_TEST_PLAN_SECONDS}s" '.app_state.pro.params.plans += [{"id": 9, "name": "test plan", "duration": $d, "price_usd": "1000000", "min_receipt_amount": "1000000000"}]' "$1" >"$tmp"
		mv "$tmp" "$1"
	fi
}
