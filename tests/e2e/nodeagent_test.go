//go:build e2e

package e2e

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// agentProcess is one `sessiond node-agent start`, in its own process group.
type agentProcess struct {
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
}

// startAgent starts a node agent with config and stops it when the test ends.
func startAgent(t *testing.T, home, config string) *agentProcess {
	t.Helper()
	logPath := config + ".log"
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	require.NoError(t, err)
	cmd := exec.Command(sessiondBin, "--home", home, "node-agent", "start", "--config", config)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	p := &agentProcess{cmd: cmd, logPath: logPath, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		_ = logFile.Close()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.stop(t)
		if t.Failed() {
			t.Logf("agent log %s:\n%s", logPath, readTail(logPath))
		}
	})
	return p
}

// stop stops the agent by its process group (SIGTERM, then SIGKILL).
func (p *agentProcess) stop(t *testing.T) {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		t.Logf("the agent did not stop within %s of SIGTERM; sending SIGKILL", stopTimeout)
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
	}
}

// storageStandIn accepts TCP connections on 127.0.0.1 and closes them: it
// stands in for a Session Node's storage server, which is not part of this
// repository; the agents only test that the port accepts connections.
type storageStandIn struct {
	ln   net.Listener
	port int
}

func startStorageStandIn(t *testing.T, port int) *storageStandIn {
	t.Helper()
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	require.NoError(t, err)
	s := &storageStandIn{ln: ln, port: ln.Addr().(*net.TCPAddr).Port}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.Close()
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return s
}

func (s *storageStandIn) stop() { _ = s.ln.Close() }

// agentMetric reads one sample of an agent's /metrics (0 when absent).
func agentMetric(t *testing.T, addr, sample string) float64 {
	t.Helper()
	res, err := http.Get("http://" + addr + "/metrics")
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(sample) + ` ([0-9.e+]+)$`).FindSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)
	return v
}

