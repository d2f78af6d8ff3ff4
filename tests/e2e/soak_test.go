//go:build e2e && soak

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/app"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// The soak run (make soak, not part of make test) is configured from the
// environment:
//
//	SOAK_DURATION  how long the load runs [30m]
//	SOAK_RATE      transactions a second, over all senders [3]
//	SOAK_REPORT    where the JSON report goes [build/soak/report.json, from the repository root]
const (
	soakSenders     = 16
	soakSessionKeys = 32
	soakSampleEvery = 30 * time.Second
	// soakPrice is the SESH price the feeders give, at genesis and after,
	// so that a plan costs a few SESH and the senders' funds last for hours.
	soakPrice = "5"
)

// soakSample is one reading of a validator.
type soakSample struct {
	At        time.Duration `json:"at"`
	Height    int64         `json:"height"`
	RSSBytes  int64         `json:"rss_bytes"`
	DiskBytes int64         `json:"disk_bytes"`
	Running   bool          `json:"running"`
}

// soakReport is what make soak prints and writes.
type soakReport struct {
	Duration          string                  `json:"duration"`
	Validators        int                     `json:"validators"`
	FirstHeight       int64                   `json:"first_height"`
	LastHeight        int64                   `json:"last_height"`
	BlocksPerHour     float64                 `json:"blocks_per_hour"`
	TxsIncluded       int64                   `json:"txs_included"`
	TxsPerHour        float64                 `json:"txs_per_hour"`
	Sent              map[string]int          `json:"sent"`
	Refused           map[string]int          `json:"refused_at_checktx"`
	Restarted         string                  `json:"restarted"`
	RSSGrowthPerHour  map[string]float64      `json:"rss_growth_mib_per_hour"`
	DiskGrowthPerHour map[string]float64      `json:"disk_growth_mib_per_hour"`
	Samples           map[string][]soakSample `json:"samples"`
	Invariants        map[string]string       `json:"invariants"`
}

// soakSender is a funded account of the load with its own sequence.
type soakSender struct {
	priv   cryptotypes.PrivKey
	addr   string
	accNum uint64
	seq    uint64
}

