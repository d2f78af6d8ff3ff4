//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// forkedChainID is the chain id TestLocalnetHardFork moves the network to.
const forkedChainID = "sessionlocal-e2e-2"

// invariants runs `sessiond invariants` on validator i's home (the node must
// be stopped) and returns its output and whether every invariant held.
func (ln *localnet) invariants(t *testing.T, home string) (string, bool) {
	t.Helper()
	cmd := exec.Command(sessiondBin, "invariants", "--home", home)
	out, err := cmd.CombinedOutput()
	if err != nil {
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, "sessiond invariants: %s", out)
		return string(out), false
	}
	return string(out), true
}

// exportedState is what TestLocalnetHardFork reads of an exported genesis.
type exportedState struct {
	ChainID       string          `json:"chain_id"`
	InitialHeight json.Number     `json:"initial_height"`
	AppState      json.RawMessage `json:"app_state"`
}

// balanceAt reads addr's nsesh balance as of height on validator i.
func balanceAt(t *testing.T, ln *localnet, i int, addr string, height int64) string {
	t.Helper()
	var res struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	ln.cliJSON(t, i, &res, "query", "bank", "balance", addr, "nsesh", "--height", strconv.FormatInt(height, 10))
	return res.Balance.Amount
}

// supplyAt reads the nsesh supply as of height on validator i.
func supplyAt(t *testing.T, ln *localnet, i int, height int64) string {
	t.Helper()
	var res struct {
		Amount struct {
			Amount string `json:"amount"`
		} `json:"amount"`
	}
	ln.cliJSON(t, i, &res, "query", "bank", "total-supply-of", "nsesh", "--height", strconv.FormatInt(height, 10))
	return res.Amount.Amount
}

// TestLocalnetHardFork takes a 4-validator network through the README's hard
// fork: after some activity every validator stops, the invariants hold on
// each, every validator exports the same state, the new genesis renames the
// chain, and the network restarts from it. The new chain carries every
// balance and module total, refuses transactions signed for the old chain
// id, accepts new ones, keeps the invariants and keeps making blocks.
func TestLocalnetHardFork(t *testing.T) {
	ln := startLocalnet(t, 4)
	oldChainID := ln.chainID
	alice := strings.TrimSpace(ln.cli(t, 0, "keys", "show", "alice", "-a"))
	bob := strings.TrimSpace(ln.cli(t, 0, "keys", "show", "bob", "-a"))
	carol := strings.TrimSpace(ln.cli(t, 0, "keys", "show", "carol", "-a"))
	node0 := lnNode{ln: ln, i: 0}

	// Activity that every custom module's state records.
	for _, args := range [][]string{
		{"tx", "rewardpool", "fund-pool", "1000000000000nsesh", "--from", "alice"},
		{
			"tx", "pro", "subscribe", "7a0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677", "1",
			"--max-amount", "200000000000nsesh", "--from", "carol",
		},
		{"tx", "bank", "send", "alice", bob, "5000000000nsesh"},
		{"tx", "nodestaking", "claim-rewards", "--from", "bob"},
	} {
		res := deliver(t, node0, args...)
		require.Zero(t, res.Code, "%v: %s", args, res.RawLog)
	}
	h, err := ln.height(0)
	require.NoError(t, err)
	ln.waitAllHeight(t, h+2, localnetBlocksTimeout)

	// Every validator stops; the invariants hold on each one's state.
	out, err := ln.script("stop")
	require.NoError(t, err, out)
	for i := range ln.n() {
		report, ok := ln.invariants(t, ln.val(i).home)
		require.True(t, ok, "validator %d before the fork:\n%s", i, report)
		t.Logf("validator %d, old chain: %s", i, strings.TrimSpace(report))
	}

	// The fork: exports compared, the new genesis made, every home reset.
	out, err = ln.script("fork", forkedChainID)
	require.NoError(t, err, out)
	t.Log(strings.TrimSpace(out))
	require.Contains(t, out, "every validator exported the same state")
	forkDir := filepath.Join(ln.home, "fork", oldChainID)
	var exported, genesis exportedState
	readJSON(t, filepath.Join(forkDir, "export-val0.json"), &exported)
	readJSON(t, filepath.Join(forkDir, "genesis-"+forkedChainID+".json"), &genesis)
	require.Equal(t, oldChainID, exported.ChainID)
	require.Equal(t, forkedChainID, genesis.ChainID)
	require.Equal(t, exported.InitialHeight, genesis.InitialHeight)
	require.JSONEq(t, string(exported.AppState), string(genesis.AppState), "the fork changes no state")
	for i := range ln.n() {
		var onDisk exportedState
		readJSON(t, filepath.Join(ln.val(i).home, "config", "genesis.json"), &onDisk)
		require.Equal(t, genesis, onDisk, "validator %d's genesis", i)
	}
	first, err := strconv.ParseInt(genesis.InitialHeight.String(), 10, 64)
	require.NoError(t, err)
	balances, supply := exportedBank(t, exported.AppState)

	// The new chain starts where the old one stopped.
	ln.chainID = forkedChainID
	ln.start(t)
	ln.waitAllHeight(t, first+2, localnetBlocksTimeout)
	var status struct {
		NodeInfo struct {
			Network string `json:"network"`
		} `json:"node_info"`
	}
	require.NoError(t, ln.rpc(1, "/status", &status))
	require.Equal(t, forkedChainID, status.NodeInfo.Network)

	// Balances and the supply as the export left them, read at the new
	// chain's first block (which moves no tokens between people).
	for _, a := range []string{alice, bob, carol} {
		require.Equal(t, balances[a], balanceAt(t, ln, 2, a, first), "%s's balance after the fork", a)
	}
	require.Equal(t, supply, supplyAt(t, ln, 3, first), "the supply after the fork")

	// A transaction signed for the old chain id is refused; one for the new
	// id goes through, and blocks keep coming on every validator.
	stdout, stderr, err := ln.run(0, "tx", "bank", "send", "alice", bob, "1000nsesh", "--chain-id", oldChainID, "--yes", "-o", "json")
	if err == nil {
		var res txResult
		require.NoError(t, json.Unmarshal([]byte(stdout), &res), stdout)
		require.NotZero(t, res.Code, "a transaction signed for %s was accepted: %s", oldChainID, stdout)
		require.Contains(t, res.RawLog, "signature verification failed")
	} else {
		require.Contains(t, stdout+stderr, "signature verification failed")
	}
	res := deliver(t, node0, "tx", "bank", "send", "alice", bob, "1000nsesh")
	require.Zero(t, res.Code, res.RawLog)
	h, err = ln.height(0)
	require.NoError(t, err)
	ln.waitAllHeight(t, h+5, localnetBlocksTimeout)
	requireSameBlock(t, ln, h+4, []int{0, 1, 2, 3})

	// The invariants hold on the new chain too, counted from its genesis.
	out, err = ln.script("stop")
	require.NoError(t, err, out)
	// The custom modules' totals, less what blocks move (emission, reward
	// accounting), are what the old chain exported.
	again := filepath.Join(t.TempDir(), "again.json")
	ln.cli(t, 1, "export", "--output-document", again)
	oldState, newState := readGenesis(t, filepath.Join(forkDir, "export-val0.json")), readGenesis(t, again)
	for _, m := range []string{"rewardpool", "nodestaking", "pro", "bridge"} {
		require.JSONEq(t, stableSection(t, m, oldState.AppState[m]), stableSection(t, m, newState.AppState[m]), "%s after the fork", m)
	}
	for i := range ln.n() {
		report, ok := ln.invariants(t, ln.val(i).home)
		require.True(t, ok, "validator %d after the fork:\n%s", i, report)
		t.Logf("validator %d, new chain: %s", i, strings.TrimSpace(report))
	}
	// And the check is not blind: a genesis that claims one more nsesh than
	// the chain ever had breaks the supply invariant.
	tampered := t.TempDir()
	require.NoError(t, exec.Command("cp", "-r", ln.val(0).home+"/.", tampered).Run())
	addToFirstBalance(t, filepath.Join(tampered, "config", "genesis.json"))
	report, ok := ln.invariants(t, tampered)
	require.False(t, ok, "a tampered genesis passed:\n%s", report)
	require.Contains(t, report, "supply:")
}

