package config

// Example is the commented configuration `session-relayer init-config` prints.
// Every key may also be given as a flag of the same name (--chain.grpc=...),
// which overrides the file.
const Example = `# session-relayer configuration (TOML).
# Every key can be overridden by a flag of the same name, e.g. --chain.grpc=127.0.0.1:9090.

[chain]
# gRPC endpoint of a sessiond node, host:port, plaintext. Required.
grpc = "127.0.0.1:9090"
# CometBFT RPC URL of the same node; optional. Used for the node's status
# (chain id, height, whether it is catching up).
rpc = "http://127.0.0.1:26657"
# Chain id; empty reads it from the node. Signatures and the EVM key proof cover it.
chain_id = ""
# Directory holding the keyring (the one that contains keyring-test/ or keyring-file/,
# as sessiond's --keyring-dir / --home).
keyring_dir = "~/.sessiond"
# test | file | os
keyring_backend = "os"
# Passphrase file of a "file" keyring (required with keyring_backend = "file").
keyring_password_file = ""
# The validator OPERATOR key: it signs the relayer's Cosmos transactions
# (its account address has the same bytes as the sessionvaloper1... address). Required.
key_name = "validator"
# Gas prices paid for the relayer's transactions.
gas_prices = "0nsesh"
# Simulated gas is multiplied by this.
gas_adjustment = 1.5
# How long to wait for a transaction to be included in a block.
tx_timeout = "30s"

[evm]
# JSON-RPC endpoint of an EVM node: http(s):// or ws(s)://. Required.
rpc = "http://127.0.0.1:8545"
# Bridge contract. Empty: the chain's bridge params (contract_address). If set and
# different from the chain's params, the relayer refuses to act.
contract = ""
# The validator's EVM key: a go-ethereum keystore JSON file (with password_file) or a
# file holding the private key in hex. It signs transfers and signer sets, proves
# itself to the chain once (MsgRegisterEvmKey), and pays the gas of withdraw and
# updateSignerSet transactions, so its address needs some ETH. Required.
key_file = "~/.session-relayer/evm.json"
password_file = "~/.session-relayer/evm.pass"
# A block is safe (deposits and executions in it count) once it is this many blocks
# below the head. Either this or finality = "finalized".
confirmations = 2
# finality = "finalized"   # use the chain's finalized block instead of a depth
# First block searched for Deposit logs: the contract's deployment block.
start_block = 0
# Largest block range of one eth_getLogs request.
log_range = 10000
# How long to wait for the receipt of a withdraw or updateSignerSet transaction.
tx_timeout = "2m"

[relayer]
# Pause between two rounds.
poll_interval = "1s"
# Bound of each step of a round (a step that runs over is cut off and retried next round).
step_timeout = "3m"
# Prometheus /metrics and /healthz; empty turns the server off.
metrics_listen = "127.0.0.1:9464"
# debug | info | warn | error
log_level = "info"
# json | text
log_format = "json"
`
