//go:build e2e

package e2e

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/client/cli"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

const (
	// livenessInterval and livenessTimeout are the uptime proof params the
	// liveness devnet runs with: a node is decommissioned 20 s after its
	// last proof, and proofs are accepted 1 s apart. The nodes' clocks start
	// at genesis, which the devnet writes before the rest of its set-up:
	// on a slow 2-vCPU machine the chain reached height 2 only 11.5–13.5 s
	// later, so the timeout leaves room for that.
	livenessInterval = 2 * time.Second
	livenessTimeout  = 20 * time.Second
	// decommissionedEvent is the typed event EndBlock emits.
	decommissionedEvent = "sessionchain.nodestaking.v1.EventNodeDecommissioned"
	// maxScannedBlocks bounds the block_results scan for that event.
	maxScannedBlocks = 200
)

// livenessState is Query/Liveness as the CLI prints it.
type livenessState struct {
	Status           string     `json:"status"`
	Credit           string     `json:"credit"`
	LastProofAt      *time.Time `json:"last_proof_at"`
	Proofs           uint64     `json:"proofs,string"`
	ProofDeadline    *time.Time `json:"proof_deadline"`
	DecommissionedAt *time.Time `json:"decommissioned_at"`
	CreditRunsOut    *time.Time `json:"credit_runs_out"`
	Endpoint         *struct {
		PublicIP    string `json:"public_ip"`
		StoragePort uint32 `json:"storage_port"`
		QuicPort    uint32 `json:"quic_port"`
	} `json:"endpoint"`
}

// e2eEndpoint is the endpoint the e2e nodes' proofs register, and
// e2eEndpointFlags the uptime-proof flags that give it.
var (
	e2eEndpoint = nstypes.NodeEndpoint{
		PublicIp: "203.0.113.7", StoragePort: 22021, QuicPort: 22020, NodeVersion: "11.0.2", StorageVersion: "2.8.0",
	}
	e2eEndpointFlags = []string{
		"--ip", "203.0.113.7", "--storage-port", "22021", "--quic-port", "22020",
		"--node-version", "11.0.2", "--storage-version", "2.8.0",
	}
)

func (l livenessState) credit(t *testing.T) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(l.Credit)
	require.NoError(t, err, "credit %q", l.Credit)
	return d
}

func (d *devnet) liveness(t *testing.T, pubkey string) livenessState {
	t.Helper()
	var l livenessState
	d.cliJSON(t, &l, "query", "nodestaking", "liveness", pubkey)
	return l
}

func (d *devnet) nodeStatus(t *testing.T, pubkey string) string {
	t.Helper()
	var res struct {
		Node struct {
			Node struct {
				Status string `json:"status"`
			} `json:"node"`
		} `json:"node"`
	}
	d.cliJSON(t, &res, "query", "nodestaking", "node", pubkey)
	return res.Node.Node.Status
}

type rewardsState struct {
	Claimable string `json:"claimable"`
	Pending   string `json:"pending"`
}

func (d *devnet) rewards(t *testing.T, addr string) rewardsState {
	t.Helper()
	var r rewardsState
	d.cliJSON(t, &r, "query", "nodestaking", "rewards", addr)
	return r
}

type quorumState struct {
	Period string `json:"period"`
	Quorum struct {
		Members  []string `json:"members"`
		Required uint32   `json:"required"`
	} `json:"quorum"`
}

type votesState struct {
	Votes []struct {
		Voter string `json:"voter"`
		State string `json:"state"`
	} `json:"votes"`
}

// latestBlock returns the latest height and block time from CometBFT's /status.
func (d *devnet) latestBlock(t *testing.T) (int64, time.Time) {
	t.Helper()
	var status struct {
		Result struct {
			SyncInfo struct {
				Height string    `json:"latest_block_height"`
				Time   time.Time `json:"latest_block_time"`
			} `json:"sync_info"`
		} `json:"result"`
	}
	d.rpcGet(t, "/status", &status)
	h, err := strconv.ParseInt(status.Result.SyncInfo.Height, 10, 64)
	require.NoError(t, err)
	return h, status.Result.SyncInfo.Time
}