// exportedBank reads the nsesh balances by address and the nsesh supply
// of an exported app state.
func exportedBank(t *testing.T, appState json.RawMessage) (map[string]string, string) {
	t.Helper()
	type coin struct {
		Denom  string `json:"denom"`
		Amount string `json:"amount"`
	}
	var state struct {
		Bank struct {
			Balances []struct {
				Address string `json:"address"`
				Coins   []coin `json:"coins"`
			} `json:"balances"`
			Supply []coin `json:"supply"`
		} `json:"bank"`
	}
	require.NoError(t, json.Unmarshal(appState, &state))
	nsesh := func(coins []coin) string {
		for _, c := range coins {
			if c.Denom == "nsesh" {
				return c.Amount
			}
		}
		return "0"
	}
	balances := map[string]string{}
	for _, b := range state.Bank.Balances {
		balances[b.Address] = nsesh(b.Coins)
	}
	return balances, nsesh(state.Bank.Supply)
}

// addToFirstBalance adds one nsesh to the first balance of a genesis file
// and to the supply, which x/bank then accepts.
func addToFirstBalance(t *testing.T, path string) {
	t.Helper()
	var g map[string]any
	readJSON(t, path, &g)
	bank := g["app_state"].(map[string]any)["bank"].(map[string]any)
	bump := func(coin map[string]any) {
		n, err := strconv.ParseInt(coin["amount"].(string), 10, 64)
		require.NoError(t, err)
		coin["amount"] = strconv.FormatInt(n+1, 10)
	}
	bump(bank["balances"].([]any)[0].(map[string]any)["coins"].([]any)[0].(map[string]any))
	for _, c := range bank["supply"].([]any) {
		if coin := c.(map[string]any); coin["denom"] == "nsesh" {
			bump(coin)
		}
	}
	bz, err := json.Marshal(g)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bz, 0o600))
}

// readJSON decodes the JSON file at path into out, keeping numbers as
// json.Number.
func readJSON(t *testing.T, path string, out any) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	require.NoError(t, dec.Decode(out), path)
}
