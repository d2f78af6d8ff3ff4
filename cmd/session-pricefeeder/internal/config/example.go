package config

// Example is a commented configuration, printed by `session-pricefeeder
// init-config`: a direct SESH/USDC pool, a path through WETH and an HTTP
// ticker quoted in USDT with its conversion to USD.
const Example = `# session-pricefeeder configuration. Durations are Go durations ("30s", "5m").

[chain]
grpc = "127.0.0.1:9090"                 # sessiond gRPC, plaintext
# chain_id = "sessiond-1"               # default: read from the node
keyring_dir = "~/.sessiond"
keyring_backend = "os"                  # test, file or os
# keyring_password_file = "/etc/session-pricefeeder/keyring.pw"   # with "file"
key_name = "pricefeeder"                # a delegate key named in x/pro's feeders, never a validator operator key
gas_prices = "0nsesh"
gas_adjustment = 1.5
tx_timeout = "30s"

[evm]
rpc = "https://ethereum-rpc.example.org"
finality = "finalized"                  # or "latest" with confirmations = N (devnets)

# A direct pool: SESH then the USD stablecoin.
[[uniswap]]
name = "sesh-usdc"
tokens = ["0x10Ea9E5303670331Bdddfa66A4cEA47dae4fcF3b", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"]
pools = ["0x0000000000000000000000000000000000000001"]
window = "30m"                          # observe([1800, 0]): the geometric mean over 30 minutes
min_cardinality = 150                   # refuse a pool keeping fewer observations
min_liquidity = "1000000000000"         # refuse thinner in-range liquidity (now or over the window)

# Through WETH: SESH/WETH then WETH/USDC.
[[uniswap]]
name = "sesh-weth-usdc"
tokens = ["0x10Ea9E5303670331Bdddfa66A4cEA47dae4fcF3b", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"]
pools = ["0x0000000000000000000000000000000000000002", "0x88e6A0c2dDD26FEEb64F039a2c41296FcB3f5640"]
window = "30m"

# An exchange's ticker quoted in USDT, converted to USD.
[[http]]
name = "exchange-sesh-usdt"
url = "https://api.exchange.example/v1/ticker?symbol=SESH_USDT"
price_path = "data.last"
time_path = "data.time"                 # optional: the ticker's own time (Unix s or ms, or RFC 3339)
max_age = "5m"
timeout = "10s"
[http.convert]
url = "https://api.exchange.example/v1/ticker?symbol=USDT_USD"
price_path = "data.last"
invert = false

[feeder]
poll_interval = "30s"
period = "5m"                           # submit at least this often...
move_threshold_bps = 50                 # ...and when the median moved 0.5%
min_sources = 2                         # healthy sources a price needs
max_spread_bps = 500                    # refuse when they disagree by more than 5%
metrics_listen = "127.0.0.1:9465"       # /metrics and /healthz; empty: off
log_level = "info"
log_format = "json"
`
