//go:build e2e

package e2e

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	// faultsStallCheck is how long the height must stay put, with two of
	// four validators down, for the test to call the chain stopped.
	faultsStallCheck = 4 * time.Second
	// faultsStallTimeout bounds the wait for the height to settle after the
	// second kill (a block already in flight may still commit).
	faultsStallTimeout = 20 * time.Second
)

// faultsSnapshot is the state TestLocalnetFaults compares, each query's
// stdout as the CLI printed it (-o json) at one height.
type faultsSnapshot map[string]string

// faultsQueries are the state queries of a snapshot, by name.
func faultsQueries(alice, bob, nodeKey, sessionKey string) map[string][]string {
	return map[string][]string{
		"alice balance":     {"query", "bank", "balance", alice, "nsesh"},
		"bob balance":       {"query", "bank", "balance", bob, "nsesh"},
		"rewardpool pool":   {"query", "rewardpool", "pool"},
		"rewardpool total":  {"query", "rewardpool", "totals"},
		"nodestaking nodes": {"query", "nodestaking", "nodes"},
		"nodestaking node":  {"query", "nodestaking", "node", nodeKey},
		"pro subscription":  {"query", "pro", "subscription", sessionKey},
	}
}

// snapshot runs every query on validator i's home at height.
func faultsSnapshotAt(t *testing.T, ln *localnet, i int, height int64, queries map[string][]string) faultsSnapshot {
	t.Helper()
	s := faultsSnapshot{}
	for name, args := range queries {
		s[name] = strings.TrimSpace(ln.cli(t, i, append(append([]string{}, args...), "--height", strconv.FormatInt(height, 10), "-o", "json")...))
	}
	return s
}

// requireSameSnapshot checks two snapshots query by query.
func requireSameSnapshot(t *testing.T, want, got faultsSnapshot, format string, args ...any) {
	t.Helper()
	require.Len(t, got, len(want))
	for name, w := range want {
		require.Equal(t, w, got[name], "%s: %s", fmt.Sprintf(format, args...), name)
	}
}

