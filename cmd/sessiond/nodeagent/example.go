package nodeagent

// ExampleConfig is the configuration `sessiond node-agent init` writes: every
// key, with the defaults of the optional ones.
const ExampleConfig = `# sessiond node-agent: keeps one Session Node active. It sends the node's
# uptime proofs, tests the nodes its quorums assign it and votes.

[chain]
# The chain's id: proofs and votes sign it.
chain_id = "session-1"
# CometBFT RPC of a node of the chain (your own).
rpc = "tcp://127.0.0.1:26657"
# The key that signs and pays for the agent's transactions (proofs, votes):
# usually the operator's, in sessiond's keyring.
keyring_backend = "file"   # file, os or test
keyring_dir = "~/.sessiond"
keyring_password_file = "~/.sessiond/keyring-password"
from = "operator"
gas_prices = "0.025nsesh"
gas_adjustment = 1.5
tx_timeout = "1m0s"

[node]
# The node key file ('sessiond node-key generate') and the endpoint every
# proof registers: where Session clients and the node's testers reach it.
key_file = "~/.sessiond/nodes/node.key"
# After 'sessiond tx nodestaking rotate-node-key', key_file holds the new key
# and node_id the node's ID (its registration key, hex); empty: key_file's key.
node_id = ""
public_ip = "203.0.113.7"
storage_port = 22021
quic_port = 22020
node_version = "11.0.2"
storage_version = "2.8.0"

[agent]
# How often the agent reads the chain and probes the nodes it tests.
poll = "10s"
# Time after the last proof (block time) to send the next; "0s": the
# chain's uptime_proof_interval.
proof_interval = "0s"
# One reachability test (a TCP connection to the storage port).
probe_timeout = "5s"
# Failed probes in a row before the agent votes to decommission a node.
failures_to_vote = 3
# /metrics and /healthz; "" turns them off.
metrics = "127.0.0.1:9471"
log_level = "info"   # debug, info, warn, error
log_format = "json"  # json or text

# Registered IPs this agent reaches at another address (a private network).
[agent.address_map]
# "203.0.113.8" = "10.0.0.8"
`
