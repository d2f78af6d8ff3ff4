//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	// upgradeVotingPeriod is the localnet's gov voting period in the
	// upgrade test: long enough for the four votes, short enough to wait.
	upgradeVotingPeriod = 12 * time.Second
	// upgradeLead is how many blocks after the proposal the upgrade is
	// planned: past the end of the vote at the localnet's block time.
	upgradeLead = 45
	// upgradeBuildTimeout bounds building the next binary when make did not.
	upgradeBuildTimeout = 10 * time.Minute
)

// nextSessiond returns the binary the upgrade test upgrades to: the same
// source with another version, so its upgrade handler (named after its
// version, app/upgrades.go) is one the running binary does not have: what a
// new release is to the old one. make test-e2e builds it
// (SESSIOND_NEXT_BIN); otherwise the test builds it.
func nextSessiond(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("SESSIOND_NEXT_BIN"); bin != "" {
		if !filepath.IsAbs(bin) {
			bin = filepath.Join(repoRoot, bin)
		}
		if _, err := os.Stat(bin); err == nil {
			return bin
		}
		t.Logf("SESSIOND_NEXT_BIN=%s does not exist; building it", bin)
	}
	bin := filepath.Join(t.TempDir(), "sessiond-next")
	ctx, cancel := context.WithTimeout(context.Background(), upgradeBuildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin,
		"-ldflags", "-X github.com/cosmos/cosmos-sdk/version.Version=e2e-next", "./cmd/sessiond")
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build the next sessiond: %s", out)
	return bin
}

