//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// exportTimeout bounds each wait of the export round trip.
const exportTimeout = 30 * time.Second

// TestExportRestartCLI exports a devnet's state with `sessiond export`,
// starts a new chain from that genesis with the same validator key, and
// requires the custom modules' state that blocks do not change (nodes, Pro
// subscriptions and prices, bridge state, params) to be the same on the new
// chain, and the same in a second export taken from it.
func TestExportRestartCLI(t *testing.T) {
	d := startDevnet(t)
	const sessionKey = "7a0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"

	// A little activity: a pool top-up and a Pro subscription.
	sent := d.broadcast(t, "tx", "rewardpool", "fund-pool", "1000000000000nsesh", "--from", "alice", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	require.Zero(t, d.waitTx(t, sent.TxHash).Code)
	sent = d.broadcast(t, "tx", "pro", "subscribe", sessionKey, "1", "--max-amount", "200000000000nsesh", "--from", "carol", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res := d.waitTx(t, sent.TxHash)
	require.Zero(t, res.Code, "subscribe: %s", res.RawLog)

	before := stableQueries(t, d, sessionKey)

	// Stop the node and export its latest state.
	d.stop(t)
	genesisPath := filepath.Join(t.TempDir(), "exported.json")
	d.cli(t, "export", "--output-document", genesisPath)
	first := readGenesis(t, genesisPath)
	exportHeight, err := first.InitialHeight.Int64()
	require.NoError(t, err, "initial_height %q", first.InitialHeight)
	h, err := strconv.ParseInt(res.Height, 10, 64)
	require.NoError(t, err)
	require.Greater(t, exportHeight, h, "the export is after the subscription")

	// A new home: the old config and keys, the exported genesis, no data but
	// the validator's signing state.
	n := newHomeFrom(t, d, genesisPath)
	n.start(t)
	n.waitForHeight(t, exportHeight+2, exportTimeout)

	after := stableQueries(t, n, sessionKey)
	for name, want := range before {
		require.JSONEq(t, want, after[name], "query %s on the new chain", name)
	}

	// A second export, from the new chain, has the same stable state.
	n.stop(t)
	secondPath := filepath.Join(t.TempDir(), "second.json")
	n.cli(t, "export", "--output-document", secondPath)
	second := readGenesis(t, secondPath)
	secondHeight, err := second.InitialHeight.Int64()
	require.NoError(t, err)
	require.Greater(t, secondHeight, exportHeight+1)
	require.Equal(t, first.ChainID, second.ChainID)
	emitted := func(g exportedGenesis) string {
		var rp struct {
			TotalEmitted string `json:"total_emitted"`
		}
		require.NoError(t, json.Unmarshal(g.AppState["rewardpool"], &rp))
		return rp.TotalEmitted
	}
	require.True(t, mustInt(t, emitted(second)).GT(mustInt(t, emitted(first))), "the new chain emits on from the exported state")
	for _, m := range []string{"rewardpool", "nodestaking", "pro", "bridge"} {
		a, b := stableSection(t, m, first.AppState[m]), stableSection(t, m, second.AppState[m])
		require.JSONEq(t, a, b, "%s genesis across the restart", m)
	}
}

// stableQueries runs the queries whose answers blocks do not change and
// returns their JSON by name.
func stableQueries(t *testing.T, d *devnet, sessionKey string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, args := range stableQueryArgs(sessionKey) {
		stdout := d.cli(t, append(args, "-o", "json")...)
		require.True(t, json.Valid([]byte(stdout)), "%s: %s", name, stdout)
		out[name] = stripPerBlock(t, name, stdout)
	}
	return out
}

// stableQueryArgs are the CLI queries of the custom modules' state that
// blocks do not change (once stripPerBlock has dropped what they do), by
// name; sessionKey names the Pro subscription to read.
func stableQueryArgs(sessionKey string) map[string][]string {
	return map[string][]string{
		"rewardpool params":  {"query", "rewardpool", "params"},
		"nodestaking params": {"query", "nodestaking", "params"},
		"nodestaking nodes":  {"query", "nodestaking", "nodes"},
		"pro params":         {"query", "pro", "params"},
		"pro subscription":   {"query", "pro", "subscription", sessionKey},
		"pro revenue":        {"query", "pro", "revenue"},
		"pro plans":          {"query", "pro", "plans"},
		"bridge params":      {"query", "bridge", "params"},
		"bridge evm-keys":    {"query", "bridge", "evm-keys"},
		"bridge transfers":   {"query", "bridge", "transfers"},
		"bridge deposits":    {"query", "bridge", "deposits"},
		"rewardpool totals":  {"query", "rewardpool", "totals"},
		"nodestaking stats":  {"query", "nodestaking", "stats"},
	}
}

// stripPerBlock removes the fields of a query's answer that every block
// moves (the emission totals, a node's credit) and keeps the rest.
func stripPerBlock(t *testing.T, name, answer string) string {
	t.Helper()
	drop := map[string][]string{
		"rewardpool totals": {"total_emitted", "total_retained"},
		// A node's liveness shows its credit as of the query's block.
		"nodestaking alice's liveness": {"credit"},
	}[name]
	if len(drop) == 0 && name != "pro price" {
		return answer
	}
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(answer), &m))
	if name == "pro price" {
		// The price shows the query block's time and each input's age then.
		delete(m, "block_time")
		for _, list := range []string{"inputs", "fresh", "stale"} {
			inputs, _ := m[list].([]any)
			for _, in := range inputs {
				if sub, ok := in.(map[string]any); ok {
					delete(sub, "age")
				}
			}
		}
	}
	for _, k := range drop {
		_, ok := m[k]
		require.True(t, ok, "%s: no field %s in %s", name, k, answer)
		delete(m, k)
	}
	bz, err := json.Marshal(m)
	require.NoError(t, err)
	return string(bz)
}

