//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
)

const (
	// blockTime is the devnet's CometBFT timeout_commit.
	blockTime = "500ms"
	// startTimeout bounds init + start until height 2: about 10 s on an idle
	// 2-core machine, over 40 s when other builds share it.
	startTimeout = 2 * time.Minute
	// stopTimeout is how long a SIGTERM'd node gets before SIGKILL.
	stopTimeout = 10 * time.Second
	// pollInterval is how often wait loops poll.
	pollInterval = 200 * time.Millisecond
	// cliTimeout bounds every sessiond client command.
	cliTimeout = 60 * time.Second
	// logTailLines is how much of the node log a failure shows.
	logTailLines = 60
)

// devnet is a running single-validator chain started by scripts/devnet.sh.
type devnet struct {
	home     string
	logPath  string
	rpcPort  int
	grpcPort int
	apiPort  int
	p2pPort  int
	exited   <-chan struct{} // closed when the node process has exited
	waitErr  error           // the process's exit error; read only after exited
	pgid     int             // the node's process group (the script's, which execs sessiond)
	stopped  bool            // the test stopped the node on purpose
}

// startDevnet starts a fresh chain on free loopback ports and returns once it
// has produced block 2. The node is stopped (SIGTERM, then SIGKILL after
// stopTimeout) when the test ends.
func startDevnet(t *testing.T) *devnet {
	t.Helper()
	return startDevnetEnv(t)
}

// startDevnetEnv is startDevnet with extra environment for scripts/devnet.sh
// ("NAME=value"), e.g. the bridge contract to name in genesis.
func startDevnetEnv(t testing.TB, env ...string) *devnet {
	t.Helper()

	ports := freePorts(t, 4)
	tmp := t.TempDir() // registered before the stop cleanup, so removed after it
	d := &devnet{
		home:     filepath.Join(tmp, "home"),
		logPath:  filepath.Join(tmp, "devnet.log"),
		rpcPort:  ports[0],
		grpcPort: ports[1],
		apiPort:  ports[2],
		p2pPort:  ports[3],
	}

	logFile, err := os.Create(d.logPath)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command("bash", "scripts/devnet.sh", "run")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(),
		"SESSIOND="+sessiondBin,
		"DEVNET_HOME="+d.home,
		"CHAIN_ID=sessiond-e2e-1",
		"RPC_PORT="+strconv.Itoa(d.rpcPort),
		"GRPC_PORT="+strconv.Itoa(d.grpcPort),
		"API_PORT="+strconv.Itoa(d.apiPort),
		"P2P_PORT="+strconv.Itoa(d.p2pPort),
		"BLOCK_TIME="+blockTime,
	)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	// Own process group: the script execs sessiond, and init runs children;
	// signalling the group reaches whichever is running.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("start devnet.sh: %v", err)
	}
	pgid := cmd.Process.Pid
	d.pgid = pgid

	exited := make(chan struct{})
	go func() {
		d.waitErr = cmd.Wait()
		close(exited)
	}()
	d.exited = exited

	t.Cleanup(func() {
		defer logFile.Close()
		select {
		case <-exited:
			t.Logf("devnet had already exited: %s", d.exitReason())
		default:
			// The group is still ours: its leader is not reaped until Wait returns.
			_ = syscall.Kill(-pgid, syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(stopTimeout):
				t.Logf("devnet did not stop within %s of SIGTERM; sending SIGKILL", stopTimeout)
				_ = syscall.Kill(-pgid, syscall.SIGKILL)
				<-exited
			}
		}
		if t.Failed() {
			t.Logf("devnet log (%s), last %d lines:\n%s", d.logPath, logTailLines, d.logTail(logTailLines))
		}
	})

	t.Logf("devnet home %s, rpc :%d grpc :%d api :%d p2p :%d", d.home, d.rpcPort, d.grpcPort, d.apiPort, d.p2pPort)
	start := time.Now()
	d.waitForHeight(t, 2, startTimeout)
	t.Logf("devnet at height >= 2 after %s", time.Since(start).Round(time.Millisecond))
	return d
}

// freePorts returns n distinct free TCP ports on 127.0.0.1. All listeners are
// held until every port is picked, so the ports differ from each other.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, 0, n)
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("pick a free port: %v", err)
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

