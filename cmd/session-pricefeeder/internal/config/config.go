// Package config loads and validates session-pricefeeder's configuration:
// one TOML file, checked whole before the feeder starts.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/pelletier/go-toml/v2"
)

// Defaults of the optional keys.
const (
	DefaultKeyringDir       = "~/.sessiond"
	DefaultKeyringBackend   = "os"
	DefaultGasPrices        = "0nsesh"
	DefaultGasAdjustment    = 1.5
	DefaultChainTxTimeout   = 30 * time.Second
	DefaultFinality         = FinalityFinalized
	DefaultWindow           = 30 * time.Minute
	DefaultMinCardinality   = 150
	DefaultHTTPTimeout      = 10 * time.Second
	DefaultHTTPMaxAge       = 5 * time.Minute
	DefaultPollInterval     = 30 * time.Second
	DefaultPeriod           = 5 * time.Minute
	DefaultMoveThresholdBps = 50
	DefaultMinSources       = 1
	DefaultMaxSpreadBps     = 500
	DefaultLogLevel         = "info"
	DefaultLogFormat        = "json"
)

// FinalityFinalized reads pools at the EVM chain's finalized block;
// FinalityLatest at its head less evm.confirmations (for chains without
// finality, and devnets).
const (
	FinalityFinalized = "finalized"
	FinalityLatest    = "latest"
)

// Config is the whole configuration file.
type Config struct {
	Chain   Chain         `toml:"chain"`
	EVM     EVM           `toml:"evm"`
	Uniswap []UniswapPath `toml:"uniswap"`
	HTTP    []HTTPTicker  `toml:"http"`
	Feeder  Feeder        `toml:"feeder"`
}

// Chain is how the feeder reaches sessiond and signs its submissions.
type Chain struct {
	// GRPC is the node's gRPC endpoint, host:port, plaintext.
	GRPC string `toml:"grpc"`
	// ChainID is the Cosmos chain id; empty reads it from the node.
	ChainID string `toml:"chain_id"`
	// KeyringDir holds the keyring (the directory with keyring-test/ or keyring-file/).
	KeyringDir string `toml:"keyring_dir"`
	// KeyringBackend is test, file or os.
	KeyringBackend string `toml:"keyring_backend"`
	// KeyringPasswordFile holds the passphrase of a file keyring.
	KeyringPasswordFile string `toml:"keyring_password_file"`
	// KeyName is the feeder's key: a delegate key named in x/pro's feeders,
	// never a validator operator key.
	KeyName string `toml:"key_name"`
	// GasPrices the feeder pays, e.g. "0nsesh".
	GasPrices string `toml:"gas_prices"`
	// GasAdjustment multiplies the simulated gas.
	GasAdjustment float64 `toml:"gas_adjustment"`
	// TxTimeout bounds the wait for a submission to be in a block.
	TxTimeout Duration `toml:"tx_timeout"`
}

// EVM is the chain the Uniswap pools live on.
type EVM struct {
	// RPC is the JSON-RPC endpoint (http, https, ws or wss); required with
	// any [[uniswap]] source.
	RPC string `toml:"rpc"`
	// Finality is "finalized" (the default) or "latest".
	Finality string `toml:"finality"`
	// Confirmations is how far below the head "latest" reads.
	Confirmations uint64 `toml:"confirmations"`
}

// UniswapPath is one Uniswap V3 source: a path of pools from SESH to a USD
// stablecoin, read with observe() over a window.
type UniswapPath struct {
	// Name of the source, in logs and metrics.
	Name string `toml:"name"`
	// Tokens of the path, from SESH to the USD stablecoin: two for a
	// direct pool, three through WETH.
	Tokens []string `toml:"tokens"`
	// Pools of the path: Pools[i] trades Tokens[i] against Tokens[i+1].
	Pools []string `toml:"pools"`
	// Window is the TWAP window W of observe([W, 0]).
	Window Duration `toml:"window"`
	// MinCardinality refuses a pool that keeps fewer observations.
	MinCardinality uint16 `toml:"min_cardinality"`
	// MinLiquidity refuses a pool whose in-range liquidity, now or as the
	// window's harmonic mean, is below it (a decimal integer).
	MinLiquidity string `toml:"min_liquidity"`
}