// stableSection is a module's genesis section without the fields every
// block moves (paths of object keys, dot-separated): what the pool has
// emitted so far, the nodes' reward accounting, the liveness clock's position.
func stableSection(t *testing.T, module string, section json.RawMessage) string {
	t.Helper()
	drop := map[string][]string{
		"rewardpool": {"emission_state.day_emitted", "total_emitted", "total_retained"},
		// The liveness clock's last block time moves every block (what it
		// has counted as halts stays).
		"nodestaking": {"reward_index", "carry", "total_received", "liveness_clock.last_block_time"},
	}[module]
	var m map[string]any
	require.NoError(t, json.Unmarshal(section, &m), "%s section", module)
	for _, path := range drop {
		keys := strings.Split(path, ".")
		obj := m
		for _, k := range keys[:len(keys)-1] {
			next, ok := obj[k].(map[string]any)
			require.True(t, ok, "%s: no object at %s", module, path)
			obj = next
		}
		_, ok := obj[keys[len(keys)-1]]
		require.True(t, ok, "%s: no field %s", module, path)
		delete(obj, keys[len(keys)-1])
	}
	bz, err := json.Marshal(m)
	require.NoError(t, err)
	return string(bz)
}

type exportedGenesis struct {
	ChainID       string                     `json:"chain_id"`
	InitialHeight json.Number                `json:"initial_height"`
	AppState      map[string]json.RawMessage `json:"app_state"`
}

func readGenesis(t *testing.T, path string) exportedGenesis {
	t.Helper()
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	var g exportedGenesis
	require.NoError(t, json.Unmarshal(bz, &g), "genesis %s", path)
	return g
}

// stop stops the devnet's node (its process group, as the test cleanup
// does) and waits until it has exited.
func (d *devnet) stop(t *testing.T) {
	t.Helper()
	select {
	case <-d.exited:
		return
	default:
	}
	d.stopped = true
	require.NoError(t, syscall.Kill(-d.pgid, syscall.SIGTERM))
	select {
	case <-d.exited:
	case <-time.After(stopTimeout):
		_ = syscall.Kill(-d.pgid, syscall.SIGKILL)
		<-d.exited
	}
}

// newHomeFrom makes a node home for a chain started from genesisPath, with
// d's config (validator and node keys) and keyring, on new free ports.
func newHomeFrom(t *testing.T, d *devnet, genesisPath string) *devnet {
	t.Helper()
	ports := freePorts(t, 4)
	tmp := t.TempDir()
	n := &devnet{
		home:     filepath.Join(tmp, "home"),
		logPath:  filepath.Join(tmp, "node.log"),
		rpcPort:  ports[0],
		grpcPort: ports[1],
		apiPort:  ports[2],
		p2pPort:  ports[3],
	}
	require.NoError(t, os.MkdirAll(filepath.Join(n.home, "data"), 0o755))
	for _, dir := range []string{"config", "keyring-test"} {
		if _, err := os.Stat(filepath.Join(d.home, dir)); err != nil {
			continue
		}
		out, err := exec.Command("cp", "-a", filepath.Join(d.home, dir), n.home).CombinedOutput()
		require.NoError(t, err, "copy %s: %s", dir, out)
	}
	// The exported genesis replaces the old one; the validator keeps its
	// signing state (the last height it signed is before the new chain's).
	genesis, err := os.ReadFile(genesisPath)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(n.home, "config", "genesis.json"), genesis, 0o644))
	state, err := os.ReadFile(filepath.Join(d.home, "data", "priv_validator_state.json"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(n.home, "data", "priv_validator_state.json"), state, 0o600))
	n.cli(t, "config", "set", "node", fmt.Sprintf("tcp://127.0.0.1:%d", n.rpcPort))
	return n
}

// start starts sessiond on n's home and ports as scripts/devnet.sh does, in
// its own process group, stopped when the test ends.
func (n *devnet) start(t *testing.T) {
	t.Helper()
	logFile, err := os.Create(n.logPath)
	require.NoError(t, err)
	cmd := exec.Command(sessiondBin, "start", "--home", n.home,
		"--minimum-gas-prices", "0nsesh",
		"--rpc.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", n.rpcPort),
		"--p2p.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", n.p2pPort),
		"--grpc.address", fmt.Sprintf("127.0.0.1:%d", n.grpcPort),
		"--api.enable", "--api.address", fmt.Sprintf("tcp://127.0.0.1:%d", n.apiPort),
		"--rpc.pprof_laddr", "",
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("start sessiond: %v", err)
	}
	pgid := cmd.Process.Pid
	n.pgid = pgid
	exited := make(chan struct{})
	go func() {
		n.waitErr = cmd.Wait()
		close(exited)
	}()
	n.exited = exited
	t.Cleanup(func() {
		defer logFile.Close()
		select {
		case <-exited:
		default:
			_ = syscall.Kill(-pgid, syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(stopTimeout):
				_ = syscall.Kill(-pgid, syscall.SIGKILL)
				<-exited
			}
		}
		if t.Failed() {
			t.Logf("restarted node log (%s), last %d lines:\n%s", n.logPath, logTailLines, n.logTail(logTailLines))
		}
	})
	t.Logf("restarted node home %s, rpc :%d", n.home, n.rpcPort)
}
