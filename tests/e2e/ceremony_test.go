//go:build e2e

package e2e

import (
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCeremony runs the genesis ceremony of scripts/ceremony.sh for two
// validators: each makes a gentx in its own home, the coordinator builds the
// genesis around them, and check-lock compares the genesis supply with the
// test token held by a stand-in bridge address on geth.
func TestCeremony(t *testing.T) {
	const (
		chainID = "sessionpub-1"
		funds   = 1_000_000 * oneSESH
		stake   = 100_000 * oneSESH
		pool    = 40_000_000 * oneSESH
	)
	dir := t.TempDir()
	script := filepath.Join(repoRoot, "scripts", "ceremony.sh")

	run := func(args ...string) (string, error) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "SESSIOND="+sessiondBin)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := run(args...)
		require.NoError(t, err, "%s:\n%s", strings.Join(args, " "), out)
		return out
	}
	coordHome := filepath.Join(dir, "coordinator")
	ceremony := func(args ...string) (string, error) {
		return run(append([]string{script, "--home", coordHome}, args...)...)
	}
	mustCeremony := func(args ...string) string {
		t.Helper()
		out, err := ceremony(args...)
		require.NoError(t, err, "ceremony %s:\n%s", strings.Join(args, " "), out)
		return out
	}

	// The validators, each in its own home: a key, its account, a gentx.
	gentxs := filepath.Join(dir, "gentxs")
	require.NoError(t, os.MkdirAll(gentxs, 0o755))
	var accounts strings.Builder
	accounts.WriteString("# validators\n")
	for i := range 2 {
		home := filepath.Join(dir, fmt.Sprintf("val%d", i))
		must(sessiondBin, "init", fmt.Sprintf("val%d", i), "--chain-id", chainID, "--home", home)
		must(sessiondBin, "keys", "add", "val", "--keyring-backend", "test", "--home", home)
		addr := strings.TrimSpace(must(sessiondBin, "keys", "show", "val", "-a", "--keyring-backend", "test", "--home", home))
		must(sessiondBin, "genesis", "add-genesis-account", addr, fmt.Sprintf("%dnsesh", funds), "--home", home)
		must(sessiondBin, "genesis", "gentx", "val", fmt.Sprintf("%dnsesh", stake), "--chain-id", chainID,
			"--keyring-backend", "test", "--output-document", filepath.Join(gentxs, fmt.Sprintf("val%d.json", i)), "--home", home)
		fmt.Fprintf(&accounts, "%s %dnsesh\n", addr, funds)
	}
	accountsFile := filepath.Join(dir, "accounts.txt")
	require.NoError(t, os.WriteFile(accountsFile, []byte(accounts.String()), 0o644))

	// The coordinator; every step twice, to show it can be repeated.
	for range 2 {
		mustCeremony("init", "--chain-id", chainID)
		mustCeremony("add-accounts", accountsFile)
		mustCeremony("pool", fmt.Sprintf("%d", pool))
		mustCeremony("collect", gentxs)
	}
	genesis := filepath.Join(coordHome, "config", "genesis.json")
	must(sessiondBin, "genesis", "validate", genesis, "--home", coordHome)
	out, err := ceremony("init", "--chain-id", "other-1")
	require.Error(t, err, "init with another chain id must fail:\n%s", out)
	out, err = ceremony("pool", fmt.Sprintf("%d", pool-1))
	require.Error(t, err, "shrinking the pool must fail:\n%s", out)

	supply := big.NewInt(2*funds + pool)

	// The bridge: a token on geth; an EOA stands in for the bridge contract.
	g := startGeth(t)
	token := g.deployToken(t, new(big.Int).Mul(supply, big.NewInt(2)))
	_, bridgeAddr := newEvmKey(t)

	out, err = ceremony("check-lock", g.url, token.Hex(), bridgeAddr.Hex())
	require.Error(t, err, "nothing locked yet:\n%s", out)
	require.Contains(t, out, "MISMATCH")

	g.transferToken(t, token, g.dev, bridgeAddr, new(big.Int).Sub(supply, big.NewInt(1)))
	out, err = ceremony("check-lock", g.url, token.Hex(), bridgeAddr.Hex())
	require.Error(t, err, "one nsesh short:\n%s", out)
	require.Contains(t, out, "MISMATCH")

	g.transferToken(t, token, g.dev, bridgeAddr, big.NewInt(1))
	out = mustCeremony("check-lock", g.url, token.Hex(), bridgeAddr.Hex())
	require.Contains(t, out, "equals the locked amount")

	// The bridge named in genesis is the default.
	out, err = ceremony("check-lock", g.url, token.Hex())
	require.Error(t, err, "no bridge in genesis yet:\n%s", out)
	mustCeremony("bridge", g.chainID.String(), bridgeAddr.Hex())
	mustCeremony("check-lock", g.url, token.Hex())

	must(sessiondBin, "genesis", "validate", genesis, "--home", coordHome)
	out = mustCeremony("finalize")
	require.Contains(t, out, "validators: 2")
	require.Contains(t, out, "sha256:")
}
