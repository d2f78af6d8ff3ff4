// Package config loads and validates session-relayer's configuration: one
// TOML file whose keys flags may override.
package config

import (
	"fmt"
	"net"
	"os"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
)

// FinalityFinalized makes the relayer read deposits and executions at the
// EVM chain's "finalized" block instead of a confirmation depth.
const FinalityFinalized = "finalized"

// Defaults of the optional keys.
const (
	DefaultKeyringDir     = "~/.sessiond"
	DefaultKeyringBackend = "os"
	DefaultGasPrices      = "0nsesh"
	DefaultGasAdjustment  = 1.5
	DefaultChainTxTimeout = 30 * time.Second
	DefaultSubmitDelay    = 30 * time.Second
	DefaultLogRange       = 10_000
	DefaultEvmTxTimeout   = 2 * time.Minute
	DefaultPollInterval   = time.Second
	DefaultStepTimeout    = 3 * time.Minute
	DefaultLogLevel       = "info"
	DefaultLogFormat      = "json"
)

// MinConfirmations is the least confirmation depth the relayer takes on a
// chain that is not a development chain: below it a reorg can take back a
// deposit the validators attested (Ethereum finalizes after about 64 to 95
// blocks; Polygon PoS has reorged more than 100). The default is the
// finalized block instead.
const MinConfirmations = 64

// Config is the whole configuration file.
type Config struct {
	Chain   Chain   `toml:"chain"`
	EVM     EVM     `toml:"evm"`
	Relayer Relayer `toml:"relayer"`
}

// Chain is how the relayer reaches the Cosmos chain and signs its transactions.
type Chain struct {
	// GRPC is the node's gRPC endpoint, host:port. Plaintext only to a
	// loopback address; any other host needs GRPCTLS.
	GRPC string `toml:"grpc"`
	// GRPCTLS dials the node's gRPC endpoint over TLS.
	GRPCTLS bool `toml:"grpc_tls"`
	// GRPCCAFile is a PEM file of the CAs the node's certificate is checked
	// against; empty uses the system's.
	GRPCCAFile string `toml:"grpc_ca_file"`
	// RPC is the CometBFT RPC URL; optional, used for the node's status.
	RPC string `toml:"rpc"`
	// ChainID is the Cosmos chain id; empty reads it from the node.
	ChainID string `toml:"chain_id"`
	// KeyringDir holds the keyring (the directory that contains keyring-test/ or keyring-file/).
	KeyringDir string `toml:"keyring_dir"`
	// KeyringBackend is test, file or os.
	KeyringBackend string `toml:"keyring_backend"`
	// KeyringPasswordFile holds the passphrase of a file keyring.
	KeyringPasswordFile string `toml:"keyring_password_file"`
	// KeyName is the key of the validator's delegate account in the keyring:
	// it signs the relayer's transactions. Never the operator key.
	KeyName string `toml:"key_name"`
	// Validator is the validator's operator address (sessionvaloper1...).
	Validator string `toml:"validator"`
	// GasPrices are the gas prices the relayer pays, e.g. "0nsesh".
	GasPrices string `toml:"gas_prices"`
	// GasAdjustment multiplies the simulated gas.
	GasAdjustment float64 `toml:"gas_adjustment"`
	// TxTimeout bounds the wait for a transaction to be included in a block.
	TxTimeout Duration `toml:"tx_timeout"`
}

// EVM is how the relayer reaches the EVM chain and the bridge contract.
type EVM struct {
	// RPC is the EVM JSON-RPC endpoint (http, https, ws or wss).
	RPC string `toml:"rpc"`
	// Contract is the bridge contract; empty takes the chain's bridge params.
	Contract string `toml:"contract"`
	// KeyFile is the validator's EVM signing key: a keystore JSON file or a hex private key.
	KeyFile string `toml:"key_file"`
	// PasswordFile holds the keystore's password.
	PasswordFile string `toml:"password_file"`
	// PreviousKeyFile is the key the validator rotated away from, kept until
	// the contract holds a signer set without it; empty if none.
	PreviousKeyFile string `toml:"previous_key_file"`
	// PreviousPasswordFile holds the previous keystore's password.
	PreviousPasswordFile string `toml:"previous_password_file"`
	// GasKeyFile is the wallet that pays the relayer's EVM transactions and
	// is paid the fees of the batches it submits; empty: the signing key.
	GasKeyFile string `toml:"gas_key_file"`
	// GasPasswordFile holds the gas keystore's password.
	GasPasswordFile string `toml:"gas_password_file"`
	// Confirmations is how many blocks below the head a block must be to
	// count as safe, instead of the finalized block; at least
	// MinConfirmations unless DevChain.
	Confirmations *uint64 `toml:"confirmations"`
	// Finality is "finalized" (the default): the chain's finalized block is the safe block.
	Finality string `toml:"finality"`
	// DevChain allows a confirmation depth below MinConfirmations, for
	// development chains that finalize nothing (geth --dev).
	DevChain bool `toml:"dev_chain"`
	// StartBlock is the first block searched for deposits (the contract's deployment block).
	StartBlock uint64 `toml:"start_block"`
	// LogRange is the largest block range of one eth_getLogs request.
	LogRange uint64 `toml:"log_range"`
	// TxTimeout bounds the wait for an EVM transaction's receipt.
	TxTimeout Duration `toml:"tx_timeout"`
}