// TestLocalnetUpgrade upgrades a running 4-validator network the way a
// public one is: a software-upgrade proposal passes by the validators'
// votes, every validator halts at the planned height, each is restarted
// with the new binary, which applies the upgrade (its handler runs the
// module migrations) at that height, and the chain goes on with its state
// intact and the same app hash everywhere.
func TestLocalnetUpgrade(t *testing.T) {
	next := nextSessiond(t)
	name := strings.TrimSpace(runOut(t, next, "version"))
	require.NotEmpty(t, name, "the next binary has no version")

	ln := initLocalnet(t, localnetOptions{})
	ln.editGenesis(t, func(g map[string]any) {
		params := g["app_state"].(map[string]any)["gov"].(map[string]any)["params"].(map[string]any)
		params["voting_period"] = upgradeVotingPeriod.String()
		params["expedited_voting_period"] = (upgradeVotingPeriod / 2).String()
	})
	ln.start(t)
	all := []int{0, 1, 2, 3}
	val0 := lnNode{ln, 0}

	addr := func(name string) string {
		return strings.TrimSpace(ln.cli(t, 0, "keys", "show", name, "-a", "--keyring-backend", "test"))
	}
	alice, bob := addr("alice"), addr("bob")
	nodeKey := strings.TrimSpace(ln.cli(t, 0, "node-key", "show", filepath.Join(ln.val(0).home, "nodes", "alice.key")))
	const sessionKey = "5a0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"
	queries := faultsQueries(alice, bob, nodeKey, sessionKey)

	// State to carry across: a subscription and a bank send.
	var quote struct {
		Amount string `json:"amount"`
	}
	ln.cliJSON(t, 0, &quote, "query", "pro", "quote", "1")
	res := deliver(t, val0, "tx", "pro", "subscribe", sessionKey, "1", "--max-amount", quote.Amount+"nsesh", "--from", "carol", "-o", "json")
	require.Zero(t, res.Code, "subscribe: %s", res.RawLog)
	res = deliver(t, val0, "tx", "bank", "send", "alice", bob, "1000000000nsesh", "-o", "json")
	require.Zero(t, res.Code, "bank send: %s", res.RawLog)

	// The proposal, and every validator's yes.
	h, err := ln.height(0)
	require.NoError(t, err)
	upgradeHeight := h + upgradeLead
	res = deliver(t, val0, "tx", "upgrade", "software-upgrade", name,
		"--upgrade-height", strconv.FormatInt(upgradeHeight, 10), "--no-validate",
		"--title", "Upgrade to "+name, "--summary", "The e2e upgrade rehearsal",
		"--deposit", "10000000nsesh", "--from", ln.val(0).keyName, "-o", "json")
	require.Zero(t, res.Code, "software-upgrade proposal: %s", res.RawLog)
	proposalID := txEventAttr(t, res, "submit_proposal", "proposal_id")
	for _, i := range all {
		res = deliver(t, lnNode{ln, i}, "tx", "gov", "vote", proposalID, "yes", "--from", ln.val(i).keyName, "-o", "json")
		require.Zero(t, res.Code, "validator %d's vote: %s", i, res.RawLog)
	}
	var plan struct {
		Plan struct {
			Name   string `json:"name"`
			Height string `json:"height"`
		} `json:"plan"`
	}
	deadline := time.Now().Add(upgradeVotingPeriod + localnetBlocksTimeout)
	for plan.Plan.Name == "" {
		require.True(t, time.Now().Before(deadline), "the proposal did not pass in time: %s",
			ln.cli(t, 0, "query", "gov", "proposal", proposalID, "-o", "json"))
		time.Sleep(time.Second)
		stdout, _, err := ln.run(0, "query", "upgrade", "plan", "-o", "json")
		if err == nil {
			require.NoError(t, json.Unmarshal([]byte(stdout), &plan))
		}
	}
	require.Equal(t, name, plan.Plan.Name)
	require.Equal(t, strconv.FormatInt(upgradeHeight, 10), plan.Plan.Height)

	// Every validator halts before the upgrade height and says why.
	for _, i := range all {
		ln.waitHeight(t, i, upgradeHeight-1, localnetBlocksTimeout+time.Duration(upgradeLead)*time.Second)
	}
	// CometBFT stores the block of the upgrade height before the app
	// refuses it, so the RPC reports that height; the last state is the one
	// before.
	require.Equal(t, upgradeHeight, faultsWaitStalled(t, ln, all), "the height the old binary stops at")
	stopped := upgradeHeight - 1
	for _, i := range all {
		require.Eventually(t, func() bool {
			return strings.Contains(ln.logTail(i, 200), fmt.Sprintf("UPGRADE %q NEEDED at height: %d", name, upgradeHeight))
		}, localnetBlocksTimeout, 200*time.Millisecond, "validator %d's log:\n%s", i, ln.logTail(i, 30))
	}
	before := faultsSnapshotAt(t, ln, 0, stopped, queries)

	// The new binary, validator by validator.
	for _, i := range all {
		ln.stop(t, i)
	}
	ln.env = append(ln.env, "SESSIOND="+next) // the last value of a key wins
	for _, i := range all {
		ln.restart(t, i)
	}
	for _, i := range all {
		ln.waitHeight(t, i, upgradeHeight+2, localnetBlocksTimeout)
	}
	requireSameBlock(t, ln, upgradeHeight, all)
	requireSameBlock(t, ln, upgradeHeight+1, all)

	var applied struct {
		Height string `json:"height"`
	}
	ln.cliJSON(t, 0, &applied, "query", "upgrade", "applied", name)
	require.Equal(t, strconv.FormatInt(upgradeHeight, 10), applied.Height)
	var versions struct {
		ModuleVersions []struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"module_versions"`
	}
	ln.cliJSON(t, 0, &versions, "query", "upgrade", "module-versions")
	got := map[string]string{}
	for _, v := range versions.ModuleVersions {
		got[v.Name] = v.Version
	}
	for _, m := range []string{"rewardpool", "nodestaking", "pro", "bridge"} {
		require.NotEmpty(t, got[m], "module version of %s", m)
	}

	// The state of the last height before the upgrade, read by the new
	// binary on every validator, is what the old one left.
	for _, i := range all {
		requireSameSnapshot(t, before, faultsSnapshotAt(t, ln, i, stopped, queries), "height %d after the upgrade, validator %d", stopped, i)
	}
	var sub struct {
		Active bool `json:"active"`
	}
	ln.cliJSON(t, 0, &sub, "query", "pro", "subscription", sessionKey)
	require.True(t, sub.Active, "the subscription survives the upgrade")

	// And the new binary takes transactions.
	res = deliver(t, lnNode{ln, 2}, "tx", "bank", "send", ln.val(2).keyName, bob, "1000nsesh", "-o", "json")
	require.Zero(t, res.Code, "bank send after the upgrade: %s", res.RawLog)
}

// runOut runs bin args... and returns its stdout, failing the test on error.
func runOut(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, args...).Output()
	require.NoError(t, err, "%s %v", bin, args)
	return string(out)
}

// txEventAttr returns the value of key in the first event of type typ of a
// delivered transaction.
func txEventAttr(t *testing.T, res txResult, typ, key string) string {
	t.Helper()
	for _, e := range res.Events {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				return a.Value
			}
		}
	}
	t.Fatalf("no %s.%s in the transaction's events", typ, key)
	return ""
}
