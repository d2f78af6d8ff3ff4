package source

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// serve answers every request with body.
func serve(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestTicker(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		cfg     TickerConfig
		convert string
		want    string
		wantAt  time.Time
		wantErr string
	}{
		{name: "a number", body: `{"data":{"last":0.0512}}`, cfg: TickerConfig{PricePath: "data.last"}, want: "0.0512", wantAt: now},
		{name: "a string", body: `{"data":{"last":"0.0512"}}`, cfg: TickerConfig{PricePath: "data.last"}, want: "0.0512", wantAt: now},
		{name: "in an array", body: `{"result":[{"p":"1e-2"}]}`, cfg: TickerConfig{PricePath: "result.0.p"}, want: "0.01", wantAt: now},
		{
			name: "with its time in seconds", body: fmt.Sprintf(`{"p":"0.05","t":%d}`, now.Add(-time.Minute).Unix()),
			cfg: TickerConfig{PricePath: "p", TimePath: "t", MaxAge: 5 * time.Minute}, want: "0.05", wantAt: now.Add(-time.Minute),
		},
		{
			name: "with its time in milliseconds", body: fmt.Sprintf(`{"p":"0.05","t":%d}`, now.Add(-time.Second).UnixMilli()),
			cfg: TickerConfig{PricePath: "p", TimePath: "t", MaxAge: 5 * time.Minute}, want: "0.05", wantAt: now.Add(-time.Second),
		},
		{
			name: "with its time in RFC 3339", body: `{"p":"0.05","t":"2026-12-01T11:59:00Z"}`,
			cfg: TickerConfig{PricePath: "p", TimePath: "t", MaxAge: 5 * time.Minute}, want: "0.05", wantAt: now.Add(-time.Minute),
		},
		{
			name: "too old", body: `{"p":"0.05","t":"2026-12-01T11:50:00Z"}`,
			cfg: TickerConfig{PricePath: "p", TimePath: "t", MaxAge: 5 * time.Minute}, wantErr: "10m0s old",
		},
		{name: "converted", body: `{"p":"0.05"}`, convert: `{"usd":"1.02"}`, cfg: TickerConfig{PricePath: "p", Convert: &ConvertConfig{PricePath: "usd"}}, want: "0.051", wantAt: now},
		{name: "converted, inverted", body: `{"p":"0.05"}`, convert: `{"usd":"2"}`, cfg: TickerConfig{PricePath: "p", Convert: &ConvertConfig{PricePath: "usd", Invert: true}}, want: "0.025", wantAt: now},
		{name: "missing key", body: `{"data":{}}`, cfg: TickerConfig{PricePath: "data.last"}, wantErr: `no key "last"`},
		{name: "not a number", body: `{"p":"abc"}`, cfg: TickerConfig{PricePath: "p"}, wantErr: "not a decimal number"},
		{name: "negative", body: `{"p":"-1"}`, cfg: TickerConfig{PricePath: "p"}, wantErr: "negative"},
		{name: "zero", body: `{"p":0}`, cfg: TickerConfig{PricePath: "p"}, wantErr: "not positive"},
		{name: "a bool", body: `{"p":true}`, cfg: TickerConfig{PricePath: "p"}, wantErr: "want a number"},
		{name: "not JSON", body: `<html>`, cfg: TickerConfig{PricePath: "p"}, wantErr: "not JSON"},
		{name: "index out of range", body: `{"r":[]}`, cfg: TickerConfig{PricePath: "r.0"}, wantErr: "not an index"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Name, cfg.URL, cfg.Timeout = "t", serve(t, http.StatusOK, tc.body), 5*time.Second
			if cfg.Convert != nil {
				cfg.Convert.URL = serve(t, http.StatusOK, tc.convert)
			}
			got, err := NewTicker(cfg, func() time.Time { return now }).Read(context.Background())
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.True(t, got.Price.Equal(math.LegacyMustNewDecFromStr(tc.want)), got.Price.String())
			require.Equal(t, tc.wantAt, got.Time)
			require.Equal(t, "t", got.Source)
		})
	}
}

func TestTickerHTTPError(t *testing.T) {
	url := serve(t, http.StatusServiceUnavailable, "down")
	_, err := NewTicker(TickerConfig{Name: "t", URL: url, PricePath: "p", Timeout: time.Second}, time.Now).Read(context.Background())
	require.ErrorContains(t, err, "503")
}
