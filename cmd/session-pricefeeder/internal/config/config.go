// Package config loads and validates session-pricefeeder's configuration:
// one TOML file, checked whole before the feeder starts.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
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
type Duration struct {
	time.Duration
}

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(string(text))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Load reads, completes and validates the file at path. Unknown keys are an
// error: a typo must not silently drop a setting.
func Load(path string) (*Config, error) {
	bz, err := os.ReadFile(path)
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

var (
	namePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,64}$`)
	pathPattern = regexp.MustCompile(`^[^.\s]+(\.[^.\s]+)*$`)
	intPattern  = regexp.MustCompile(`^[0-9]{1,39}$`)
)

// Validate checks every key; each error names the key and what is wrong.
func (c *Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if _, _, err := net.SplitHostPort(c.Chain.GRPC); err != nil {
		add("chain.grpc: want host:port, got %q", c.Chain.GRPC)
	}
	switch c.Chain.KeyringBackend {
	case "test", "os":
	case "file":
		if c.Chain.KeyringPasswordFile == "" {
			add("chain.keyring_password_file: required with the file keyring")
		}
	default:
		add("chain.keyring_backend: want test, file or os, got %q", c.Chain.KeyringBackend)
	}
	if c.Chain.KeyName == "" {
		add("chain.key_name: required (the feeder's delegate key)")
	}
	if c.Chain.GasAdjustment < 1 {
		add("chain.gas_adjustment: want at least 1, got %v", c.Chain.GasAdjustment)
	}
	if c.Chain.TxTimeout.Duration < 0 {
		add("chain.tx_timeout: must be positive")
	}

	if len(c.Uniswap) == 0 && len(c.HTTP) == 0 {
		add("no source: name at least one [[uniswap]] or [[http]]")
	}
	if len(c.Uniswap) > 0 {
		if err := checkURL(c.EVM.RPC, "http", "https", "ws", "wss"); err != nil {
			add("evm.rpc: %s (required with [[uniswap]] sources)", err)
		}
	}
	switch c.EVM.Finality {
	case FinalityFinalized:
		if c.EVM.Confirmations != 0 {
			add("evm.confirmations: only with evm.finality = %q", FinalityLatest)
		}
	case FinalityLatest:
	default:
		add("evm.finality: want %q or %q, got %q", FinalityFinalized, FinalityLatest, c.EVM.Finality)
	}
	names := map[string]bool{}
	checkName := func(key, name string) {
		if !namePattern.MatchString(name) {
			add("%s.name: want 1 to 64 letters, digits, '_', '.' or '-', got %q", key, name)
		} else if names[name] {
			add("%s.name: %q is used twice", key, name)
		}
		names[name] = true
	}
	for i, u := range c.Uniswap {
		key := fmt.Sprintf("uniswap[%d]", i)
		checkName(key, u.Name)
		if len(u.Tokens) < 2 || len(u.Tokens) > 4 {
			add("%s.tokens: want 2 to 4 tokens (SESH first, the USD stablecoin last), got %d", key, len(u.Tokens))
		} else if len(u.Pools) != len(u.Tokens)-1 {
			add("%s.pools: want %d pools for %d tokens, got %d", key, len(u.Tokens)-1, len(u.Tokens), len(u.Pools))
		}
		for j, a := range append(append([]string{}, u.Tokens...), u.Pools...) {
			if !common.IsHexAddress(a) {
				add("%s: %q (entry %d of tokens and pools) is not an EVM address", key, a, j)
			}
		}
		if w := u.Window.Duration; w < time.Minute || w > 24*time.Hour || w%time.Second != 0 {
			add("%s.window: want whole seconds between 1m and 24h, got %s", key, w)
		}
		if !intPattern.MatchString(u.MinLiquidity) {
			add("%s.min_liquidity: want a decimal integer, got %q", key, u.MinLiquidity)
		}
	}
	for i, h := range c.HTTP {
		key := fmt.Sprintf("http[%d]", i)
		checkName(key, h.Name)
		if err := checkURL(h.URL, "http", "https"); err != nil {
			add("%s.url: %s", key, err)
		}
		if !pathPattern.MatchString(h.PricePath) {
			add("%s.price_path: want a dotted path such as data.last, got %q", key, h.PricePath)
		}
		if h.TimePath != "" && !pathPattern.MatchString(h.TimePath) {
			add("%s.time_path: want a dotted path, got %q", key, h.TimePath)
		}
		if h.Timeout.Duration <= 0 || h.Timeout.Duration > time.Minute {
			add("%s.timeout: want between 0 and 1m, got %s", key, h.Timeout.Duration)
		}
		if h.MaxAge.Duration <= 0 {
			add("%s.max_age: must be positive", key)
		}
		if cv := h.Convert; cv != nil {
			if err := checkURL(cv.URL, "http", "https"); err != nil {
				add("%s.convert.url: %s", key, err)
			}
			if !pathPattern.MatchString(cv.PricePath) {
				add("%s.convert.price_path: want a dotted path, got %q", key, cv.PricePath)
			}
		}
	}

	f := c.Feeder
	if f.PollInterval.Duration < time.Second {
		add("feeder.poll_interval: want at least 1s, got %s", f.PollInterval.Duration)
	}
	if f.Period.Duration < f.PollInterval.Duration {
		add("feeder.period: want at least feeder.poll_interval (%s), got %s", f.PollInterval.Duration, f.Period.Duration)
	}
	if f.MoveThresholdBps > 10_000 {
		add("feeder.move_threshold_bps: want at most 10000, got %d", f.MoveThresholdBps)
	}
	if sources := len(c.Uniswap) + len(c.HTTP); f.MinSources < 1 || f.MinSources > sources {
		add("feeder.min_sources: want 1 to the %d sources configured, got %d", sources, f.MinSources)
	}
	if f.MaxSpreadBps > 10_000 {
		add("feeder.max_spread_bps: want at most 10000, got %d", f.MaxSpreadBps)
	}
	if f.MetricsListen != "" {
		if _, _, err := net.SplitHostPort(f.MetricsListen); err != nil {
			add("feeder.metrics_listen: want host:port, got %q", f.MetricsListen)
		}
	}
	switch f.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		add("feeder.log_level: want debug, info, warn or error, got %q", f.LogLevel)
	}
	switch f.LogFormat {
	case "json", "text":
	default:
		add("feeder.log_format: want json or text, got %q", f.LogFormat)
	}
	return errors.Join(errs...)
}

// checkURL checks that s is an absolute URL with one of schemes and a host.
func checkURL(s string, schemes ...string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return fmt.Errorf("want a %s URL, got %q", strings.Join(schemes, "/"), s)
	}
	for _, sc := range schemes {
		if u.Scheme == sc {
			return nil
		}
	}
	return fmt.Errorf("want a %s URL, got scheme %q", strings.Join(schemes, "/"), u.Scheme)
}
