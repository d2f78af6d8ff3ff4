//go:build e2e

package e2e

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

var (
	pricefeederOnce sync.Once
	pricefeederPath string
	pricefeederErr  error
)

// pricefeederBin returns the session-pricefeeder binary:
// SESSION_PRICEFEEDER_BIN (make test-e2e builds it), or one built once per run.
func pricefeederBin(t testing.TB) string {
	t.Helper()
	pricefeederOnce.Do(func() {
		if bin := os.Getenv("SESSION_PRICEFEEDER_BIN"); bin != "" {
			if !filepath.IsAbs(bin) {
				bin = filepath.Join(repoRoot, bin)
			}
			pricefeederPath = bin
			return
		}
		dir, err := os.MkdirTemp("", "session-pricefeeder-e2e-")
		if err != nil {
			pricefeederErr = err
			return
		}
		pricefeederPath = filepath.Join(dir, "session-pricefeeder")
		build := exec.Command("go", "build", "-o", pricefeederPath, "./cmd/session-pricefeeder")
		build.Dir = repoRoot
		if out, err := build.CombinedOutput(); err != nil {
			pricefeederErr = fmt.Errorf("go build ./cmd/session-pricefeeder: %w\n%s", err, out)
		}
	})
	if pricefeederErr != nil {
		t.Fatal(pricefeederErr)
	}
	return pricefeederPath
}

// fakeTicker is a local HTTP ticker the test controls. It stands in for an
// exchange's public ticker on the internet, which the feeder would read in
// production: same JSON shape, served from 127.0.0.1 only.
type fakeTicker struct {
	url   string
	price atomic.Value // string
	down  atomic.Bool
}

