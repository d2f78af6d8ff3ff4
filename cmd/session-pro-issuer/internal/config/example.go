package config

// Example is a commented configuration (session-pro-issuer init-config).
const Example = `# session-pro-issuer: Session Pro proofs from the Session Token chain's state.
# Every key is also a flag of the same name (--chain.rpc=..., --issuer.log_level=debug).

[chain]
# The chain the light client follows.
chain_id = "sessiond-devnet"
# CometBFT RPC of the node queried for state (and the light client's primary).
rpc = "http://127.0.0.1:26657"
# Other nodes the light client cross-checks headers with (at least one).
witnesses = ["http://127.0.0.1:26657"]
# "light": headers verified by CometBFT's light client, values by their Merkle proofs.
# "local-node-unsafe": trust the node's headers (development only).
trust_mode = "light"
# A header you trust, from a source you trust: the first start verifies from it.
#   sessiond query block --type=height 1 -o json | jq -r .header_hash   (or /commit?height=1)
trust_height = 1
trust_hash = "0000000000000000000000000000000000000000000000000000000000000000"
# How long a verified header may vouch for the next (well under the unbonding period).
trusting_period = "168h"
# Refuse to answer from state older than this.
max_state_age = "1m"
# One verified header serves the requests of this long.
snapshot_ttl = "1s"

[issuer]
# Holds the light client's verified headers (home/light).
home = "~/.session-pro-issuer"
# The Ed25519 signing key (session-pro-issuer keygen --out issuer.key; chmod 600).
# Governance must register its public key (sessiond tx pro register-issuer-key-proposal).
key_file = "~/.session-pro-issuer/issuer.key"
# The Pro API: POST /generate_pro_proof, /get_pro_status, /get_pro_revocations; GET /status.
listen = "127.0.0.1:8547"
# How far a request's timestamp may be from the issuer's clock.
request_tolerance = "70s"
# Proofs one account may be issued per rate_window (0: no cap).
proofs_per_window = 50
rate_window = "168h"
max_tracked_accounts = 1000000
# The revocation list's recommended poll interval (retry_in).
retry_in = "24h"
max_request_bytes = 4096
# /metrics and /healthz; empty turns them off.
metrics_listen = "127.0.0.1:9465"
log_level = "info"
log_format = "json"
`
