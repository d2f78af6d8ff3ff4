// Package config loads and validates session-pro-issuer's configuration:
// one TOML file whose keys flags may override.
package config

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
)

// Trust modes: how the issuer decides which chain state to believe.
const (
	// TrustLight verifies headers with CometBFT's light client from a
	// trusted header, and every value with its Merkle proof.
	TrustLight = "light"
	// TrustLocalNode takes headers from the node unverified (values are
	// still checked against them): development against one's own node only.
	TrustLocalNode = "local-node-unsafe"
)

// Defaults of the optional keys.
const (
	DefaultTrustMode        = TrustLight
	DefaultTrustingPeriod   = 7 * 24 * time.Hour
	DefaultMaxStateAge      = time.Minute
	DefaultSnapshotTTL      = time.Second
	DefaultListen           = "127.0.0.1:8547"
	DefaultHome             = "~/.session-pro-issuer"
	DefaultRequestTolerance = 70 * time.Second
	DefaultProofsPerWindow  = 50
	DefaultRateWindow       = 7 * 24 * time.Hour
	DefaultMaxTracked       = 1_000_000
	DefaultRetryIn          = 24 * time.Hour
	DefaultMaxRequestBytes  = 4096
	DefaultLogLevel         = "info"
	DefaultLogFormat        = "json"
)

// Config is the whole configuration file.
type Config struct {
	Chain  Chain  `toml:"chain"`
	Issuer Issuer `toml:"issuer"`
}

// Chain is where the issuer reads chain state and how it trusts it.
type Chain struct {
	// ChainID is the chain the light client follows.
	ChainID string `toml:"chain_id"`
	// RPC is the CometBFT RPC URL of the node queried (the light client's
	// primary).
	RPC string `toml:"rpc"`
	// Witnesses are other nodes' RPC URLs the light client cross-checks
	// headers with.
	Witnesses []string `toml:"witnesses"`
	// TrustMode is "light" or, for development only, "local-node-unsafe".
	TrustMode string `toml:"trust_mode"`
	// TrustHeight and TrustHash name the header trusted at first start.
	TrustHeight int64  `toml:"trust_height"`
	TrustHash   string `toml:"trust_hash"`
	// TrustingPeriod is how long a verified header may vouch for the next.
	TrustingPeriod Duration `toml:"trusting_period"`
	// MaxStateAge refuses to answer from a header older than this.
	MaxStateAge Duration `toml:"max_state_age"`
	// SnapshotTTL is how long one verified header serves requests.
	SnapshotTTL Duration `toml:"snapshot_ttl"`
}

// Issuer is the service: its key, its listener, its limits and its logs.
type Issuer struct {
	// Home holds the light client's verified headers (home/light).
	Home string `toml:"home"`
	// KeyFile is the Ed25519 signing key (chmod 600).
	KeyFile string `toml:"key_file"`
	// Listen is the address of the Pro API.
	Listen string `toml:"listen"`
	// RequestTolerance is how far a request's timestamp may be from now.
	RequestTolerance Duration `toml:"request_tolerance"`
	// ProofsPerWindow caps the proofs one account is issued per RateWindow
	// (0: no cap).
	ProofsPerWindow int `toml:"proofs_per_window"`
	// RateWindow is the span of the cap.
	RateWindow Duration `toml:"rate_window"`
	// MaxTrackedAccounts bounds the accounts the rate limit remembers.
	MaxTrackedAccounts int `toml:"max_tracked_accounts"`
	// RetryIn is the poll interval the revocation list recommends.
	RetryIn Duration `toml:"retry_in"`
	// MaxRequestBytes bounds a request body.
	MaxRequestBytes int64 `toml:"max_request_bytes"`
	// MetricsListen is the address of /metrics and /healthz; empty is off.
	MetricsListen string `toml:"metrics_listen"`
	// LogLevel is debug, info, warn or error; LogFormat json or text.
	LogLevel  string `toml:"log_level"`
	LogFormat string `toml:"log_format"`
}