func startTicker(t *testing.T, price string) *fakeTicker {
	t.Helper()
	ft := &fakeTicker{}
	ft.price.Store(price)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if ft.down.Load() {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"data":{"symbol":"SESH_USD","last":"%s","time":%d}}`, ft.price.Load(), time.Now().UnixMilli())
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	ft.url = "http://" + ln.Addr().String() + "/v1/ticker"
	return ft
}

// feederProc is a running session-pricefeeder.
type feederProc struct {
	cfgPath, logPath, metricsAddr string
	cmd                           *exec.Cmd
	exited                        chan struct{}
	logFile                       *os.File
}

// writeFeederConfig writes the config of the feeder signing with keyName:
// the SESH/USDC pool (a 60 s TWAP at the finalized block) and the ticker,
// both needed, within 5% of each other.
func writeFeederConfig(t *testing.T, dir string, d *devnet, g *gethNode, m *uniswapMarket, ticker *fakeTicker, keyName, metricsAddr string) string {
	t.Helper()
	body := fmt.Sprintf(`[chain]
grpc = %q
keyring_dir = %q
keyring_backend = "test"
key_name = %q
tx_timeout = "20s"

[evm]
rpc = %q
finality = "finalized"

[[uniswap]]
name = "sesh-usdc"
tokens = [%q, %q]
pools = [%q]
window = "60s"
min_cardinality = 50
min_liquidity = "1000000000"

[[http]]
name = "exchange"
url = %q
price_path = "data.last"
time_path = "data.time"
max_age = "30s"
timeout = "3s"

[feeder]
poll_interval = "2s"
period = "10s"
move_threshold_bps = 50
min_sources = 2
max_spread_bps = 500
metrics_listen = %q
log_level = "debug"
log_format = "text"
`, d.grpcAddr(), d.home, keyName, g.url, m.sesh.Hex(), m.usdc.Hex(), m.pool.Hex(), ticker.url, metricsAddr)
	path := filepath.Join(dir, "pricefeeder-"+keyName+".toml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func startFeeder(t *testing.T, cfgPath, metricsAddr string) *feederProc {
	t.Helper()
	f := &feederProc{cfgPath: cfgPath, logPath: strings.TrimSuffix(cfgPath, ".toml") + ".log", metricsAddr: metricsAddr}
	f.start(t)
	t.Cleanup(func() {
		f.stop(t)
		if t.Failed() {
			t.Logf("feeder log %s, tail:\n%s", f.logPath, tailFile(f.logPath, 30))
		}
	})
	return f
}

func (f *feederProc) start(t *testing.T) {
	t.Helper()
	lf, err := os.OpenFile(f.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	require.NoError(t, err)
	f.logFile = lf
	f.cmd = exec.Command(pricefeederBin(t), "start", "--config", f.cfgPath)
	f.cmd.Stdout, f.cmd.Stderr = lf, lf
	f.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, f.cmd.Start())
	f.exited = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(f.cmd, f.exited)
}

func (f *feederProc) running() bool {
	select {
	case <-f.exited:
		return false
	default:
		return true
	}
}

// stop sends SIGTERM, then SIGKILL after stopTimeout.
func (f *feederProc) stop(t testing.TB) {
	t.Helper()
	if !f.running() {
		return
	}
	_ = syscall.Kill(-f.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-f.exited:
	case <-time.After(stopTimeout):
		_ = syscall.Kill(-f.cmd.Process.Pid, syscall.SIGKILL)
		<-f.exited
	}
	f.logFile.Close()
}

// chainPrice is `sessiond query pro price -o json`.
type chainPrice struct {
	Valid  bool   `json:"valid"`
	Price  string `json:"price"`
	Median string `json:"median"`
	Health string `json:"health"`
	Reason string `json:"reason"`
	Inputs []struct {
		Feeder     string    `json:"feeder"`
		Price      string    `json:"price"`
		SourceTime time.Time `json:"source_time"`
		Age        string    `json:"age"`
		Fresh      bool      `json:"fresh"`
	} `json:"inputs"`
}

func (d *devnet) price(t *testing.T, height ...int64) chainPrice {
	t.Helper()
	var p chainPrice
	args := []string{"query", "pro", "price"}
	if len(height) > 0 {
		args = append(args, "--height", strconv.FormatInt(height[0], 10))
	}
	d.cliJSON(t, &p, args...)
	return p
}

// near reports whether got lies within bps basis points of want.
func near(t *testing.T, got, want string, bps int64) bool {
	t.Helper()
	g, w := math.LegacyMustNewDecFromStr(got), math.LegacyMustNewDecFromStr(want)
	return g.Sub(w).Abs().MulInt64(10_000).LTE(w.MulInt64(bps))
}

// TestPriceFeederFollowsTheMarket runs three session-pricefeeder daemons
// (the development genesis's feeder1..3 delegate keys) against a devnet and
// geth --dev, each reading a SESH/USDC pool of the real Uniswap V3 contracts
// (a 60 s TWAP at the finalized block) and a local HTTP ticker. Their
// submissions land and make the price healthy; the price follows a market
// move within the band; a Pro purchase pays the plan at the price in force;
// a one-block spot manipulation of the pool barely moves it; a stale source
// and a silent feeder make the price unhealthy, so purchases fail while the
// chain goes on; the feeders recover when the source returns.
func TestPriceFeederFollowsTheMarket(t *testing.T) {
	g := startGeth(t)
	m := deployMarket(t, g, "0.05", 100)
	historyFrom := time.Now()
	ticker := startTicker(t, "0.05")
	// Submissions stay fresh for 60 s (the feeders submit every 10 s);
	// sources may be 30 s old when submitted.
	d := startDevnetEnv(t, "MAX_PRICE_AGE=60s", "MAX_SOURCE_DELAY=30s")
	dir := t.TempDir()
	keys := []string{"feeder1", "feeder2", "feeder3"}
	ports := freePorts(t, len(keys))
	addr := map[string]string{}
	feeders := map[string]*feederProc{}

	// The pool must have a window (60 s) of observations before observe()
	// reaches back that far (the mint, in a later block than the pool's
	// initialisation, grew its cardinality to 100).
	if wait := time.Until(historyFrom.Add(65 * time.Second)); wait > 0 {
		time.Sleep(wait)
	}
	started := time.Now()
	for i, k := range keys {
		addr[k] = strings.TrimSpace(d.cli(t, "keys", "show", k, "-a"))
		metricsAddr := fmt.Sprintf("127.0.0.1:%d", ports[i])
		feeders[k] = startFeeder(t, writeFeederConfig(t, dir, d, g, m, ticker, k, metricsAddr), metricsAddr)
	}

	// 1. Every feeder's submission lands; the price is healthy at 0.05.
	eventually(t, 90*time.Second, "all three feeders submitted and the price is healthy", func() (bool, string) {
		p := d.price(t)
		landed := 0 // submissions read at the sources since the feeders started (the genesis ones are older)
		for _, in := range p.Inputs {
			if in.Fresh && in.SourceTime.After(started.Add(-20*time.Second)) {
				landed++
			}
		}
		return p.Valid && landed == 3, fmt.Sprintf("%+v", p)
	})
	p := d.price(t)
	require.True(t, near(t, p.Price, "0.05", 10), "price %s", p.Price)

	// 2. The market moves 6% up (within the 10% band): the pool and the
	// ticker. The TWAP follows over its window, and the chain's price with it.
	m.moveTo(t, "0.053")
	ticker.price.Store("0.053")
	eventually(t, 150*time.Second, "the chain's price follows the market to 0.053", func() (bool, string) {
		p := d.price(t)
		return p.Valid && near(t, p.Price, "0.053", 20), fmt.Sprintf("%s %s (%s)", p.Health, p.Price, p.Reason)
	})

	// 3. A Pro purchase pays the plan's USD price at the price in force.
	const sessionKey = "7a0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"
	height, _ := d.latestBlock(t)
	sent := d.broadcast(t, "tx", "pro", "subscribe", sessionKey, "1", "--max-amount", "200000000000nsesh",
		"--expiry-height", strconv.FormatInt(height+20, 10), "--from", "carol", "--yes", "-o", "json")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res := d.waitTx(t, sent.TxHash)
	require.Zero(t, res.Code, res.RawLog)
	paid := mustInt(t, eventAttr(t, res, "sessionchain.pro.v1.EventSubscribed", "amount"))
	h, err := strconv.ParseInt(res.Height, 10, 64)
	require.NoError(t, err)
	// The purchase ran in block h, after the state of h-1 and before or after
	// a submission in h itself: it paid the quote at one of the two prices.
	var quotes []string
	for _, at := range []int64{h - 1, h} {
		if q := d.price(t, at); q.Valid {
			quotes = append(quotes, protypes.QuoteNsesh(4_990_000, math.LegacyMustNewDecFromStr(q.Price)).String())
		}
	}
	require.Contains(t, quotes, paid.String(), "plan 1 ($4.99) at the price in force")

	// 4. A one-block spot manipulation: the pool jumps 50% and comes back.
	// The 60 s TWAP moves by about a sixtieth of that, and the chain's price
	// stays within 2% of where it was.
	before := d.price(t).Price
	m.moveTo(t, "0.0795")
	m.moveTo(t, "0.053")
	deadline := time.Now().Add(25 * time.Second)
	for time.Now().Before(deadline) {
		p := d.price(t)
		require.True(t, p.Valid, "%+v", p)
		require.True(t, near(t, p.Price, before, 200), "price %s moved more than 2%% from %s after the manipulation", p.Price, before)
		for _, in := range p.Inputs {
			require.True(t, near(t, in.Price, before, 200), "feeder %s submitted %s", in.Feeder, in.Price)
		}
		time.Sleep(2 * time.Second)
	}

	// 5. The exchange goes down and feeder3 falls silent: feeders 1 and 2
	// have one healthy source of the two they need and submit nothing; after
	// max_price_age the price is stale, purchases fail, blocks go on.
	ticker.down.Store(true)
	feeders["feeder3"].stop(t)
	stalledAt, _ := d.latestBlock(t)
	eventually(t, 120*time.Second, "the price goes stale", func() (bool, string) {
		p := d.price(t)
		return !p.Valid && p.Health == protypes.PRICE_HEALTH_STALE.String(), fmt.Sprintf("%s (%s)", p.Health, p.Reason)
	})
	sent = d.broadcast(t, "tx", "pro", "subscribe", sessionKey, "1", "--max-amount", "200000000000nsesh", "--from", "carol", "--yes", "-o", "json")
	if sent.Code == 0 {
		res = d.waitTx(t, sent.TxHash)
	} else {
		res = sent
	}
	require.Equal(t, protypes.ErrNoPrice.ABCICode(), res.Code, res.RawLog)
	require.Equal(t, protypes.ModuleName, res.Codespace)
	now, _ := d.latestBlock(t)
	require.Greater(t, now, stalledAt+10, "blocks went on while the price was unhealthy")
	metrics := (&relayerProc{metricsAddr: feeders["feeder1"].metricsAddr}).metrics(t) // labelled samples by full name
	require.Equal(t, 0.0, metrics["session_pricefeeder_healthy"], "feeder1 reports its sources unhealthy")
	require.Equal(t, 0.0, metrics["session_pricefeeder_source_healthy{source=\"exchange\"}"])
	require.Equal(t, 1.0, metrics["session_pricefeeder_source_healthy{source=\"sesh-usdc\"}"])

	// 6. The exchange returns and feeder3 restarts: healthy again, and a
	// purchase goes through.
	ticker.down.Store(false)
	feeders["feeder3"].start(t)
	eventually(t, 90*time.Second, "the price is healthy again", func() (bool, string) {
		p := d.price(t)
		return p.Valid && near(t, p.Price, "0.053", 50), fmt.Sprintf("%s %s (%s)", p.Health, p.Price, p.Reason)
	})
	sent = d.broadcast(t, "tx", "pro", "subscribe", sessionKey, "1", "--max-amount", "200000000000nsesh", "--from", "carol", "--yes", "-o", "json")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res = d.waitTx(t, sent.TxHash)
	require.Zero(t, res.Code, res.RawLog)
}
