//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// portalTimeout bounds the browser run.
const portalTimeout = 5 * time.Minute

// portalReport is what tests/portal/portal.test.cjs writes.
type portalReport struct {
	Steps []struct {
		Name string `json:"name"`
	} `json:"steps"`
	A11y struct {
		Controls    int      `json:"controls"`
		Unlabeled   []string `json:"unlabeled"`
		Unnamed     []string `json:"unnamed"`
		Captions    bool     `json:"captions"`
		KeyboardNav bool     `json:"keyboardNav"`
	} `json:"a11y"`
	KeplrCalls    []string `json:"keplrCalls"`
	ConsoleErrors []string `json:"consoleErrors"`
	Address       string   `json:"address"`
	ContributeTx  string   `json:"contributeTx"`
	ClaimTx       string   `json:"claimTx"`
	ExitTx        string   `json:"exitTx"`
	// OpenNodeQueries are the query strings of the portal's open_nodes requests.
	OpenNodeQueries []string `json:"openNodeQueries"`
	MedianFee       struct {
		Text string `json:"text"`
		Bps  string `json:"bps"`
	} `json:"medianFee"`
	// PerDay and LifetimeClaimed are the nsesh the "my stakes" page showed
	// (the estimate per day; rewards claimed in all, after the claim).
	PerDay          string `json:"perDay"`
	LifetimeClaimed string `json:"lifetimeClaimed"`
	// Recent is the "rewards in the last 24 h" figure: its nsesh and the
	// blocks it counts from and to.
	Recent struct {
		Nsesh string `json:"nsesh"`
		From  string `json:"from"`
		To    string `json:"to"`
		Text  string `json:"text"`
	} `json:"recent"`
}

// TestPortalInBrowser opens the staking portal (built from portal/, served
// as plain files) in headless Chromium against a devnet, signs with a CosmJS
// signer injected as window.keplr, and checks that what the browser did is
// in the chain's state: a contribution to an open node, a claim, an exit
// request. Screenshots of the main pages go to build/portal-artifacts.
func TestPortalInBrowser(t *testing.T) {
	d := startDevnet(t)
	tmp := t.TempDir()

	// An open node: the validator registers one with a quarter of the stake.
	openKey := filepath.Join(tmp, "open.key")
	d.cli(t, "node-key", "generate", openKey)
	openNode := strings.TrimSpace(d.cli(t, "node-key", "show", openKey))
	res := deliver(t, d, "tx", "nodestaking", "register-node", "6250000000000nsesh", "--node-key-file", openKey,
		"--fee-bps", "700", "--from", "validator")
	requireCode(t, res, "", 0)
	myNode := strings.TrimSpace(d.cli(t, "node-key", "show", filepath.Join(d.home, "nodes", "alice.key")))
	alice := strings.TrimSpace(d.cli(t, "keys", "show", "alice", "-a", "--keyring-backend", "test"))

	// Build the portal for this devnet and serve it on a port of our own.
	out := filepath.Join(tmp, "portal")
	build := exec.Command("bash", "scripts/portal.sh", "build")
	build.Dir = repoRoot
	build.Env = append(os.Environ(), "PORTAL_OUT="+out, "RPC_URL="+d.rpcURL(), "REST_URL="+d.apiURL(), "CHAIN_ID=sessiond-e2e-1")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("scripts/portal.sh build: %v\n%s", err, b)
	}
	portalURL := servePortal(t, out)

	artifacts := filepath.Join(repoRoot, "build", "portal-artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	reportPath := filepath.Join(tmp, "report.json")
	ctx, cancel := context.WithTimeout(context.Background(), portalTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "tests/portal/portal.test.cjs")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(),
		"NODE_PATH="+filepath.Join(repoRoot, "build", "npm", "js", "node_modules"),
		"PORTAL_URL="+portalURL,
		"TEST_KEY="+exportKeyHex(t, d, "alice"),
		"OPEN_NODE="+openNode,
		"MY_NODE="+myNode,
		"ARTIFACTS="+artifacts,
		"REPORT="+reportPath,
	)
	b, err := cmd.CombinedOutput()
	t.Logf("tests/portal/portal.test.cjs:\n%s", b)
	if err != nil {
		t.Fatalf("tests/portal/portal.test.cjs: %v", err)
	}
	var report portalReport
	bz, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(bz, &report); err != nil {
		t.Fatal(err)
	}

	if report.Address != alice {
		t.Errorf("the portal signed as %s, want alice %s", report.Address, alice)
	}
	if len(report.ConsoleErrors) > 0 {
		t.Errorf("browser console errors: %q", report.ConsoleErrors)
	}
	if len(report.A11y.Unlabeled) > 0 || len(report.A11y.Unnamed) > 0 || !report.A11y.Captions || !report.A11y.KeyboardNav {
		t.Errorf("accessibility: %+v", report.A11y)
	}
	wantCalls := []string{"suggest sessiond-e2e-1", "enable sessiond-e2e-1", "signer sessiond-e2e-1"}
	for i, c := range wantCalls {
		if i >= len(report.KeplrCalls) || report.KeplrCalls[i] != c {
			t.Errorf("window.keplr calls %q, want them to start with %q", report.KeplrCalls, wantCalls)
			break
		}
	}

	// The chain has what the browser did.
	for what, hash := range map[string]string{"contribute": report.ContributeTx, "claim": report.ClaimTx, "exit": report.ExitTx} {
		tx := d.restTx(t, hash)
		if tx.TxResponse.Code != 0 {
			t.Errorf("%s tx %s: code %d %s", what, hash, tx.TxResponse.Code, tx.TxResponse.RawLog)
		}
	}
	var mine struct {
		Nodes []struct {
			Pubkey string `json:"pubkey"`
			Amount string `json:"amount"`
		} `json:"nodes"`
	}
	d.cliJSON(t, &mine, "query", "nodestaking", "contributor-nodes", alice)
	found := false
	for _, n := range mine.Nodes {
		found = found || n.Pubkey == openNode
	}
	if !found {
		t.Errorf("alice's nodes %+v: the open node %s is missing after the contribution", mine.Nodes, openNode)
	}
	// The chain's portal queries, as the browser used them.
	for _, q := range []string{"max_fee_bps=500", "max_min_contribution=1000000000", "min_room=25000000000000"} {
		if !slices.ContainsFunc(report.OpenNodeQueries, func(s string) bool { return strings.Contains(s, q) }) {
			t.Errorf("the open-node filters never asked the chain for %s: %q", q, report.OpenNodeQueries)
		}
	}
	var median struct {
		MedianFeeBps uint32 `json:"median_fee_bps"`
	}
	d.cliJSON(t, &median, "query", "nodestaking", "median-fee")
	if report.MedianFee.Bps != strconv.FormatUint(uint64(median.MedianFeeBps), 10) {
		t.Errorf("the portal showed a median fee of %q bps, the chain says %d", report.MedianFee.Bps, median.MedianFeeBps)
	}
	var totals struct {
		Totals struct {
			RewardsClaimed string `json:"rewards_claimed"`
		} `json:"totals"`
	}
	d.cliJSON(t, &totals, "query", "nodestaking", "address-totals", alice)
	if report.LifetimeClaimed == "" || report.LifetimeClaimed != totals.Totals.RewardsClaimed {
		t.Errorf("the portal showed %q claimed in all, the chain counts %q", report.LifetimeClaimed, totals.Totals.RewardsClaimed)
	}
	checkRecentRewards(t, d, alice, report.Recent.Nsesh, report.Recent.From, report.Recent.To, report.Recent.Text)
	if perDay, ok := new(big.Int).SetString(report.PerDay, 10); !ok || perDay.Sign() <= 0 {
		t.Errorf("the portal's estimate per day for alice's active node is %q, want a positive amount", report.PerDay)
	}
	if status := d.nodeStatus(t, myNode); status != "NODE_STATUS_UNLOCKING" {
		t.Errorf("alice's node after the exit request: %s, want NODE_STATUS_UNLOCKING", status)
	}
	for _, name := range []string{"01-open-nodes", "02-contribute-form", "03-rejected", "04-my-stakes", "05-exit-requested", "06-pool", "07-register"} {
		if fi, err := os.Stat(filepath.Join(artifacts, name+".png")); err != nil || fi.Size() == 0 {
			t.Errorf("screenshot %s.png missing: %v", name, err)
		}
	}
}

