//go:build e2e

package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// eventAttr returns an attribute of the first event of a type, unquoted.
func eventAttr(t *testing.T, res txResult, typ, key string) string {
	t.Helper()
	for _, ev := range res.Events {
		if ev.Type != typ {
			continue
		}
		for _, a := range ev.Attributes {
			if a.Key == key {
				return strings.Trim(a.Value, `"`)
			}
		}
	}
	t.Fatalf("no %s.%s in tx %s", typ, key, res.TxHash)
	return ""
}

// TestNodeStakingCLI registers and fills a Session Node from the CLI of the
// real binary, lets it earn, claims and sees the balance rise.
func TestNodeStakingCLI(t *testing.T) {
	d := startDevnet(t)

	// The development genesis starts with three active sample nodes.
	var stats struct {
		ActiveNodes string `json:"active_nodes"`
	}
	d.cliJSON(t, &stats, "query", "nodestaking", "stats")
	require.Equal(t, "3", stats.ActiveNodes)

	keyFile := filepath.Join(t.TempDir(), "node.key")
	pubkey := strings.TrimSpace(d.cli(t, "node-key", "generate", keyFile))
	require.Len(t, pubkey, 64)

	// bob registers with 10,000 SESH and a 10% fee; carol fills the rest.
	sent := d.broadcast(t, "tx", "nodestaking", "register-node", "10000000000000nsesh",
		"--node-key-file", keyFile, "--fee-bps", "1000", "--from", "bob", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res := d.waitTx(t, sent.TxHash)
	require.Zero(t, res.Code, "register-node: %s", res.RawLog)
	require.Equal(t, pubkey, eventAttr(t, res, "sessionchain.nodestaking.v1.EventNodeRegistered", "pubkey"))

	var next struct {
		Minimum string `json:"minimum"`
		Maximum string `json:"maximum"`
	}
	d.cliJSON(t, &next, "query", "nodestaking", "next-contribution", pubkey)
	require.Equal(t, "1666666666667", next.Minimum, "ceil(15,000 SESH / 9 spots)")
	require.Equal(t, "15000000000000", next.Maximum)

	sent = d.broadcast(t, "tx", "nodestaking", "contribute", pubkey, "15000000000000nsesh", "--from", "carol", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res = d.waitTx(t, sent.TxHash)
	require.Zero(t, res.Code, "contribute: %s", res.RawLog)
	require.Equal(t, pubkey, eventAttr(t, res, "sessionchain.nodestaking.v1.EventNodeActivated", "pubkey"))

	var node struct {
		Node struct {
			Node struct {
				Status string `json:"status"`
			} `json:"node"`
		} `json:"node"`
	}
	d.cliJSON(t, &node, "query", "nodestaking", "node", pubkey)
	require.Equal(t, "NODE_STATUS_ACTIVE", node.Node.Node.Status)

	// Let it earn a few blocks, then carol claims.
	h, err := d.latestHeight()
	require.NoError(t, err)
	d.waitForHeight(t, h+3, 20*time.Second)
	carol := strings.TrimSpace(d.cli(t, "keys", "show", "carol", "-a", "--keyring-backend", "test"))
	var rewards struct {
		Claimable string `json:"claimable"`
		Pending   string `json:"pending"`
	}
	d.cliJSON(t, &rewards, "query", "nodestaking", "rewards", carol)
	require.True(t, mustInt(t, rewards.Pending).IsPositive(), "carol's node share is pending: %+v", rewards)

	before := d.nseshBalance(t, carol)
	sent = d.broadcast(t, "tx", "nodestaking", "claim-rewards", "--from", "carol", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res = d.waitTx(t, sent.TxHash)
	require.Zero(t, res.Code, "claim-rewards: %s", res.RawLog)
	claimed := mustInt(t, eventAttr(t, res, "sessionchain.nodestaking.v1.EventRewardsClaimed", "amount"))
	require.True(t, claimed.GTE(mustInt(t, rewards.Pending)), "claimed %s, pending was %s", claimed, rewards.Pending)
	require.Equal(t, before.Add(claimed).String(), d.nseshBalance(t, carol).String(), "carol's balance rose by the claim (no fees)")

	// Only the node's contributors may unlock it: the validator's request is
	// refused in the block with the registered error.
	sent = d.broadcast(t, "tx", "nodestaking", "request-unlock", pubkey, "--from", "validator", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res = d.waitTx(t, sent.TxHash)
	want := errOf(nstypes.ErrNotContributor)
	require.Equal(t, want.codespace, res.Codespace, res.RawLog)
	require.Equal(t, want.code, res.Code, res.RawLog)
	d.cliJSON(t, &node, "query", "nodestaking", "node", pubkey)
	require.Equal(t, "NODE_STATUS_ACTIVE", node.Node.Node.Status)
}