// chainID returns the network name CometBFT reports.
func (d *devnet) chainID(t *testing.T) string {
	t.Helper()
	var status struct {
		Result struct {
			NodeInfo struct {
				Network string `json:"network"`
			} `json:"node_info"`
		} `json:"result"`
	}
	d.rpcGet(t, "/status", &status)
	return status.Result.NodeInfo.Network
}

// abciEvent is an event of CometBFT's RPC; typed events carry their field
// values as JSON.
type abciEvent struct {
	Type       string `json:"type"`
	Attributes []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"attributes"`
}

func (e abciEvent) attr(key string) string {
	for _, a := range e.Attributes {
		if a.Key == key {
			return strings.Trim(a.Value, `"`)
		}
	}
	return ""
}

// finalizeEvents returns the block-level (BeginBlock and EndBlock) events of a height.
func (d *devnet) finalizeEvents(t *testing.T, height int64) []abciEvent {
	t.Helper()
	var res struct {
		Result struct {
			Events []abciEvent `json:"finalize_block_events"`
		} `json:"result"`
	}
	d.rpcGet(t, fmt.Sprintf("/block_results?height=%d", height), &res)
	return res.Result.Events
}

// rpcGet GETs a CometBFT RPC path and decodes the JSON answer into out.
func (d *devnet) rpcGet(t *testing.T, path string, out any) {
	t.Helper()
	resp, err := httpClient.Get(d.rpcURL() + path)
	require.NoError(t, err, "GET %s", path)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "GET %s", path)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(out), "GET %s", path)
}

// waitBlockTime waits until the chain's latest block is at or after t0.
func (d *devnet) waitBlockTime(t *testing.T, t0 time.Time, timeout time.Duration) {
	t.Helper()
	eventually(t, timeout, "block time "+t0.Format(time.RFC3339Nano), func() (bool, string) {
		_, bt := d.latestBlock(t)
		return !bt.Before(t0), bt.Format(time.RFC3339Nano)
	})
}

// requireErr checks that a tx failed with a registered error.
func requireErr(t *testing.T, res txResult, err *errorsmod.Error) {
	t.Helper()
	requireCode(t, res, err.Codespace(), err.ABCICode())
}

