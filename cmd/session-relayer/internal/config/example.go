package config

// Example is the commented configuration `session-relayer init-config` prints.
// Every key may also be given as a flag of the same name (--chain.grpc=...),
// which overrides the file.
const Example = `# session-relayer configuration (TOML).
# Every key can be overridden by a flag of the same name, e.g. --chain.grpc=127.0.0.1:9090.

[chain]
# gRPC endpoint of a sessiond node, host:port. Required. Plaintext only to a loopback
# address: the relayer signs what the node lists, so a node elsewhere needs TLS.
grpc = "127.0.0.1:9090"
# Dial the node's gRPC over TLS (required for a non-loopback host).
grpc_tls = false
# PEM file of the CAs that sign the node's certificate; empty: the system's.
grpc_ca_file = ""
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
# The key of the validator's DELEGATE account, which the operator registered with
# sessiond tx bridge register-evm-key --delegate: it signs the relayer's Cosmos
# transactions. Never the operator key, which controls the stake. Required.
key_name = "bridge-delegate"
# The validator the relayer works for (sessionvaloper1...). Required.
validator = "sessionvaloper1..."
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
# The validator's EVM signing key: a go-ethereum keystore JSON file (with password_file)
# or a file holding the private key in hex, mode 0600. It signs batches, signer sets
# and admin operations; the operator registers its address. Required.
key_file = "~/.session-relayer/evm.json"
password_file = "~/.session-relayer/evm.pass"
# After a key rotation: the previous key, until the contract holds a signer set
# without it (sessiond q bridge evm-keys lists it as retired until then).
previous_key_file = ""
previous_password_file = ""
# The wallet that pays the gas of submitBatch, updateSignerSet and admin transactions,
# and receives the fees of the batches it submits. Empty: the signing key.
gas_key_file = ""
gas_password_file = ""
# The safe block (deposits, executions and the contract's state in it count) is the
# chain's finalized block ...
finality = "finalized"
# ... or, instead, the block this many below the head (at least 64, unless dev_chain).
# confirmations = 64
# A development chain that finalizes nothing (geth --dev): allows any depth.
dev_chain = false
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
# Each batch has a submission order of the validators; a relayer submits after this
# delay times its place in it (the first at once), if the batch is still unpaid.
submit_delay = "30s"
# Prometheus /metrics and /healthz; empty turns the server off.
metrics_listen = "127.0.0.1:9464"
# debug | info | warn | error
log_level = "info"
# json | text
log_format = "json"
`