// TestLocalnetFaults builds on TestLocalnetFourValidators with state: after
// a subscription, a bank send and a queued unlock, a validator killed and
// restarted agrees with the others on the app hash and on pool, node and
// subscription state; with two of four killed the chain stops, and once
// they are back it resumes from the stopped height with nothing lost.
func TestLocalnetFaults(t *testing.T) {
	ln := startLocalnet(t, 4)
	all := []int{0, 1, 2, 3}
	val0 := lnNode{ln, 0}

	addr := func(name string) string {
		return strings.TrimSpace(ln.cli(t, 0, "keys", "show", name, "-a", "--keyring-backend", "test"))
	}
	alice, bob := addr("alice"), addr("bob")
	nodeKey := strings.TrimSpace(ln.cli(t, 0, "node-key", "show", filepath.Join(ln.val(0).home, "nodes", "alice.key")))
	require.Len(t, nodeKey, 64)
	const sessionKey = "7a0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"
	queries := faultsQueries(alice, bob, nodeKey, sessionKey)

	// State through the CLI on validator 0: a Pro subscription, a bank send
	// and an unlock request for alice's sample node.
	var quote struct {
		Amount string `json:"amount"`
	}
	ln.cliJSON(t, 0, &quote, "query", "pro", "quote", "1")
	require.NotEmpty(t, quote.Amount)
	res := deliver(t, val0, "tx", "pro", "subscribe", sessionKey, "1", "--max-amount", quote.Amount+"nsesh", "--from", "carol", "-o", "json")
	require.Zero(t, res.Code, "subscribe: %s", res.RawLog)
	res = deliver(t, val0, "tx", "bank", "send", "alice", bob, "1000000000nsesh", "-o", "json")
	require.Zero(t, res.Code, "bank send: %s", res.RawLog)
	res = deliver(t, val0, "tx", "nodestaking", "request-unlock", nodeKey, "--from", "alice", "-o", "json")
	require.Zero(t, res.Code, "request-unlock: %s", res.RawLog)

	type nodeRecord struct {
		Node struct {
			Node struct {
				Status   string     `json:"status"`
				ExitTime *time.Time `json:"exit_time"`
			} `json:"node"`
		} `json:"node"`
	}
	var node nodeRecord
	ln.cliJSON(t, 0, &node, "query", "nodestaking", "node", nodeKey)
	require.Equal(t, "NODE_STATUS_UNLOCKING", node.Node.Node.Status)
	require.NotNil(t, node.Node.Node.ExitTime, "an unlocking node has an exit time")
	exitTime := *node.Node.Node.ExitTime
	var sub struct {
		Active bool `json:"active"`
	}
	ln.cliJSON(t, 0, &sub, "query", "pro", "subscription", sessionKey)
	require.True(t, sub.Active)

	// 1. One of four killed: blocks keep coming.
	t.Log("kill validator 3")
	ln.kill(t, 3)
	h, err := ln.height(0)
	require.NoError(t, err)
	for _, i := range []int{0, 1, 2} {
		ln.waitHeight(t, i, h+3, localnetBlocksTimeout)
	}

	// Restarted, it catches up and holds the same block, app hash and
	// state as the others at one height.
	t.Log("restart validator 3")
	ln.restart(t, 3)
	h, err = ln.height(0)
	require.NoError(t, err)
	ln.waitHeight(t, 3, h+1, localnetBlocksTimeout)
	for _, i := range all {
		ln.waitHeight(t, i, h+1, localnetBlocksTimeout)
	}
	requireSameBlock(t, ln, h, all)
	requireSameBlock(t, ln, h+1, all) // app hash of h+1 = the state after h
	ref := faultsSnapshotAt(t, ln, 0, h, queries)
	for _, i := range all[1:] {
		requireSameSnapshot(t, ref, faultsSnapshotAt(t, ln, i, h, queries), "height %d, validator %d against 0", h, i)
	}

	// 2. Two of four killed: half the power, less than the 2/3 a block
	// needs; the height stops.
	t.Log("kill validators 2 and 3")
	ln.kill(t, 2)
	ln.kill(t, 3)
	stopped := faultsWaitStalled(t, ln, []int{0, 1})
	t.Logf("chain stopped at height %d", stopped)

	// What the stopped chain holds at its last height.
	before := faultsSnapshotAt(t, ln, 0, stopped, queries)
	requireSameSnapshot(t, before, faultsSnapshotAt(t, ln, 1, stopped, queries), "stopped height %d, validator 1 against 0", stopped)
	var stoppedBlock struct {
		BlockID struct {
			Hash string `json:"hash"`
		} `json:"block_id"`
	}
	require.NoError(t, ln.rpc(0, fmt.Sprintf("/block?height=%d", stopped), &stoppedBlock))
	require.NotEmpty(t, stoppedBlock.BlockID.Hash)

	// 3. Both back: the chain resumes from the stopped height.
	t.Log("restart validators 2 and 3")
	ln.restart(t, 2)
	ln.restart(t, 3)
	for _, i := range all {
		ln.waitHeight(t, i, stopped+2, localnetBlocksTimeout)
	}
	requireSameBlock(t, ln, stopped, all)
	requireSameBlock(t, ln, stopped+1, all)
	var again struct {
		BlockID struct {
			Hash string `json:"hash"`
		} `json:"block_id"`
	}
	require.NoError(t, ln.rpc(0, fmt.Sprintf("/block?height=%d", stopped), &again))
	require.Equal(t, stoppedBlock.BlockID.Hash, again.BlockID.Hash, "block %d changed across the stop", stopped)
	for _, i := range all {
		requireSameSnapshot(t, before, faultsSnapshotAt(t, ln, i, stopped, queries), "stopped height %d after the restart, validator %d", stopped, i)
	}

	// The chain goes on, and the unlock is still queued with its exit time.
	h, err = ln.height(0)
	require.NoError(t, err)
	ln.waitHeight(t, 0, h+2, localnetBlocksTimeout)
	node = nodeRecord{}
	ln.cliJSON(t, 0, &node, "query", "nodestaking", "node", nodeKey)
	require.Equal(t, "NODE_STATUS_UNLOCKING", node.Node.Node.Status)
	require.NotNil(t, node.Node.Node.ExitTime)
	require.True(t, exitTime.Equal(*node.Node.Node.ExitTime), "exit time %s, was %s", node.Node.Node.ExitTime, exitTime)
}

// faultsWaitStalled waits until the validators report one height that does not
// move for faultsStallCheck, and returns it; it fails the test if that
// does not happen within faultsStallTimeout.
func faultsWaitStalled(t *testing.T, ln *localnet, validators []int) int64 {
	t.Helper()
	deadline := time.Now().Add(faultsStallTimeout)
	var (
		last  int64 = -1
		since time.Time
	)
	for {
		var hs []int64
		for _, i := range validators {
			h, err := ln.height(i)
			require.NoError(t, err, "validator %d", i)
			hs = append(hs, h)
		}
		same := true
		for _, h := range hs[1:] {
			same = same && h == hs[0]
		}
		switch {
		case !same || hs[0] != last:
			last, since = hs[0], time.Now()
			if !same {
				last = -1
			}
		case time.Since(since) >= faultsStallCheck:
			return last
		}
		if time.Now().After(deadline) {
			t.Fatalf("validators %v did not stop at one height within %s (heights %v)", validators, faultsStallTimeout, hs)
		}
		time.Sleep(pollInterval)
	}
}