// TestLiveness runs Session Node liveness on a devnet whose nodes must prove
// they are up every 2 s and fail after 20 s without a proof: alice's node
// proves through the CLI, stops, is decommissioned by EndBlock and earns
// nothing, then a fresh proof brings it back with less credit. Bad proofs and
// votes are refused with their registered errors and change nothing.
func TestLiveness(t *testing.T) {
	// A gap of over 10 s between blocks is a halt (a slow start of the
	// devnet on a loaded machine counts as one, and costs the nodes nothing),
	// and quorums of two that two votes decide, so that the few nodes of a
	// devnet can vote (the default threshold of 7 needs 8 serving nodes).
	d := startDevnetEnv(t,
		"UPTIME_PROOF_INTERVAL="+livenessInterval.String(),
		"UPTIME_PROOF_TIMEOUT="+livenessTimeout.String(),
		"HALT_THRESHOLD=10s", "QUORUM_SIZE=2", "QUORUM_THRESHOLD=2", "TESTING_PERIOD=120s")
	keyFile := func(operator string) string { return filepath.Join(d.home, "nodes", operator+".key") }
	pubkeyOf := func(operator string) string {
		return strings.TrimSpace(d.cli(t, "node-key", "show", keyFile(operator)))
	}
	alice, bob, carol := pubkeyOf("alice"), pubkeyOf("bob"), pubkeyOf("carol")
	aliceAddr := strings.TrimSpace(d.cli(t, "keys", "show", "alice", "-a", "--keyring-backend", "test"))
	proof := func(args ...string) txResult {
		t.Helper()
		return deliver(t, d, append(append([]string{"tx", "nodestaking", "uptime-proof"}, e2eEndpointFlags...), args...)...)
	}

	// 1. alice's node proves it is up; each proof moves its clock.
	t.Log("step 1: uptime proofs through the CLI")
	l := d.liveness(t, alice)
	require.Equal(t, "NODE_STATUS_ACTIVE", l.Status,
		"alice's node must still be active: the devnet took longer than %s to start", livenessTimeout)
	require.Zero(t, l.Proofs)
	var lastProofHeight int64
	prove := func() {
		t.Helper()
		// A proof sooner than half the interval after the last is refused;
		// the block that takes this one comes after the latest.
		d.waitBlockTime(t, l.LastProofAt.Add(livenessInterval/2), 10*time.Second)
		// Every other proof simulates its gas first: the block it names must
		// be one the chain takes in a simulation too.
		args := []string{"--node-key-file", keyFile("alice"), "--from", "alice"}
		if l.Proofs%2 == 1 {
			args = append(args, "--gas", "auto", "--gas-adjustment", "1.5")
		}
		res := proof(args...)
		require.Zero(t, res.Code, "uptime-proof %d: %s", l.Proofs+1, res.RawLog)
		requireEvent(t, res, "sessionchain.nodestaking.v1.EventUptimeProof",
			map[string]string{"pubkey": strconv.Quote(alice), "seq": strconv.Quote(strconv.FormatUint(l.Proofs+1, 10))})
		var err error
		lastProofHeight, err = strconv.ParseInt(res.Height, 10, 64)
		require.NoError(t, err)
		prev := l
		l = d.liveness(t, alice)
		require.Equal(t, "NODE_STATUS_ACTIVE", l.Status)
		require.Equal(t, prev.Proofs+1, l.Proofs)
		require.NotNil(t, l.Endpoint, "the proof registered the endpoint")
		require.Equal(t, "203.0.113.7", l.Endpoint.PublicIP)
		require.True(t, l.LastProofAt.After(*prev.LastProofAt), "last_proof_at moved: %s -> %s", prev.LastProofAt, l.LastProofAt)
		require.WithinDuration(t, l.LastProofAt.Add(livenessTimeout), *l.ProofDeadline, 0)
	}
	prove()

	// 2. Bad proofs are refused and change nothing.
	t.Log("step 2: a proof with a wrong sequence, and one signed by bob's node key")
	res := proof("--node-key-file", keyFile("alice"), "--seq", strconv.FormatUint(l.Proofs+2, 10), "--from", "alice")
	requireErr(t, res, nstypes.ErrProofSequence)

	bobKey, err := cli.LoadNodeKey(keyFile("bob"))
	require.NoError(t, err)
	// The signature is checked before the block it names.
	badProof := nstypes.UptimeProof{Seq: l.Proofs + 1, BlockHeight: 1, AppHash: make([]byte, nstypes.AppHashSize), Endpoint: e2eEndpoint}
	signBytes, err := nstypes.UptimeProofSignBytes(d.chainID(t), alice, badProof)
	require.NoError(t, err)
	res = proof("--pubkey", alice, "--seq", strconv.FormatUint(l.Proofs+1, 10),
		"--block-height", "1", "--app-hash", hex.EncodeToString(badProof.AppHash),
		"--signature", hex.EncodeToString(ed25519.Sign(bobKey, signBytes)), "--from", "alice")
	requireErr(t, res, nstypes.ErrInvalidSignature)
	// The credit query reads the block time, so it grows between the two
	// reads; everything a proof would change stays the same.
	unchanged := d.liveness(t, alice)
	require.GreaterOrEqual(t, unchanged.credit(t), l.credit(t))
	unchanged.Credit = l.Credit
	require.Equal(t, l, unchanged, "refused proofs change nothing")

	prove()
	prove()
	require.Equal(t, uint64(3), l.Proofs)

	// 3. Without proofs, EndBlock decommissions the node once the timeout passes.
	t.Log("step 3: no more proofs; the node is decommissioned")
	eventually(t, livenessTimeout+20*time.Second, "alice's node decommissioned", func() (bool, string) {
		l = d.liveness(t, alice)
		return l.Status == "NODE_STATUS_DECOMMISSIONED", l.Status
	})
	downHeight, _ := d.latestBlock(t)
	require.Equal(t, "NODE_STATUS_DECOMMISSIONED", d.nodeStatus(t, alice))
	require.NotNil(t, l.DecommissionedAt)
	require.False(t, l.DecommissionedAt.Before(l.LastProofAt.Add(livenessTimeout)),
		"decommissioned at %s, deadline %s", l.DecommissionedAt, l.LastProofAt.Add(livenessTimeout))
	require.NotNil(t, l.CreditRunsOut)
	require.Nil(t, l.ProofDeadline)
	t.Logf("last proof at %s (block %d), decommissioned at %s", l.LastProofAt, lastProofHeight, l.DecommissionedAt)

	require.Less(t, downHeight-lastProofHeight, int64(maxScannedBlocks))
	var event *abciEvent
	for h := lastProofHeight; h <= downHeight && event == nil; h++ {
		for _, ev := range d.finalizeEvents(t, h) {
			if ev.Type == decommissionedEvent && ev.attr("pubkey") == alice {
				event = &ev
				t.Logf("%s at height %d", decommissionedEvent, h)
				break
			}
		}
	}
	require.NotNil(t, event, "no %s for %s in blocks %d to %d", decommissionedEvent, alice, lastProofHeight, downHeight)
	require.Equal(t, "uptime proof timeout", event.attr("reason"))
	require.Equal(t, "EndBlock", event.attr("mode"))
	creditSeconds, err := strconv.ParseInt(event.attr("credit_seconds"), 10, 64)
	require.NoError(t, err)
	creditAtDown := time.Duration(creditSeconds) * time.Second
	require.GreaterOrEqual(t, creditAtDown, 2*time.Hour, "the initial credit, plus what it earned")

	// 4. A decommissioned node earns nothing: alice's rewards stand still.
	t.Log("step 4: no rewards while decommissioned")
	r := d.rewards(t, aliceAddr)
	h, _ := d.latestBlock(t)
	d.waitForHeight(t, h+3, 15*time.Second)
	require.Equal(t, r, d.rewards(t, aliceAddr))

	// The testing period: the votes of step 6 fall in the one after step 5.
	var params struct {
		Params struct {
			TestingPeriod string `json:"testing_period"`
		} `json:"params"`
	}
	d.cliJSON(t, &params, "query", "nodestaking", "params")
	testingPeriod, err := time.ParseDuration(params.Params.TestingPeriod)
	require.NoError(t, err)

	// 5. A fresh proof brings the node back, with twice the downtime off its
	// credit: no node serves, so no quorum could vote it back. bob's node,
	// down since the start, comes back too (for step 6): one node serving is
	// still too few for a quorum of two.
	t.Log("step 5: a proof recommissions the node")
	res = proof("--node-key-file", keyFile("alice"), "--from", "alice")
	require.Zero(t, res.Code, "uptime-proof: %s", res.RawLog)
	requireEvent(t, res, "sessionchain.nodestaking.v1.EventNodeRecommissioned",
		map[string]string{"pubkey": strconv.Quote(alice), "reason": strconv.Quote("uptime proof")})
	res = proof("--node-key-file", keyFile("bob"), "--from", "bob")
	require.Zero(t, res.Code, "bob's uptime-proof: %s", res.RawLog)
	requireEvent(t, res, "sessionchain.nodestaking.v1.EventNodeRecommissioned", map[string]string{"pubkey": strconv.Quote(bob)})
	down := *l.DecommissionedAt
	l = d.liveness(t, alice)
	require.Equal(t, "NODE_STATUS_ACTIVE", l.Status)
	require.Equal(t, "NODE_STATUS_ACTIVE", d.nodeStatus(t, alice))
	require.Equal(t, uint64(4), l.Proofs)
	downtime := l.LastProofAt.Sub(down)
	want := creditAtDown - 2*downtime // recommission_penalty 2
	require.InDelta(t, want.Seconds(), l.credit(t).Seconds(), 2, "credit %s after %s down, %s before", l.Credit, downtime, creditAtDown)
	require.Less(t, l.credit(t), creditAtDown)

	// 6. Quorum votes: carol's node, down since the start, is tested by
	// alice's and bob's. alice's vote fixes that quorum; dave, a node
	// activated after it, is not in it, and a vote for another period is
	// refused. --period names the period checked above.
	// A period's quorums draw from the nodes serving at its start: wait for
	// the next period with alice's and bob's nodes up (proving within the
	// 20 s timeout), so that they test carol's.
	_, now := d.latestBlock(t)
	next := now.Add(testingPeriod - time.Duration(now.UnixNano()%int64(testingPeriod)) + 3*time.Second)
	t.Logf("keeping alice's and bob's nodes up until the next testing period, from %s", next)
	for deadline := time.Now().Add(2 * testingPeriod); now.Before(next); _, now = d.latestBlock(t) {
		require.True(t, time.Now().Before(deadline), "the chain did not reach %s", next)
		for _, op := range []string{"alice", "bob"} {
			res = proof("--node-key-file", keyFile(op), "--from", op)
			if res.Code == nstypes.ErrInvalidSeedProof.ABCICode() {
				// Built over the round the period's first block closed
				// before it landed: the node sends its next one.
				continue
			}
			require.Zero(t, res.Code, "%s's uptime-proof: %s", op, res.RawLog)
		}
	}
	period := nstypes.Period(now, testingPeriod)
	// The votes below must fall in this period: 120 s from its start.

	t.Log("step 6: votes from outside the quorum or for another period")
	periodArg := strconv.FormatUint(period, 10)
	// carol proves: with two nodes serving its quorum can decide, so the
	// proof does not bring it back, but lets its quorum vote it back.
	res = proof("--node-key-file", keyFile("carol"), "--from", "carol")
	require.Zero(t, res.Code, "carol's uptime-proof: %s", res.RawLog)
	require.Equal(t, "NODE_STATUS_DECOMMISSIONED", d.nodeStatus(t, carol))
	res = deliver(t, d, "tx", "nodestaking", "vote", carol, "recommission",
		"--node-key-file", keyFile("alice"), "--period", periodArg, "--from", "alice")
	require.Zero(t, res.Code, "alice's vote: %s", res.RawLog)
	var quorum quorumState
	d.cliJSON(t, &quorum, "query", "nodestaking", "quorum", carol, periodArg)
	require.Equal(t, periodArg, quorum.Period)
	require.ElementsMatch(t, []string{alice, bob}, quorum.Quorum.Members)
	require.Equal(t, uint32(2), quorum.Quorum.Required, "quorum_threshold")
	var votes votesState
	d.cliJSON(t, &votes, "query", "nodestaking", "votes", carol, periodArg)
	require.Len(t, votes.Votes, 1)
	require.Equal(t, "NODE_STATUS_DECOMMISSIONED", d.nodeStatus(t, carol), "one vote of two changes nothing yet")

	daveKey := filepath.Join(t.TempDir(), "dave.key")
	dave := strings.TrimSpace(d.cli(t, "node-key", "generate", daveKey))
	res = deliver(t, d, "tx", "nodestaking", "register-node", "25000000000000nsesh",
		"--node-key-file", daveKey, "--from", "bob")
	require.Zero(t, res.Code, "register-node: %s", res.RawLog)
	requireEvent(t, res, "sessionchain.nodestaking.v1.EventNodeActivated", map[string]string{"pubkey": strconv.Quote(dave)})

	// carol proves again, so that the vote is refused for dave, not for a
	// proof older than the 20 s timeout.
	res = proof("--node-key-file", keyFile("carol"), "--from", "carol")
	require.Zero(t, res.Code, "carol's uptime-proof: %s", res.RawLog)
	res = deliver(t, d, "tx", "nodestaking", "vote", carol, "recommission",
		"--node-key-file", daveKey, "--period", periodArg, "--from", "bob")
	requireErr(t, res, nstypes.ErrNotQuorumMember)
	prevPeriod := strconv.FormatUint(period-1, 10)
	res = deliver(t, d, "tx", "nodestaking", "vote", carol, "recommission",
		"--node-key-file", keyFile("bob"), "--period", prevPeriod, "--from", "bob")
	requireErr(t, res, nstypes.ErrWrongPeriod)

	var after quorumState
	d.cliJSON(t, &after, "query", "nodestaking", "quorum", carol, periodArg)
	require.Equal(t, quorum, after, "the refused votes change nothing")
	d.cliJSON(t, &votes, "query", "nodestaking", "votes", carol, periodArg)
	require.Len(t, votes.Votes, 1)
	require.Equal(t, "NODE_STATUS_DECOMMISSIONED", d.nodeStatus(t, carol))

	// alice's node has earned since it came back.
	after5 := d.rewards(t, aliceAddr)
	require.True(t, mustInt(t, after5.Claimable).Add(mustInt(t, after5.Pending)).GT(mustInt(t, r.Claimable).Add(mustInt(t, r.Pending))),
		"the node earns again: %+v, %+v while down", after5, r)
}
