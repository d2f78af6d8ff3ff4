package nodeagent

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/cosmos/cosmos-sdk/crypto/keyring"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Config is the node agent's configuration file.
type Config struct {
	Chain ChainConfig `toml:"chain"`
	Node  NodeConfig  `toml:"node"`
	Agent AgentConfig `toml:"agent"`
}

// ChainConfig is the chain the agent talks to and the account that pays its fees.
type ChainConfig struct {
	// ChainID is the chain's id; proofs and votes sign it.
	ChainID string `toml:"chain_id"`
	// RPC is a CometBFT RPC address of a node of the chain (the operator's own).
	RPC string `toml:"rpc"`
	// KeyringBackend is test, file or os.
	KeyringBackend string `toml:"keyring_backend"`
	// KeyringDir is the directory of the keyring (sessiond's --home).
	KeyringDir string `toml:"keyring_dir"`
	// KeyringPasswordFile holds the file keyring's passphrase.
	KeyringPasswordFile string `toml:"keyring_password_file"`
	// From is the key that signs and pays for the agent's transactions.
	From string `toml:"from"`
	// GasPrices pays the fees ("0.025nsesh").
	GasPrices string `toml:"gas_prices"`
	// GasAdjustment multiplies the simulated gas.
	GasAdjustment float64 `toml:"gas_adjustment"`
	// TxTimeout bounds the wait for a transaction to be in a block.
	TxTimeout daemon.Duration `toml:"tx_timeout"`
}

// NodeConfig is the Session Node the agent keeps active: its key and the
// endpoint its proofs register.
type NodeConfig struct {
	// KeyFile is the node key file (hex Ed25519 seed): the key the node
	// signs its proofs and votes with.
	KeyFile string `toml:"key_file"`
	// NodeID is the node's ID (its registration key, hex) when it differs
	// from the key in KeyFile, after a key rotation (MsgRotateNodeKey);
	// empty: the key's own public key.
	NodeID string `toml:"node_id"`
	// PublicIP is the address the node serves on.
	PublicIP string `toml:"public_ip"`
	// StoragePort is the TCP port of its storage server.
	StoragePort uint32 `toml:"storage_port"`
	// QuicPort is the UDP port of its QUIC listener.
	QuicPort uint32 `toml:"quic_port"`
	// NodeVersion is the version of the node software.
	NodeVersion string `toml:"node_version"`
	// StorageVersion is the version of the storage server.
	StorageVersion string `toml:"storage_version"`
}