func (d *devnet) rpcURL() string   { return fmt.Sprintf("http://127.0.0.1:%d", d.rpcPort) }
func (d *devnet) apiURL() string   { return fmt.Sprintf("http://127.0.0.1:%d", d.apiPort) }
func (d *devnet) grpcAddr() string { return fmt.Sprintf("127.0.0.1:%d", d.grpcPort) }

var httpClient = &http.Client{Timeout: 5 * time.Second}

// latestHeight returns the last height the app has committed, from
// CometBFT's /abci_info: the latest height whose state can be queried.
// (/status reports a block once it is stored, a moment before the app
// commits it, and a query at that height is refused until then.)
func (d *devnet) latestHeight() (int64, error) {
	resp, err := httpClient.Get(d.rpcURL() + "/abci_info")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("/abci_info: HTTP %s", resp.Status)
	}
	var info struct {
		Result struct {
			Response struct {
				LastBlockHeight string `json:"last_block_height"`
			} `json:"response"`
		} `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
		return 0, fmt.Errorf("/abci_info: %w", err)
	}
	if info.Result.Response.LastBlockHeight == "" {
		return 0, nil // nothing committed yet
	}
	return strconv.ParseInt(info.Result.Response.LastBlockHeight, 10, 64)
}

// waitForHeight polls latestHeight until the app has committed height,
// failing the test after timeout or if the node exits.
func (d *devnet) waitForHeight(t testing.TB, height int64, timeout time.Duration) int64 {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var (
		last    int64
		lastErr error
	)
	for {
		h, err := d.latestHeight()
		if err == nil && h >= height {
			return h
		}
		if err == nil {
			last = h
		}
		lastErr = err
		if reason := d.exitReason(); reason != "" {
			t.Fatalf("waiting for height %d: %s; log tail:\n%s", height, reason, d.logTail(logTailLines))
		}
		if time.Now().After(deadline) {
			t.Fatalf("height %d not reached within %s (last height %d, last error %v); log tail:\n%s",
				height, timeout, last, lastErr, d.logTail(logTailLines))
		}
		time.Sleep(pollInterval)
	}
}

// exitReason says why the node process has exited, "" while it runs.
func (d *devnet) exitReason() string {
	select {
	case <-d.exited:
	default:
		return ""
	}
	reason := fmt.Sprintf("the node has exited (wait: %v)", d.waitErr)
	if d.stopped {
		return reason + " after the test stopped it"
	}
	if strings.Contains(d.logTail(logTailLines), "caught signal") {
		// Only the test's cleanup signals the node, and it has not run yet.
		reason += "; its log shows it caught a signal from outside the test (a broad pkill/killall of sessiond?)"
	}
	return reason
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// logTail returns the last n lines of the node log, without colour codes.
func (d *devnet) logTail(n int) string {
	data, err := os.ReadFile(d.logPath)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", d.logPath, err)
	}
	lines := strings.Split(strings.TrimRight(ansiEscape.ReplaceAllString(string(data), ""), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// run runs sessiond --home <home> args... and returns its stdout and stderr;
// err is non-nil on a non-zero exit (or after cliTimeout).
func (d *devnet) run(args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, sessiondBin, append([]string{"--home", d.home}, args...)...)
	var outBuf, errBuf bytes.Buffer
	cmd.Stdout = &outBuf
	cmd.Stderr = &errBuf
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s: %w", cliTimeout, errors.Join(err, ctx.Err()))
	}
	return outBuf.String(), errBuf.String(), err
}

// cli runs sessiond --home <home> args... and returns stdout; a non-zero exit
// fails the test with stderr.
func (d *devnet) cli(t testing.TB, args ...string) string {
	t.Helper()
	stdout, stderr, err := d.run(args...)
	if err != nil {
		note := ""
		if reason := d.exitReason(); reason != "" {
			note = "\n" + reason
		}
		t.Fatalf("sessiond %s: %v\nstderr: %s\nstdout: %s%s", strings.Join(args, " "), err, stderr, stdout, note)
	}
	return stdout
}

// cliJSON runs sessiond --home <home> args... -o json and unmarshals stdout
// into out.
func (d *devnet) cliJSON(t testing.TB, out any, args ...string) {
	t.Helper()
	args = append(args, "-o", "json")
	stdout := d.cli(t, args...)
	if err := json.Unmarshal([]byte(stdout), out); err != nil {
		t.Fatalf("sessiond %s: decode JSON: %v\noutput: %s", strings.Join(args, " "), err, stdout)
	}
}
