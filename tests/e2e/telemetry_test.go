//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// scrape fetches a Prometheus text endpoint and returns its samples by the
// metric name (labels dropped; the last sample of a name wins).
func scrape(t *testing.T, url string) (map[string]float64, error) {
	t.Helper()
	resp, err := http.Get(url) //nolint:gosec,noctx // a test's loopback URL
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s: %s", url, resp.Status, body)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		name := fields[0]
		if i := strings.IndexByte(name, '{'); i >= 0 {
			name = name[:i]
		}
		v, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			continue
		}
		out[name] = v
	}
	return out, nil
}

// toFloat is how the gauges turn an nsesh amount into a float64.
func toFloat(t *testing.T, amount string) float64 {
	t.Helper()
	i, ok := new(big.Int).SetString(amount, 10)
	if !ok {
		t.Fatalf("not an integer: %q", amount)
	}
	f, _ := new(big.Float).SetInt(i).Float64()
	return f
}

// TestTelemetry scrapes the app's metrics (REST /metrics?format=prometheus)
// and CometBFT's (PROMETHEUS_PORT) on a devnet: the custom gauges are there
// with the chain's values, and so are CometBFT's consensus metrics.
func TestTelemetry(t *testing.T) {
	promPort := freePorts(t, 1)[0]
	d := startDevnetEnv(t, fmt.Sprintf("PROMETHEUS_PORT=%d", promPort))
	appURL := d.apiURL() + "/metrics?format=prometheus"
	cmtURL := fmt.Sprintf("http://127.0.0.1:%d/metrics", promPort)

	// One Pro subscription, for the Pro gauges.
	var quote struct {
		Amount string `json:"amount"`
	}
	d.cliJSON(t, &quote, "query", "pro", "quote", "1")
	res := deliver(t, d, "tx", "pro", "subscribe", "3c0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677", "1",
		"--max-amount", quote.Amount+"nsesh", "--from", "alice", "-o", "json")
	if res.Code != 0 {
		t.Fatalf("subscribe: %s", res.RawLog)
	}

	// The pool balance moves every block, so scrape until a scrape and the
	// pool query around it see the same block.
	deadline := time.Now().Add(30 * time.Second)
	var app map[string]float64
	for {
		var err error
		app, err = scrape(t, appURL)
		if err != nil {
			t.Fatal(err)
		}
		var pool struct {
			Balance string `json:"balance"`
		}
		resp, err := http.Get(d.apiURL() + "/sessionchain/rewardpool/v1/pool") //nolint:gosec,noctx // loopback
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&pool)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		got, ok := app["rewardpool_balance"]
		if ok && got == toFloat(t, pool.Balance) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("rewardpool_balance %v (present %v) never matched the pool query %s", got, ok, pool.Balance)
		}
		time.Sleep(pollInterval)
	}

	for _, name := range []string{
		"rewardpool_day_reward", "rewardpool_day_emitted",
		"nodestaking_active_nodes", "nodestaking_decommissioned_nodes", "nodestaking_total_staked",
		"pro_active_subscriptions", "pro_revenue_to_pool", "pro_revenue_to_liquidity", "pro_purchases",
		"bridge_minted", "bridge_burned", "bridge_refunded", "bridge_released", "bridge_outbound_in_flight",
	} {
		if _, ok := app[name]; !ok {
			t.Errorf("app metrics lack %s", name)
		}
	}
	if got := app["nodestaking_active_nodes"]; got != 3 {
		t.Errorf("nodestaking_active_nodes = %v, want 3", got)
	}
	if got := app["nodestaking_decommissioned_nodes"]; got != 0 {
		t.Errorf("nodestaking_decommissioned_nodes = %v, want 0", got)
	}
	if got, want := app["nodestaking_total_staked"], toFloat(t, "75000000000000"); got != want {
		t.Errorf("nodestaking_total_staked = %v, want %v (3 nodes of 25,000 SESH)", got, want)
	}
	if got := app["pro_active_subscriptions"]; got != 1 {
		t.Errorf("pro_active_subscriptions = %v, want 1", got)
	}
	if got := app["pro_purchases"]; got != 1 {
		t.Errorf("pro_purchases = %v, want 1", got)
	}
	if app["rewardpool_day_reward"] <= 0 {
		t.Errorf("rewardpool_day_reward = %v, want > 0", app["rewardpool_day_reward"])
	}

	cmt, err := scrape(t, cmtURL)
	if err != nil {
		t.Fatal(err)
	}
	if h := cmt["cometbft_consensus_height"]; h < 2 {
		t.Errorf("cometbft_consensus_height = %v (present: %v), want >= 2", h, len(cmt) > 0)
	}
}