// TestSoak runs a 4-validator localnet under a steady mixed load (bank
// sends, pool funding, Pro subscriptions; the feeder's prices and an
// operator's claims now and then) for SOAK_DURATION, kills a validator half
// way and restarts it, samples every validator's height, memory and disk,
// and at the end requires every validator to agree on a block and every
// conservation invariant to hold on each (sessiond invariants). It reports
// blocks, transactions, and memory and disk growth per hour.
func TestSoak(t *testing.T) {
	duration := envDuration(t, "SOAK_DURATION", 30*time.Minute)
	rate := envFloat(t, "SOAK_RATE", 3)
	reportPath := os.Getenv("SOAK_REPORT")
	if reportPath == "" {
		reportPath = filepath.Join(repoRoot, "build", "soak", "report.json")
	}
	ln := initLocalnet(t, localnetOptions{Validators: 4, BlockTime: "1s", SeshPrice: soakPrice})
	ln.start(t)
	node0 := lnNode{ln: ln, i: 0}

	// The senders' funds.
	senders := make([]*soakSender, soakSenders)
	addrs := make([]string, soakSenders)
	for i := range senders {
		priv := secp256k1.GenPrivKey()
		senders[i] = &soakSender{priv: priv, addr: sdk.AccAddress(priv.PubKey().Address()).String()}
		addrs[i] = senders[i].addr
	}
	args := append([]string{"tx", "bank", "multi-send", "alice"}, addrs...)
	res := deliver(t, node0, append(args, "20000000000000nsesh", "--gas", "2000000")...) // 20,000 SESH each
	require.Zero(t, res.Code, res.RawLog)
	clients := []*loadClient{dialLoadClient(t, ln.val(0).grpc, ln.chainID), dialLoadClient(t, ln.val(1).grpc, ln.chainID)}
	auth := authtypes.NewQueryClient(clients[0].conn)
	for _, s := range senders {
		info, err := auth.AccountInfo(context.Background(), &authtypes.QueryAccountInfoRequest{Address: s.addr})
		require.NoError(t, err)
		s.accNum = info.Info.AccountNumber
	}
	keys := make([]string, soakSessionKeys)
	for i := range keys {
		keys[i] = randomHex(t, 32)
	}

	report := soakReport{
		Duration: duration.String(), Validators: ln.n(), Sent: map[string]int{}, Refused: map[string]int{},
		RSSGrowthPerHour: map[string]float64{}, DiskGrowthPerHour: map[string]float64{},
		Samples: map[string][]soakSample{}, Invariants: map[string]string{},
	}
	first, err := ln.height(0)
	require.NoError(t, err)
	report.FirstHeight = first
	start := time.Now()
	var mu sync.Mutex // guards report.Sent, report.Refused and report.Samples
	sample := func() {
		for i := range ln.n() {
			s := soakSample{At: time.Since(start).Round(time.Second)}
			if pid, ok := ln.pid(i); ok {
				s.Running = true
				s.RSSBytes = processRSS(pid)
			}
			s.Height, _ = ln.height(i)
			s.DiskBytes = dirSize(filepath.Join(ln.val(i).home, "data"))
			mu.Lock()
			name := fmt.Sprintf("val%d", i)
			report.Samples[name] = append(report.Samples[name], s)
			mu.Unlock()
		}
	}
	sample()

	ctx, stop := context.WithTimeout(context.Background(), duration)
	defer stop()
	var wg sync.WaitGroup
	// The load: one transaction every 1/rate seconds, the senders in turn.
	wg.Add(1)
	go func() {
		defer wg.Done()
		r := rand.New(rand.NewPCG(uint64(start.UnixNano()), 7))
		tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			s := senders[n%len(senders)]
			kind, msg := soakMsg(r, s, addrs, keys)
			c := clients[n%len(clients)]
			refused := soakSend(ctx, c, s, msg)
			mu.Lock()
			report.Sent[kind]++
			if refused != "" {
				report.Refused[kind+": "+refused]++
			}
			mu.Unlock()
		}
	}()
	// The people: the three feeders' prices (read a few seconds before, as
	// session-pricefeeder reads its sources) and an operator's claim every
	// five minutes; the samples every thirty seconds.
	wg.Add(1)
	go func() {
		defer wg.Done()
		people := time.NewTicker(5 * time.Minute)
		samples := time.NewTicker(soakSampleEvery)
		defer people.Stop()
		defer samples.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-samples.C:
				sample()
			case <-people.C:
				read := time.Now().Add(-5 * time.Second).UTC().Format(time.RFC3339)
				for _, args := range [][]string{
					{"tx", "pro", "submit-price", soakPrice, read, "--from", "feeder1", "--yes", "-o", "json"},
					{"tx", "pro", "submit-price", soakPrice, read, "--from", "feeder2", "--yes", "-o", "json"},
					{"tx", "pro", "submit-price", soakPrice, read, "--from", "feeder3", "--yes", "-o", "json"},
					{"tx", "nodestaking", "claim-rewards", "--from", "bob", "--yes", "-o", "json"},
				} {
					if _, stderr, err := ln.run(0, args...); err != nil {
						t.Logf("%v: %v: %s", args, err, stderr)
					}
				}
			}
		}
	}()
	// Half way, validator 3 crashes; thirty seconds later it comes back.
	select {
	case <-ctx.Done():
	case <-time.After(duration / 2):
		ln.kill(t, 3)
		time.Sleep(30 * time.Second)
		ln.restart(t, 3)
		report.Restarted = fmt.Sprintf("val3 killed at %s and restarted 30 s later", (duration / 2).Round(time.Second))
	}
	<-ctx.Done()
	wg.Wait()
	sample()

	// Every validator reaches the same block; the load is counted from the
	// block headers.
	last, err := ln.height(0)
	require.NoError(t, err)
	ln.waitAllHeight(t, last+2, localnetBlocksTimeout)
	requireSameBlock(t, ln, last+1, []int{0, 1, 2, 3})
	report.LastHeight = last
	report.TxsIncluded = countTxs(t, ln, first+1, last)
	hours := time.Since(start).Hours()
	report.BlocksPerHour = float64(last-first) / hours
	report.TxsPerHour = float64(report.TxsIncluded) / hours
	for name, samples := range report.Samples {
		warm := samples[min(4, len(samples)-1)] // two minutes in: past start-up
		end := samples[len(samples)-1]
		span := (end.At - warm.At).Hours()
		if span <= 0 {
			continue
		}
		report.RSSGrowthPerHour[name] = float64(end.RSSBytes-warm.RSSBytes) / (1 << 20) / span
		report.DiskGrowthPerHour[name] = float64(end.DiskBytes-warm.DiskBytes) / (1 << 20) / span
	}

	out, err := ln.script("stop")
	require.NoError(t, err, out)
	for i := range ln.n() {
		result, ok := ln.invariants(t, ln.val(i).home)
		report.Invariants[fmt.Sprintf("val%d", i)] = strings.TrimSpace(result)
		require.True(t, ok, "validator %d after the soak:\n%s", i, result)
	}
	writeSoakReport(t, reportPath, report)
	require.Positive(t, report.TxsIncluded)
}