// Duration is a time.Duration written as a Go duration string ("70s").
type Duration = daemon.Duration

// Load reads path, applies the overrides (key → value, as flags give them),
// fills in the defaults and validates the result. Unknown keys are errors.
func Load(path string, overrides map[string]string) (*Config, error) {
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
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("config %s:\n%w", path, err)
	}
	return cfg, nil
}

// Parse decodes a configuration file without defaults or validation.
func Parse(bz []byte) (*Config, error) {
	cfg := &Config{}
	if err := daemon.DecodeTOML(bz, cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// ApplyDefaults fills in every optional key left empty.
func (c *Config) ApplyDefaults() {
	setDefault(&c.Chain.TrustMode, DefaultTrustMode)
	setDuration(&c.Chain.TrustingPeriod, DefaultTrustingPeriod)
	setDuration(&c.Chain.MaxStateAge, DefaultMaxStateAge)
	setDuration(&c.Chain.SnapshotTTL, DefaultSnapshotTTL)
	setDefault(&c.Issuer.Home, DefaultHome)
	setDefault(&c.Issuer.Listen, DefaultListen)
	setDuration(&c.Issuer.RequestTolerance, DefaultRequestTolerance)
	setDuration(&c.Issuer.RateWindow, DefaultRateWindow)
	setDuration(&c.Issuer.RetryIn, DefaultRetryIn)
	if c.Issuer.MaxTrackedAccounts == 0 {
		c.Issuer.MaxTrackedAccounts = DefaultMaxTracked
	}
	if c.Issuer.MaxRequestBytes == 0 {
		c.Issuer.MaxRequestBytes = DefaultMaxRequestBytes
	}
	setDefault(&c.Issuer.LogLevel, DefaultLogLevel)
	setDefault(&c.Issuer.LogFormat, DefaultLogFormat)
}

func setDefault(v *string, d string) {
	if *v == "" {
		*v = d
	}
}

func setDuration(v *Duration, d time.Duration) {
	if v.Duration == 0 {
		v.Duration = d
	}
}

// Validate checks every key and returns all problems at once.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.Chain.ChainID == "" {
		bad("chain.chain_id", "required")
	}
	if err := checkURL(c.Chain.RPC); err != nil {
		bad("chain.rpc", "%s", err)
	}
	switch c.Chain.TrustMode {
	case TrustLight:
		if len(c.Chain.Witnesses) == 0 {
			bad("chain.witnesses", "the light client needs at least one witness (another node's RPC URL; the primary's own URL on a one-node devnet)")
		}
		for _, w := range c.Chain.Witnesses {
			if err := checkURL(w); err != nil {
				bad("chain.witnesses", "%s", err)
			}
		}
		if c.Chain.TrustHeight <= 0 {
			bad("chain.trust_height", "required: the height of a header you trust (sessiond query block --type=height <h>)")
		}
		if h, err := hex.DecodeString(c.Chain.TrustHash); err != nil || len(h) != 32 {
			bad("chain.trust_hash", "want the 64 hex digits of that header's hash, got %q", c.Chain.TrustHash)
		}
	case TrustLocalNode:
	default:
		bad("chain.trust_mode", "want %q or %q, got %q", TrustLight, TrustLocalNode, c.Chain.TrustMode)
	}
	for key, d := range map[string]time.Duration{
		"chain.trusting_period": c.Chain.TrustingPeriod.Duration, "chain.max_state_age": c.Chain.MaxStateAge.Duration,
		"chain.snapshot_ttl": c.Chain.SnapshotTTL.Duration, "issuer.request_tolerance": c.Issuer.RequestTolerance.Duration,
		"issuer.rate_window": c.Issuer.RateWindow.Duration, "issuer.retry_in": c.Issuer.RetryIn.Duration,
	} {
		if d <= 0 {
			bad(key, "must be positive, got %s", d)
		}
	}
	if c.Chain.SnapshotTTL.Duration >= c.Chain.MaxStateAge.Duration {
		bad("chain.snapshot_ttl", "must be shorter than chain.max_state_age (%s)", c.Chain.MaxStateAge)
	}
	if c.Issuer.KeyFile == "" {
		bad("issuer.key_file", "required (session-pro-issuer keygen --out <file> makes one)")
	}
	if _, _, err := net.SplitHostPort(c.Issuer.Listen); err != nil {
		bad("issuer.listen", "want host:port, got %q", c.Issuer.Listen)
	}
	if c.Issuer.MetricsListen != "" {
		if _, _, err := net.SplitHostPort(c.Issuer.MetricsListen); err != nil {
			bad("issuer.metrics_listen", "want host:port, got %q", c.Issuer.MetricsListen)
		}
	}
	if c.Issuer.ProofsPerWindow < 0 {
		bad("issuer.proofs_per_window", "must be 0 (no cap) or positive, got %d", c.Issuer.ProofsPerWindow)
	}
	if c.Issuer.MaxTrackedAccounts < 0 || c.Issuer.MaxRequestBytes < 0 {
		bad("issuer", "max_tracked_accounts and max_request_bytes must be positive")
	}
	if _, err := daemon.ParseLogLevel(c.Issuer.LogLevel); err != nil {
		bad("issuer.log_level", "%s", err)
	}
	if c.Issuer.LogFormat != "json" && c.Issuer.LogFormat != "text" {
		bad("issuer.log_format", "want json or text, got %q", c.Issuer.LogFormat)
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errors.Join(errs...)
}

func checkURL(s string) error {
	if s == "" {
		return errors.New("required (a CometBFT RPC URL, e.g. http://127.0.0.1:26657)")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an http(s) URL, got %q", s)
	}
	return nil
}

// TrustHashBytes returns chain.trust_hash decoded.
func (c *Config) TrustHashBytes() []byte {
	h, _ := hex.DecodeString(c.Chain.TrustHash) // validated
	return h
}

// Keys returns every configuration key as "section.key", sorted.
func Keys() []string {
	var keys []string
	t := reflect.TypeOf(Config{})
	for i := range t.NumField() {
		section := t.Field(i)
		for j := range section.Type.NumField() {
			keys = append(keys, section.Tag.Get("toml")+"."+section.Type.Field(j).Tag.Get("toml"))
		}
	}
	sort.Strings(keys)
	return keys
}

// Set sets one key from its string form (a flag's value); lists are
// comma-separated and an empty value clears the key.
func (c *Config) Set(key, value string) error {
	section, name, ok := strings.Cut(key, ".")
	if !ok {
		return fmt.Errorf("unknown key %q", key)
	}
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		if v.Type().Field(i).Tag.Get("toml") != section {
			continue
		}
		sv := v.Field(i)
		for j := range sv.NumField() {
			if sv.Type().Field(j).Tag.Get("toml") == name {
				if err := setField(sv.Field(j), value); err != nil {
					return fmt.Errorf("%s: %w", key, err)
				}
				return nil
			}
		}
	}
	return fmt.Errorf("unknown key %q", key)
}

func setField(f reflect.Value, value string) error {
	switch f.Interface().(type) {
	case Duration:
		var d Duration
		if value != "" {
			if err := d.UnmarshalText([]byte(value)); err != nil {
				return err
			}
		}
		f.Set(reflect.ValueOf(d))
	case string:
		f.SetString(value)
	case []string:
		var list []string
		for _, s := range strings.Split(value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				list = append(list, s)
			}
		}
		f.Set(reflect.ValueOf(list))
	case int, int64:
		n := int64(0)
		if value != "" {
			var err error
			if n, err = strconv.ParseInt(value, 10, 64); err != nil {
				return err
			}
		}
		f.SetInt(n)
	default:
		return fmt.Errorf("cannot set a %s", f.Type())
	}
	return nil
}