// TestNodeAgent runs a node agent for each of the devnet's three nodes and
// checks that they keep the nodes active without a person: each sends its
// node's proofs on schedule; when carol's node goes down (its agent and its
// storage port stop), alice's and bob's agents, its quorum, find it
// unreachable and vote it out long before its proof deadline; when it comes
// back, its agent proves again and its quorum votes it back in.
func TestNodeAgent(t *testing.T) {
	const (
		interval = 20 * time.Second
		period   = 60 * time.Second
	)
	// The proof timeout is long: a decommission within it is the quorum's.
	d := startDevnetEnv(t,
		"UPTIME_PROOF_INTERVAL="+interval.String(), "UPTIME_PROOF_TIMEOUT=900s",
		"HALT_THRESHOLD=10s", "QUORUM_SIZE=2", "QUORUM_THRESHOLD=2", "TESTING_PERIOD="+period.String())
	operators := []string{"alice", "bob", "carol"}
	ports := freePorts(t, 2*len(operators))
	pubkey := map[string]string{}
	config := map[string]string{}
	metrics := map[string]string{}
	standIn := map[string]*storageStandIn{}
	dir := t.TempDir()
	var addressMap strings.Builder
	for i := range operators {
		fmt.Fprintf(&addressMap, "%q = \"127.0.0.1\"\n", fmt.Sprintf("203.0.113.%d", i+1))
	}
	for i, op := range operators {
		keyFile := filepath.Join(d.home, "nodes", op+".key")
		pubkey[op] = strings.TrimSpace(d.cli(t, "node-key", "show", keyFile))
		standIn[op] = startStorageStandIn(t, ports[2*i])
		metrics[op] = fmt.Sprintf("127.0.0.1:%d", ports[2*i+1])
		config[op] = filepath.Join(dir, op+".toml")
		require.NoError(t, os.WriteFile(config[op], []byte(fmt.Sprintf(`[chain]
chain_id = %q
rpc = %q
keyring_backend = "test"
keyring_dir = %q
from = %q
gas_prices = "0nsesh"
tx_timeout = "30s"

[node]
key_file = %q
public_ip = "203.0.113.%d"
storage_port = %d
quic_port = 22020
node_version = "11.0.2"
storage_version = "2.8.0"

[agent]
poll = "2s"
probe_timeout = "1s"
failures_to_vote = 2
metrics = %q
log_format = "text"

[agent.address_map]
%s`, d.chainID(t), d.rpcURL(), d.home, op, keyFile, i+1, standIn[op].port, metrics[op], addressMap.String())), 0o600))
	}
	// An example config loads except for what only an operator knows.
	example := filepath.Join(dir, "example.toml")
	d.cli(t, "node-agent", "init", example)
	_, stderr, err := d.run("node-agent", "start", "--config", example)
	require.Error(t, err, "the example names a node key file that does not exist")
	require.Contains(t, stderr, "node.key_file")

	agents := map[string]*agentProcess{}
	for _, op := range operators {
		agents[op] = startAgent(t, d.home, config[op])
	}

	t.Log("step 1: every agent proves its node up and registers its endpoint")
	for i, op := range operators {
		eventually(t, interval+60*time.Second, op+"'s first proof by its agent", func() (bool, string) {
			l := d.liveness(t, pubkey[op])
			return l.Proofs >= 1 && l.Endpoint != nil, fmt.Sprintf("status %s, %d proofs", l.Status, l.Proofs)
		})
		l := d.liveness(t, pubkey[op])
		require.Equal(t, "NODE_STATUS_ACTIVE", l.Status)
		require.Equal(t, fmt.Sprintf("203.0.113.%d", i+1), l.Endpoint.PublicIP)
	}
	require.GreaterOrEqual(t, agentMetric(t, metrics["alice"], `session_node_agent_proofs_total{result="ok"}`), 1.0)
	res, err := http.Get("http://" + metrics["alice"] + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)

	t.Log("step 2: carol's node goes down; its quorum votes it out")
	agents["carol"].stop(t)
	standIn["carol"].stop()
	down := time.Now()
	eventually(t, 2*period+30*time.Second, "carol's node decommissioned by its quorum", func() (bool, string) {
		l := d.liveness(t, pubkey["carol"])
		return l.Status == "NODE_STATUS_DECOMMISSIONED", l.Status
	})
	l := d.liveness(t, pubkey["carol"])
	require.True(t, l.DecommissionedAt.Before(l.LastProofAt.Add(900*time.Second)), "before its proof deadline: the quorum's vote")
	t.Logf("carol's node decommissioned %s after it went down", time.Since(down).Round(time.Second))
	// Each voted it out: once, or again in the next period when the first
	// period's quorum did not decide before it ended (its other member not
	// yet assigned, or a slow block).
	for _, op := range []string{"alice", "bob"} {
		require.GreaterOrEqual(t, agentMetric(t, metrics[op], `session_node_agent_votes_total{result="ok",state="NODE_STATE_DECOMMISSIONED"}`), 1.0, op)
	}

	t.Log("step 3: carol's node comes back; it proves, and its quorum votes it back")
	standIn["carol"] = startStorageStandIn(t, standIn["carol"].port)
	agents["carol"] = startAgent(t, d.home, config["carol"])
	eventually(t, 2*period+60*time.Second, "carol's node recommissioned by its quorum", func() (bool, string) {
		l := d.liveness(t, pubkey["carol"])
		return l.Status == "NODE_STATUS_ACTIVE", l.Status
	})
	// The votes are the agents', counted by their metrics (the chain keeps
	// the votes of the current period only, which may have turned since).
	// Which members vote depends on when carol's proof lands in the
	// period: a member that finds the node back before its turn does not
	// vote, so the quorum's votes are counted together.
	recommissionVotes := 0.0
	for _, op := range []string{"alice", "bob"} {
		recommissionVotes += agentMetric(t, metrics[op], `session_node_agent_votes_total{result="ok",state="NODE_STATE_RECOMMISSIONED"}`)
	}
	require.GreaterOrEqual(t, recommissionVotes, 1.0, "carol's quorum voted it back")
	for _, op := range operators {
		require.Equal(t, "NODE_STATUS_ACTIVE", d.liveness(t, pubkey[op]).Status, op)
	}
}
