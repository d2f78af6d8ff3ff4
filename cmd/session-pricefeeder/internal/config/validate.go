package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

var (
	namePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,64}$`)
	pathPattern = regexp.MustCompile(`^[^.\s]+(\.[^.\s]+)*$`)
	intPattern  = regexp.MustCompile(`^[0-9]{1,39}$`)
)

// problems collects what Validate finds, in the order of the file.
type problems []error

// add records one problem.
func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Errorf(format, args...)) }

// Validate checks every key; each error names the key and what is wrong.
func (c *Config) Validate() error {
	var p problems
	c.validateChain(&p)
	c.validateSources(&p)
	c.validateFeeder(&p)
	return errors.Join(p...)
}

// validateChain checks the [chain] keys.
func (c *Config) validateChain(p *problems) {
	add := p.add
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
}

// validateSources checks the [evm] keys and the [[uniswap]] and [[http]]
// sources, whose names are unique across both.
func (c *Config) validateSources(p *problems) {
	add := p.add
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
		u.validate(p, key)
	}
	for i, h := range c.HTTP {
		key := fmt.Sprintf("http[%d]", i)
		checkName(key, h.Name)
		h.validate(p, key)
	}
}

// validate checks a [[uniswap]] source's keys but its name.
func (u UniswapPath) validate(p *problems, key string) {
	add := p.add
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

// validate checks an [[http]] source's keys but its name.
func (h HTTPTicker) validate(p *problems, key string) {
	add := p.add
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

// validateFeeder checks the [feeder] keys.
func (c *Config) validateFeeder(p *problems) {
	add := p.add
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