// HTTPTicker is one HTTP JSON source: an exchange's or an aggregator's
// ticker, with an optional conversion of its quote currency to USD.
type HTTPTicker struct {
	// Name of the source, in logs and metrics.
	Name string `toml:"name"`
	// URL of the ticker (http or https).
	URL string `toml:"url"`
	// PricePath is the dotted path to the price in the JSON answer
	// ("data.last", "result.0.price"); numbers or numeric strings.
	PricePath string `toml:"price_path"`
	// TimePath, if set, is the path to the ticker's own time (Unix seconds
	// or milliseconds, or RFC 3339); otherwise the fetch time is used.
	TimePath string `toml:"time_path"`
	// MaxAge refuses a ticker whose own time is older than this.
	MaxAge Duration `toml:"max_age"`
	// Timeout bounds one request.
	Timeout Duration `toml:"timeout"`
	// Convert, if set, turns the ticker's quote currency into USD.
	Convert *Conversion `toml:"convert"`
}

// Conversion is a second ticker whose price multiplies (or, inverted,
// divides) the first: USDT→USD for a SESH/USDT market, say.
type Conversion struct {
	// URL of the conversion ticker.
	URL string `toml:"url"`
	// PricePath in its answer.
	PricePath string `toml:"price_path"`
	// Invert divides by the price instead of multiplying.
	Invert bool `toml:"invert"`
}

// Feeder is the loop, its rules, logging and metrics.
type Feeder struct {
	// PollInterval is the pause between two readings of the sources.
	PollInterval Duration `toml:"poll_interval"`
	// Period is the longest time between two submissions.
	Period Duration `toml:"period"`
	// MoveThresholdBps submits sooner when the median moved this much since
	// the last submission.
	MoveThresholdBps uint32 `toml:"move_threshold_bps"`
	// MinSources is how many healthy sources a price needs.
	MinSources int `toml:"min_sources"`
	// MaxSpreadBps refuses a price whose sources disagree beyond it.
	MaxSpreadBps uint32 `toml:"max_spread_bps"`
	// MetricsListen is the address of /metrics and /healthz; empty turns it off.
	MetricsListen string `toml:"metrics_listen"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `toml:"log_level"`
	// LogFormat is json or text.
	LogFormat string `toml:"log_format"`
}

// Duration is a time.Duration written as a Go duration string ("30s").
type Duration = daemon.Duration

// Load reads, completes and validates the file at path. Unknown keys are an
// error: a typo must not silently drop a setting.
func Load(path string) (*Config, error) {
	bz, err := os.ReadFile(path) // #nosec G304 -- the operator names the config file
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(bz)
}

// Parse is Load on the file's content.
func Parse(bz []byte) (*Config, error) {
	var cfg Config
	dec := toml.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			return nil, fmt.Errorf("config: %s", strict.String())
		}
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg.applyDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func (c *Config) applyDefaults() {
	setString(&c.Chain.KeyringDir, DefaultKeyringDir)
	setString(&c.Chain.KeyringBackend, DefaultKeyringBackend)
	setString(&c.Chain.GasPrices, DefaultGasPrices)
	if c.Chain.GasAdjustment == 0 {
		c.Chain.GasAdjustment = DefaultGasAdjustment
	}
	setDuration(&c.Chain.TxTimeout, DefaultChainTxTimeout)
	setString(&c.EVM.Finality, DefaultFinality)
	for i := range c.Uniswap {
		u := &c.Uniswap[i]
		setDuration(&u.Window, DefaultWindow)
		if u.MinCardinality == 0 {
			u.MinCardinality = DefaultMinCardinality
		}
		setString(&u.MinLiquidity, "1")
	}
	for i := range c.HTTP {
		h := &c.HTTP[i]
		setDuration(&h.Timeout, DefaultHTTPTimeout)
		setDuration(&h.MaxAge, DefaultHTTPMaxAge)
	}
	f := &c.Feeder
	setDuration(&f.PollInterval, DefaultPollInterval)
	setDuration(&f.Period, DefaultPeriod)
	if f.MoveThresholdBps == 0 {
		f.MoveThresholdBps = DefaultMoveThresholdBps
	}
	if f.MinSources == 0 {
		f.MinSources = DefaultMinSources
	}
	if f.MaxSpreadBps == 0 {
		f.MaxSpreadBps = DefaultMaxSpreadBps
	}
	setString(&f.LogLevel, DefaultLogLevel)
	setString(&f.LogFormat, DefaultLogFormat)
	c.Chain.KeyringDir = expandHome(c.Chain.KeyringDir)
}

func setString(s *string, def string) {
	if *s == "" {
		*s = def
	}
}

func setDuration(d *Duration, def time.Duration) {
	if d.Duration == 0 {
		d.Duration = def
	}
}

// expandHome replaces a leading ~ with the user's home directory.
func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}