// AgentConfig is how the agent works.
type AgentConfig struct {
	// Poll is how often it reads the chain and probes its tested nodes.
	Poll daemon.Duration `toml:"poll"`
	// ProofInterval is how long after the last proof it sends the next
	// (by block time); 0: the chain's uptime_proof_interval.
	ProofInterval daemon.Duration `toml:"proof_interval"`
	// ProbeTimeout bounds one reachability test.
	ProbeTimeout daemon.Duration `toml:"probe_timeout"`
	// FailuresToVote is how many failed probes in a row make the agent vote
	// to decommission a node it tests.
	FailuresToVote int `toml:"failures_to_vote"`
	// AddressMap maps a registered public IP to the address this agent
	// reaches it at (a private network, a NAT hairpin); others are dialed as
	// registered.
	AddressMap map[string]string `toml:"address_map"`
	// Metrics is the listen address of /metrics and /healthz; empty: off.
	Metrics string `toml:"metrics"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `toml:"log_level"`
	// LogFormat is json or text.
	LogFormat string `toml:"log_format"`
}

// Defaults of the optional keys.
const (
	DefaultPoll           = 10 * time.Second
	DefaultProbeTimeout   = 5 * time.Second
	DefaultFailuresToVote = 3
	DefaultGasAdjustment  = 1.5
	DefaultTxTimeout      = time.Minute
	DefaultKeyringBackend = keyring.BackendFile
)

// LoadConfig reads, completes and validates a configuration file. Unknown
// keys are errors.
func LoadConfig(path string) (*Config, error) {
	bz, err := os.ReadFile(path) // #nosec G304 -- the operator names the config file
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	var cfg Config
	dec := toml.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			return nil, fmt.Errorf("config %s: unknown keys:\n%s", path, strict.String())
		}
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	cfg.applyDefaults()
	for _, p := range []*string{&cfg.Chain.KeyringDir, &cfg.Chain.KeyringPasswordFile, &cfg.Node.KeyFile} {
		if *p, err = daemon.ExpandHome(*p); err != nil {
			return nil, err
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return &cfg, nil
}

func (c *Config) applyDefaults() {
	if c.Agent.Poll.Duration == 0 {
		c.Agent.Poll.Duration = DefaultPoll
	}
	if c.Agent.ProbeTimeout.Duration == 0 {
		c.Agent.ProbeTimeout.Duration = DefaultProbeTimeout
	}
	if c.Agent.FailuresToVote == 0 {
		c.Agent.FailuresToVote = DefaultFailuresToVote
	}
	if c.Chain.GasAdjustment == 0 {
		c.Chain.GasAdjustment = DefaultGasAdjustment
	}
	if c.Chain.TxTimeout.Duration == 0 {
		c.Chain.TxTimeout.Duration = DefaultTxTimeout
	}
	if c.Chain.KeyringBackend == "" {
		c.Chain.KeyringBackend = DefaultKeyringBackend
	}
	if c.Agent.LogLevel == "" {
		c.Agent.LogLevel = "info"
	}
	if c.Agent.LogFormat == "" {
		c.Agent.LogFormat = daemon.LogJSON
	}
}

// Validate says what is missing or wrong, all at once.
func (c *Config) Validate() error {
	var errs []error
	req := func(v, key string) {
		if v == "" {
			errs = append(errs, fmt.Errorf("%s is required", key))
		}
	}
	req(c.Chain.ChainID, "chain.chain_id")
	req(c.Chain.RPC, "chain.rpc")
	req(c.Chain.KeyringDir, "chain.keyring_dir")
	req(c.Chain.From, "chain.from")
	req(c.Node.KeyFile, "node.key_file")
	switch c.Chain.KeyringBackend {
	case keyring.BackendTest, keyring.BackendOS:
	case keyring.BackendFile:
		req(c.Chain.KeyringPasswordFile, "chain.keyring_password_file (the file keyring's passphrase)")
	default:
		errs = append(errs, fmt.Errorf("chain.keyring_backend %q: want file, os or test", c.Chain.KeyringBackend))
	}
	if c.Chain.GasAdjustment < 1 {
		errs = append(errs, fmt.Errorf("chain.gas_adjustment %v: want at least 1", c.Chain.GasAdjustment))
	}
	if c.Node.NodeID != "" {
		if id, err := types.ParsePubkeyHex(c.Node.NodeID); err != nil || id != c.Node.NodeID {
			errs = append(errs, fmt.Errorf("node.node_id %q: want the node's 32-byte key in lowercase hex", c.Node.NodeID))
		}
	}
	if err := c.Node.Endpoint().Validate(); err != nil {
		errs = append(errs, fmt.Errorf("node: %w", err))
	}
	if c.Agent.FailuresToVote < 1 {
		errs = append(errs, fmt.Errorf("agent.failures_to_vote %d: want at least 1", c.Agent.FailuresToVote))
	}
	for from, to := range c.Agent.AddressMap {
		if net.ParseIP(from) == nil || net.ParseIP(to) == nil {
			errs = append(errs, fmt.Errorf("agent.address_map %q = %q: want two IP addresses", from, to))
		}
	}
	if _, err := daemon.ParseLogLevel(c.Agent.LogLevel); err != nil {
		errs = append(errs, fmt.Errorf("agent.log_level: %w", err))
	}
	if f := c.Agent.LogFormat; f != daemon.LogJSON && f != daemon.LogText {
		errs = append(errs, fmt.Errorf("agent.log_format %q: want json or text", f))
	}
	return errors.Join(errs...)
}

// Endpoint is the endpoint the node's proofs register.
func (n NodeConfig) Endpoint() types.NodeEndpoint {
	return types.NodeEndpoint{
		PublicIp: n.PublicIP, StoragePort: n.StoragePort, QuicPort: n.QuicPort,
		NodeVersion: n.NodeVersion, StorageVersion: n.StorageVersion,
	}
}