// servePortal serves dir with portal/serve.cjs on a free loopback port until
// the test ends, and returns its URL.
func servePortal(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command("node", "portal/serve.cjs", dir, "0")
	cmd.Dir = repoRoot
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("portal/serve.cjs: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		_ = cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "portal at ") {
				lines <- strings.TrimPrefix(sc.Text(), "portal at ")
			}
		}
	}()
	select {
	case url := <-lines:
		if _, err := strconv.Atoi(url[strings.LastIndex(url[:len(url)-1], ":")+1 : len(url)-1]); err != nil {
			t.Fatalf("portal/serve.cjs printed %q", url)
		}
		return url
	case <-time.After(30 * time.Second):
		t.Fatal("portal/serve.cjs did not print its address within 30s")
		return ""
	}
}

// checkRecentRewards recomputes the portal's "rewards in the last 24 h" from
// the chain's state at the two heights it names, with the CLI's --height:
// what the address had earned by block to (claimed, claimable and pending)
// less what it had earned by block from. The devnet is younger than a day,
// so the window starts at the first block.
func checkRecentRewards(t *testing.T, d *devnet, addr, nsesh, from, to, text string) {
	t.Helper()
	if nsesh == "" {
		t.Errorf("the portal shows no rewards of the last 24 h: %q", text)
		return
	}
	if from != "1" {
		t.Errorf("the last 24 h of a devnet younger than a day start at block %s, want 1", from)
	}
	earned := func(height string) *big.Int {
		var totals struct {
			Totals struct {
				RewardsClaimed string `json:"rewards_claimed"`
			} `json:"totals"`
		}
		d.cliJSON(t, &totals, "query", "nodestaking", "address-totals", addr, "--height", height)
		var rewards struct {
			Claimable string `json:"claimable"`
			Pending   string `json:"pending"`
		}
		d.cliJSON(t, &rewards, "query", "nodestaking", "rewards", addr, "--height", height)
		sum := new(big.Int)
		for _, s := range []string{totals.Totals.RewardsClaimed, rewards.Claimable, rewards.Pending} {
			if s == "" {
				continue // zero is left out of the JSON
			}
			v, ok := new(big.Int).SetString(s, 10)
			if !ok {
				t.Fatalf("amount %q at height %s", s, height)
			}
			sum.Add(sum, v)
		}
		return sum
	}
	want := new(big.Int).Sub(earned(to), earned(from))
	if want.String() != nsesh {
		t.Errorf("the portal shows %s nsesh in the last 24 h (blocks %s to %s), the chain's state says %s", nsesh, from, to, want)
	}
	if want.Sign() <= 0 {
		t.Errorf("alice earned %s in blocks %s to %s, want a positive amount from her active node", want, from, to)
	}
}
