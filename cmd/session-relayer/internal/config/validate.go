package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	sdk "github.com/cosmos/cosmos-sdk/types"

	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Validate checks every key for running the relayer and returns all
// problems at once.
func (c *Config) Validate() error { return c.validate(ForRelaying) }

// problems collects what validate finds, in the order of the file.
type problems []error

// bad records that key is wrong.
func (p *problems) bad(key, format string, args ...any) {
	*p = append(*p, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
}

// validate checks every key; keys that only the running relayer needs (its
// keys, its validator) are checked only for purpose ForRelaying.
func (c *Config) validate(purpose Purpose) error {
	relaying := purpose == ForRelaying
	var p problems
	c.validateChain(&p, relaying)
	c.validateEVM(&p, relaying)
	c.validateRelayer(&p)
	return errors.Join(p...)
}

// validateChain checks the [chain] keys.
func (c *Config) validateChain(p *problems, relaying bool) {
	bad := p.bad
	if c.Chain.GRPC == "" {
		bad("chain.grpc", "required (host:port of the node's gRPC server)")
	} else if host, port, err := net.SplitHostPort(c.Chain.GRPC); err != nil || port == "" {
		bad("chain.grpc", "want host:port, got %q", c.Chain.GRPC)
	} else if !c.Chain.GRPCTLS && !IsLoopback(host) {
		bad("chain.grpc", "%s is not a loopback address: set chain.grpc_tls = true (a node reached in plaintext can be impersonated, and the relayer signs what it lists)", host)
	}
	if c.Chain.GRPCCAFile != "" && !c.Chain.GRPCTLS {
		bad("chain.grpc_ca_file", "needs chain.grpc_tls = true")
	}
	if c.Chain.RPC != "" {
		if err := checkURL(c.Chain.RPC, "http", "https"); err != nil {
			bad("chain.rpc", "%s", err)
		}
	}
	switch c.Chain.KeyringBackend {
	case "test", "file", "os":
	default:
		bad("chain.keyring_backend", "want test, file or os, got %q", c.Chain.KeyringBackend)
	}
	if relaying && c.Chain.KeyringBackend == "file" && c.Chain.KeyringPasswordFile == "" {
		bad("chain.keyring_password_file", "required with keyring_backend = \"file\"")
	}
	if relaying && c.Chain.KeyName == "" {
		bad("chain.key_name", "required (the key of the validator's delegate account, never the operator key)")
	}
	if relaying {
		if _, err := sdk.ValAddressFromBech32(c.Chain.Validator); err != nil {
			bad("chain.validator", "required: the validator's operator address (sessionvaloper1...): %s", err)
		}
	}
	if _, err := sdk.ParseDecCoins(c.Chain.GasPrices); err != nil {
		bad("chain.gas_prices", "%s", err)
	}
	if c.Chain.GasAdjustment < 1 {
		bad("chain.gas_adjustment", "must be at least 1, got %g", c.Chain.GasAdjustment)
	}
	if c.Chain.TxTimeout.Duration < 0 {
		bad("chain.tx_timeout", "must be positive")
	}
}

// validateEVM checks the [evm] keys.
func (c *Config) validateEVM(p *problems, relaying bool) {
	bad := p.bad
	if c.EVM.RPC == "" {
		bad("evm.rpc", "required (http(s) or ws(s) URL of an EVM node)")
	} else if err := checkURL(c.EVM.RPC, "http", "https", "ws", "wss"); err != nil {
		bad("evm.rpc", "%s", err)
	}
	if c.EVM.Contract != "" {
		if _, err := bridgetypes.ParseEvmAddress(c.EVM.Contract); err != nil {
			bad("evm.contract", "%s", err)
		}
	}
	if relaying && c.EVM.KeyFile == "" {
		bad("evm.key_file", "required (keystore JSON or hex private key of the validator's EVM key)")
	}
	switch c.EVM.Finality {
	case "":
		if c.EVM.Confirmations == nil {
			bad("evm.confirmations", "required unless evm.finality = %q", FinalityFinalized)
		} else if *c.EVM.Confirmations < MinConfirmations && !c.EVM.DevChain {
			bad("evm.confirmations", "%d is below %d, where reorgs happen on real chains: use evm.finality = %q, or set evm.dev_chain = true on a development chain",
				*c.EVM.Confirmations, MinConfirmations, FinalityFinalized)
		}
	case FinalityFinalized:
		if c.EVM.Confirmations != nil {
			bad("evm.finality", "set either evm.confirmations or evm.finality = %q, not both", FinalityFinalized)
		}
	default:
		bad("evm.finality", "want %q or empty, got %q", FinalityFinalized, c.EVM.Finality)
	}
	if c.EVM.TxTimeout.Duration < 0 {
		bad("evm.tx_timeout", "must be positive")
	}
}

// validateRelayer checks the [relayer] keys.
func (c *Config) validateRelayer(p *problems) {
	bad := p.bad
	if c.Relayer.PollInterval.Duration < 10*time.Millisecond {
		bad("relayer.poll_interval", "must be at least 10ms, got %s", c.Relayer.PollInterval)
	}
	if c.Relayer.StepTimeout.Duration < time.Second {
		bad("relayer.step_timeout", "must be at least 1s, got %s", c.Relayer.StepTimeout)
	}
	if c.Relayer.SubmitDelay.Duration < 0 {
		bad("relayer.submit_delay", "must not be negative")
	}
	if c.Relayer.MetricsListen != "" {
		if _, _, err := net.SplitHostPort(c.Relayer.MetricsListen); err != nil {
			bad("relayer.metrics_listen", "want host:port, got %q", c.Relayer.MetricsListen)
		}
	}
	if _, err := daemon.ParseLogLevel(c.Relayer.LogLevel); err != nil {
		bad("relayer.log_level", "%s", err)
	}
	switch c.Relayer.LogFormat {
	case "json", "text":
	default:
		bad("relayer.log_format", "want json or text, got %q", c.Relayer.LogFormat)
	}
}

// checkURL checks that raw is a URL with one of schemes and a host.
func checkURL(raw string, schemes ...string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	for _, s := range schemes {
		if u.Scheme == s && u.Host != "" {
			return nil
		}
	}
	return fmt.Errorf("want a %s URL with a host, got %q", strings.Join(schemes, "/"), raw)
}