// Relayer is the loop, logging and metrics.
type Relayer struct {
	// PollInterval is the pause between two rounds.
	PollInterval Duration `toml:"poll_interval"`
	// StepTimeout bounds each step of a round.
	StepTimeout Duration `toml:"step_timeout"`
	// SubmitDelay is how long a relayer waits per place in a batch's
	// submission order before it submits the batch itself: the relayer
	// elected for the batch submits at once, the next one after this delay
	// if the batch is still unpaid, and so on.
	SubmitDelay Duration `toml:"submit_delay"`
	// MetricsListen is the address of the /metrics and /healthz server; empty turns it off.
	MetricsListen string `toml:"metrics_listen"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `toml:"log_level"`
	// LogFormat is json or text.
	LogFormat string `toml:"log_format"`
}

// Duration is a time.Duration written as a Go duration string ("1s", "500ms").
type Duration = daemon.Duration

// Purpose says what a configuration is loaded for: deploying needs neither
// the validator's keys nor the loop's settings.
type Purpose int

const (
	// ForRelaying is `session-relayer start`: every required key must be set.
	ForRelaying Purpose = iota
	// ForDeploy is `session-relayer deploy`: the endpoints are enough.
	ForDeploy
)

// Load reads path, applies the overrides (key → value, as flags give them),
// fills in the defaults and validates the result for purpose. Unknown keys
// are errors, so a misspelt key does not silently keep its default.
func Load(path string, overrides map[string]string, purpose Purpose) (*Config, error) {
	bz, err := os.ReadFile(path) // #nosec G304 -- the operator names the config file
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	cfg, err := Parse(bz)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if err := daemon.ApplyOverrides(overrides, cfg.Set); err != nil {
		return nil, err
	}
	cfg.ApplyDefaults()
	if err := cfg.validate(purpose); err != nil {
		return nil, fmt.Errorf("config %s:\n%w", path, err)
	}
	return cfg, nil
}

// Parse decodes a configuration file. It neither applies the defaults nor
// validates: Load does both after the overrides.
func Parse(bz []byte) (*Config, error) {
	cfg := &Config{}
	if err := daemon.DecodeTOML(bz, cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// ApplyDefaults fills in every optional key left empty.
func (c *Config) ApplyDefaults() {
	if c.Chain.KeyringDir == "" {
		c.Chain.KeyringDir = DefaultKeyringDir
	}
	if c.Chain.KeyringBackend == "" {
		c.Chain.KeyringBackend = DefaultKeyringBackend
	}
	if c.Chain.GasPrices == "" {
		c.Chain.GasPrices = DefaultGasPrices
	}
	if c.Chain.GasAdjustment == 0 {
		c.Chain.GasAdjustment = DefaultGasAdjustment
	}
	if c.Chain.TxTimeout.Duration == 0 {
		c.Chain.TxTimeout.Duration = DefaultChainTxTimeout
	}
	if c.EVM.Confirmations == nil && c.EVM.Finality == "" {
		c.EVM.Finality = FinalityFinalized
	}
	if c.EVM.LogRange == 0 {
		c.EVM.LogRange = DefaultLogRange
	}
	if c.EVM.TxTimeout.Duration == 0 {
		c.EVM.TxTimeout.Duration = DefaultEvmTxTimeout
	}
	if c.Relayer.PollInterval.Duration == 0 {
		c.Relayer.PollInterval.Duration = DefaultPollInterval
	}
	if c.Relayer.StepTimeout.Duration == 0 {
		c.Relayer.StepTimeout.Duration = DefaultStepTimeout
	}
	if c.Relayer.SubmitDelay.Duration == 0 {
		c.Relayer.SubmitDelay.Duration = DefaultSubmitDelay
	}
	if c.Relayer.LogLevel == "" {
		c.Relayer.LogLevel = DefaultLogLevel
	}
	if c.Relayer.LogFormat == "" {
		c.Relayer.LogFormat = DefaultLogFormat
	}
}

// IsLoopback reports whether host (a name or an IP) is this machine.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SafeByFinalized reports whether the safe block is the finalized block.
func (c *Config) SafeByFinalized() bool { return c.EVM.Finality == FinalityFinalized }

// ConfirmationDepth is the confirmation depth (0 with evm.finality = "finalized").
func (c *Config) ConfirmationDepth() uint64 {
	if c.EVM.Confirmations == nil {
		return 0
	}
	return *c.EVM.Confirmations
}