// soakMsg draws the next message of sender s: half bank sends to another
// sender, a quarter Pro subscriptions, a quarter pool funding.
func soakMsg(r *rand.Rand, s *soakSender, addrs, keys []string) (string, sdk.Msg) {
	switch p := r.IntN(4); {
	case p < 2:
		to := addrs[r.IntN(len(addrs))]
		amount := sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1+r.Int64N(1_000_000_000)))
		return "send", &banktypes.MsgSend{FromAddress: s.addr, ToAddress: to, Amount: amount}
	case p < 3:
		plan := uint32(1 + r.IntN(3)) //nolint:gosec // 1 to 3
		maxAmount := sdk.NewCoin(protypes.Denom, math.NewInt(100).Mul(seshInt))
		return "subscribe", &protypes.MsgSubscribe{Payer: s.addr, SessionPubkey: keys[r.IntN(len(keys))], PlanId: plan, MaxAmount: maxAmount}
	default:
		return "fund", &rptypes.MsgFundPool{Depositor: s.addr, Amount: sdk.NewInt64Coin(rptypes.Denom, 1+r.Int64N(oneSESH))}
	}
}

// soakSend signs msg as s at its next sequence and broadcasts it; it
// returns why CheckTx refused it, "" when it was taken. A sequence the node
// disagrees with is read again from the chain.
func soakSend(ctx context.Context, c *loadClient, s *soakSender, msg sdk.Msg) string {
	fee := sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, loadFee))
	bz, err := c.sign(s.priv, s.accNum, s.seq, loadGas, fee, msg)
	if err != nil {
		return "sign: " + err.Error()
	}
	res, err := c.broadcast(ctx, bz)
	switch {
	case err != nil:
		return "broadcast error"
	case res.Code == 0:
		s.seq++
		return ""
	case res.Codespace == sdkerrors.RootCodespace && res.Code == sdkerrors.ErrWrongSequence.ABCICode():
		info, err := authtypes.NewQueryClient(c.conn).AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: s.addr})
		if err == nil {
			s.seq = info.Info.Sequence
		}
	}
	return fmt.Sprintf("%s %d", res.Codespace, res.Code)
}

// countTxs sums the transactions of blocks from to to, from the headers
// CometBFT's /blockchain serves (twenty at a time).
func countTxs(t *testing.T, ln *localnet, from, to int64) int64 {
	t.Helper()
	var total int64
	for lo := from; lo <= to; lo += 20 {
		hi := min(lo+19, to)
		var res struct {
			BlockMetas []struct {
				NumTxs string `json:"num_txs"`
			} `json:"block_metas"`
		}
		require.NoError(t, ln.rpc(0, fmt.Sprintf("/blockchain?minHeight=%d&maxHeight=%d", lo, hi), &res))
		require.Len(t, res.BlockMetas, int(hi-lo+1))
		for _, m := range res.BlockMetas {
			n, err := strconv.ParseInt(m.NumTxs, 10, 64)
			require.NoError(t, err)
			total += n
		}
	}
	return total
}

// processRSS returns a process's resident memory in bytes (Linux), 0 if it
// cannot be read.
func processRSS(pid int) int64 {
	bz, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(bz), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// dirSize returns the bytes of the files under dir.
func dirSize(dir string) int64 {
	var total int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return total
}

// writeSoakReport prints the report's figures and writes it as JSON.
func writeSoakReport(t *testing.T, path string, r soakReport) {
	t.Helper()
	t.Logf("soak %s on %d validators: heights %d -> %d (%.0f blocks/h), %d transactions in blocks (%.0f/h); %s",
		r.Duration, r.Validators, r.FirstHeight, r.LastHeight, r.BlocksPerHour, r.TxsIncluded, r.TxsPerHour, r.Restarted)
	t.Logf("sent by kind %v; refused at CheckTx %v", r.Sent, r.Refused)
	for i := range r.Validators {
		name := fmt.Sprintf("val%d", i)
		samples := r.Samples[name]
		last := samples[len(samples)-1]
		t.Logf("%s: memory %.0f MiB at the end, %+.1f MiB/h; disk %.1f MiB, %+.1f MiB/h; %s", name,
			float64(last.RSSBytes)/(1<<20), r.RSSGrowthPerHour[name], float64(last.DiskBytes)/(1<<20), r.DiskGrowthPerHour[name],
			r.Invariants[name])
	}
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	bz, err := json.MarshalIndent(r, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bz, 0o644))
	t.Logf("report written to %s", path)
}

func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	require.NoError(t, err, "%s=%q: want a duration such as 30m", name, s)
	require.Positive(t, d, name)
	return d
}

func envFloat(t *testing.T, name string, def float64) float64 {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	f, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, "%s=%q", name, s)
	require.Positive(t, f, name)
	return f
}
