package source

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/aggregate"
)

// maxTickerBody bounds a ticker's answer.
const maxTickerBody = 1 << 20

// TickerConfig is one HTTP JSON ticker.
type TickerConfig struct {
	Name      string
	URL       string
	PricePath string
	// TimePath, if set, dates the price; else the fetch time does.
	TimePath string
	MaxAge   time.Duration
	Timeout  time.Duration
	// Convert, if set, turns the quote currency into USD.
	Convert *ConvertConfig
}

// ConvertConfig is a second ticker whose price multiplies the first's (or
// divides it, inverted).
type ConvertConfig struct {
	URL       string
	PricePath string
	Invert    bool
}

// Ticker reads a price from an HTTP JSON endpoint.
type Ticker struct {
	cfg    TickerConfig
	client *http.Client
	now    func() time.Time
}

// NewTicker returns the source; now is the clock that dates answers without
// a time of their own and checks the age of those with one.
func NewTicker(cfg TickerConfig, now func() time.Time) *Ticker {
	return &Ticker{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout}, now: now}
}

// Name implements Source.
func (t *Ticker) Name() string { return t.cfg.Name }

// Read implements Source.
func (t *Ticker) Read(ctx context.Context) (aggregate.Reading, error) {
	doc, err := t.fetch(ctx, t.cfg.URL)
	if err != nil {
		return aggregate.Reading{}, err
	}
	fetched := t.now().UTC()
	price, err := decimalAt(doc, t.cfg.PricePath)
	if err != nil {
		return aggregate.Reading{}, err
	}
	at := fetched
	if t.cfg.TimePath != "" {
		v, err := lookup(doc, t.cfg.TimePath)
		if err != nil {
			return aggregate.Reading{}, err
		}
		if at, err = parseTime(v); err != nil {
			return aggregate.Reading{}, fmt.Errorf("%s: %w", t.cfg.TimePath, err)
		}
		if age := fetched.Sub(at); age > t.cfg.MaxAge {
			return aggregate.Reading{}, fmt.Errorf("the ticker's price is %s old, more than %s", age.Round(time.Second), t.cfg.MaxAge)
		}
		if at.After(fetched) {
			at = fetched
		}
	}
	if cv := t.cfg.Convert; cv != nil {
		convDoc, err := t.fetch(ctx, cv.URL)
		if err != nil {
			return aggregate.Reading{}, fmt.Errorf("conversion: %w", err)
		}
		rate, err := decimalAt(convDoc, cv.PricePath)
		if err != nil {
			return aggregate.Reading{}, fmt.Errorf("conversion: %w", err)
		}
		if cv.Invert {
			price = price.Quo(rate)
		} else {
			price = price.Mul(rate)
		}
	}
	if !price.IsPositive() {
		return aggregate.Reading{}, fmt.Errorf("the price %s is not positive", price)
	}
	return aggregate.Reading{Source: t.cfg.Name, Price: price, Time: at}, nil
}

// fetch GETs url and decodes its JSON.
func (t *Ticker) fetch(ctx context.Context, url string) (any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	res, err := t.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, res.Status)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, maxTickerBody))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("GET %s: not JSON: %w", url, err)
	}
	return doc, nil
}

// lookup follows a dotted path through objects (by key) and arrays (by index).
func lookup(doc any, path string) (any, error) {
	cur := doc
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[part]
			if !ok {
				return nil, fmt.Errorf("%s: no key %q", path, part)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return nil, fmt.Errorf("%s: %q is not an index of an array of %d", path, part, len(v))
			}
			cur = v[i]
		default:
			return nil, fmt.Errorf("%s: %q reaches into a %T", path, part, cur)
		}
	}
	return cur, nil
}

// decimalAt reads the number (or numeric string) at path exactly.
func decimalAt(doc any, path string) (math.LegacyDec, error) {
	v, err := lookup(doc, path)
	if err != nil {
		return math.LegacyDec{}, err
	}
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		return math.LegacyDec{}, fmt.Errorf("%s: want a number, got %T", path, v)
	}
	d, err := parseDecimal(s)
	if err != nil {
		return math.LegacyDec{}, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// parseDecimal reads a decimal number, with an exponent if any, exactly to
// 18 decimals (digits beyond are dropped).
func parseDecimal(s string) (math.LegacyDec, error) {
	s = strings.TrimSpace(s)
	mantissa, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 30 || e < -30 {
			return math.LegacyDec{}, fmt.Errorf("%q is not a decimal number", s)
		}
		mantissa, exp = s[:i], e
	}
	if strings.HasPrefix(mantissa, "-") {
		return math.LegacyDec{}, fmt.Errorf("%q is negative", s)
	}
	intPart, frac, _ := strings.Cut(mantissa, ".")
	digits := intPart + frac
	scale := len(frac) - exp
	for scale < 0 {
		digits += "0"
		scale++
	}
	if scale > math.LegacyPrecision {
		digits = digits[:len(digits)-(scale-math.LegacyPrecision)]
		scale = math.LegacyPrecision
	}
	if digits == "" {
		return math.LegacyDec{}, fmt.Errorf("%q is not a decimal number", s)
	}
	n, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return math.LegacyDec{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return math.LegacyNewDecFromBigIntWithPrec(n, int64(scale)), nil
}

// parseTime reads Unix seconds, Unix milliseconds (13 digits or more) or RFC 3339.
func parseTime(v any) (time.Time, error) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		return time.Time{}, fmt.Errorf("want a time, got %T", v)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	d, err := parseDecimal(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither Unix time nor RFC 3339", s)
	}
	whole := d.TruncateInt()
	if len(whole.String()) >= 13 {
		return time.UnixMilli(whole.Int64()).UTC(), nil
	}
	return time.Unix(whole.Int64(), 0).UTC(), nil
}
