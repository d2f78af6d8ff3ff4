//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A multi-validator network for end-to-end tests, run by scripts/localnet.sh
// (the script behind make localnet) on a free loopback port range:
//
//	ln := startLocalnet(t, 4)        // init + start, returns once every validator is at height 2
//	ln.kill(t, 3)                    // SIGKILL validator 3 (a crash)
//	ln.waitHeight(t, 0, h+3, 30*time.Second)
//	ln.restart(t, 3)                 // the script's start-one: the same command line as start
//
// Tests that need a different genesis split the steps:
//
//	ln := initLocalnet(t, localnetOptions{Validators: 4})
//	ln.editGenesis(t, func(g map[string]any) { ... })
//	ln.start(t)
//
// Validator i listens on 127.0.0.1 at portBase+10*i plus 0 (CometBFT RPC),
// 1 (P2P), 2 (gRPC) and 3 (REST); its home holds the key val<i> in the test
// keyring, and validator 0's home also holds alice, bob and carol with the
// development genesis of scripts/devnet.sh.

const (
	// localnetBlockTime is the validators' timeout_commit unless a test
	// asks for another.
	localnetBlockTime = "500ms"
	// localnetStartHeight is the height startLocalnet and start wait for.
	localnetStartHeight = 2
	// localnetScriptTimeout bounds every scripts/localnet.sh command; the
	// script bounds its own waits below it (LOCALNET_START_TIMEOUT,
	// LOCALNET_STOP_TIMEOUT).
	localnetScriptTimeout = 3 * time.Minute
	localnetStartWait     = 90 // seconds; LOCALNET_START_TIMEOUT
	localnetStopWait      = 10 // seconds; LOCALNET_STOP_TIMEOUT
)

// localnetOptions configures initLocalnet. The zero value of a field means
// its default.
type localnetOptions struct {
	Validators int    // number of validators [4]
	ChainID    string // [sessionlocal-e2e-1]
	BlockTime  string // CometBFT timeout_commit [localnetBlockTime]
	SeshPrice  string // the SESH/USD price the feeders give at genesis [the script's]
}

// localnet is a network of sessiond validators started by scripts/localnet.sh.
type localnet struct {
	home       string // LOCALNET_HOME
	chainID    string
	portBase   int
	env        []string // the environment every script command runs with
	validators []localnetValidator
}

// localnetValidator is one validator's endpoints and keys.
type localnetValidator struct {
	index    int
	home     string // the node's --home
	keyName  string // val<i>, in home's test keyring
	address  string // session1…: the account of keyName
	operator string // sessionvaloper1…: the validator operator address
	rpc      string // CometBFT RPC, http://127.0.0.1:port
	grpc     string // gRPC, 127.0.0.1:port
	rest     string // REST (gRPC gateway), http://127.0.0.1:port
	p2p      string // P2P, 127.0.0.1:port
	logPath  string // the node's log (stdout and stderr, appended across restarts)
	pidPath  string // the pid the script recorded while the node runs
}

// startLocalnet creates an n-validator network with the default options,
// starts it and returns once every validator is at height 2. Everything is
// stopped when the test ends.
func startLocalnet(t *testing.T, n int) *localnet {
	t.Helper()
	ln := initLocalnet(t, localnetOptions{Validators: n})
	ln.start(t)
	return ln
}

// initLocalnet creates the validators' homes and the shared genesis
// (scripts/localnet.sh init) in a temporary directory on a free port range,
// without starting anything. It registers the cleanup that stops every
// validator when the test ends (and shows their log tails if it failed).
func initLocalnet(t *testing.T, opts localnetOptions) *localnet {
	t.Helper()
	if opts.Validators == 0 {
		opts.Validators = 4
	}
	if opts.ChainID == "" {
		opts.ChainID = "sessionlocal-e2e-1"
	}
	if opts.BlockTime == "" {
		opts.BlockTime = localnetBlockTime
	}
	n := opts.Validators

	tmp := t.TempDir() // registered before the stop cleanup, so removed after it
	ln := &localnet{
		home:     filepath.Join(tmp, "localnet"),
		chainID:  opts.ChainID,
		portBase: freePortRange(t, 10*n),
	}
	ln.env = append(os.Environ(),
		"SESSIOND="+sessiondBin,
		"LOCALNET_HOME="+ln.home,
		"LOCALNET_VALIDATORS="+strconv.Itoa(n),
		"LOCALNET_CHAIN_ID="+ln.chainID,
		"LOCALNET_PORT_BASE="+strconv.Itoa(ln.portBase),
		"LOCALNET_BLOCK_TIME="+opts.BlockTime,
		"LOCALNET_PPROF=0",
		"LOCALNET_START_TIMEOUT="+strconv.Itoa(localnetStartWait),
		"LOCALNET_STOP_TIMEOUT="+strconv.Itoa(localnetStopWait),
	)
	if opts.SeshPrice != "" {
		ln.env = append(ln.env, "SESH_PRICE="+opts.SeshPrice)
	}
	for i := range n {
		port := func(slot int) int { return ln.portBase + 10*i + slot }
		ln.validators = append(ln.validators, localnetValidator{
			index:   i,
			home:    filepath.Join(ln.home, fmt.Sprintf("val%d", i)),
			keyName: fmt.Sprintf("val%d", i),
			rpc:     fmt.Sprintf("http://127.0.0.1:%d", port(0)),
			p2p:     fmt.Sprintf("127.0.0.1:%d", port(1)),
			grpc:    fmt.Sprintf("127.0.0.1:%d", port(2)),
			rest:    fmt.Sprintf("http://127.0.0.1:%d", port(3)),
			logPath: filepath.Join(ln.home, "logs", fmt.Sprintf("val%d.log", i)),
			pidPath: filepath.Join(ln.home, "pids", fmt.Sprintf("val%d.pid", i)),
		})
	}

	t.Cleanup(func() {
		if out, err := ln.script("stop"); err != nil {
			t.Errorf("localnet stop: %v\n%s", err, out)
		}
		if t.Failed() {
			for i := range ln.validators {
				t.Logf("validator %d log (%s), last %d lines:\n%s", i, ln.validators[i].logPath, logTailLines, ln.logTail(i, logTailLines))
			}
		}
	})

	t.Logf("localnet: %d validators, home %s, ports %d-%d", n, ln.home, ln.portBase, ln.portBase+10*n-1)
	start := time.Now()
	if out, err := ln.script("init"); err != nil {
		t.Fatalf("localnet init: %v\n%s", err, out)
	}
	for i := range ln.validators {
		v := &ln.validators[i]
		v.address = strings.TrimSpace(ln.cli(t, i, "keys", "show", v.keyName, "-a", "--keyring-backend", "test"))
		v.operator = strings.TrimSpace(ln.cli(t, i, "keys", "show", v.keyName, "-a", "--bech", "val", "--keyring-backend", "test"))
	}
	t.Logf("localnet initialised in %s", time.Since(start).Round(time.Millisecond))
	return ln
}

// start starts every validator that is not running (scripts/localnet.sh
// start, which waits for new blocks) and returns once all are at height 2.
func (ln *localnet) start(t *testing.T) {
	t.Helper()
	start := time.Now()
	if out, err := ln.script("start"); err != nil {
		t.Fatalf("localnet start: %v\n%s", err, out)
	}
	ln.waitAllHeight(t, localnetStartHeight, startTimeout)
	t.Logf("localnet started in %s", time.Since(start).Round(time.Millisecond))
}

// n returns the number of validators.
func (ln *localnet) n() int { return len(ln.validators) }

// val returns validator i's endpoints and keys.
func (ln *localnet) val(i int) localnetValidator { return ln.validators[i] }

// stop stops validator i gracefully (SIGTERM, SIGKILL after the script's
// stop timeout); its home and data stay for restart.
func (ln *localnet) stop(t *testing.T, i int) {
	t.Helper()
	if out, err := ln.script("stop-one", strconv.Itoa(i)); err != nil {
		t.Fatalf("localnet stop-one %d: %v\n%s", i, err, out)
	}
}

// kill SIGKILLs validator i, as a crash would, and returns once it is gone.
func (ln *localnet) kill(t *testing.T, i int) {
	t.Helper()
	if out, err := ln.script("kill-one", strconv.Itoa(i)); err != nil {
		t.Fatalf("localnet kill-one %d: %v\n%s", i, err, out)
	}
}

// restart starts validator i again after stop or kill, with the command line
// start uses, and returns once its RPC answers (it may still be catching up:
// follow with waitHeight).
func (ln *localnet) restart(t *testing.T, i int) {
	t.Helper()
	if out, err := ln.script("start-one", strconv.Itoa(i)); err != nil {
		t.Fatalf("localnet start-one %d: %v\n%s", i, err, out)
	}
}

// pid returns the pid the script recorded for validator i, false when it has
// none (never started, or stopped).
func (ln *localnet) pid(i int) (int, bool) {
	data, err := os.ReadFile(ln.validators[i].pidPath)
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid, err == nil
}

// script runs scripts/localnet.sh args... against this network and returns
// its combined output. The output goes to a file, not a pipe: the validators
// the script leaves running must not hold the test's pipe open.
func (ln *localnet) script(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), localnetScriptTimeout)
	defer cancel()
	out, err := os.CreateTemp("", "localnet-script-")
	if err != nil {
		return "", err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	cmd := exec.CommandContext(ctx, "bash", append([]string{"scripts/localnet.sh"}, args...)...)
	cmd.Dir = repoRoot
	cmd.Env = ln.env
	cmd.Stdout = out
	cmd.Stderr = out
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s: %w", localnetScriptTimeout, errors.Join(err, ctx.Err()))
	}
	data, readErr := os.ReadFile(out.Name())
	if readErr != nil {
		return "", errors.Join(err, readErr)
	}
	return string(data), err
}

// run runs sessiond --home <validator i's home> args... and returns stdout
// and stderr; err is non-nil on a non-zero exit (or after cliTimeout).
func (ln *localnet) run(i int, args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, sessiondBin, append([]string{"--home", ln.validators[i].home}, args...)...)
	var outBuf, errBuf bytes.Buffer
	cmd.Stdout = &outBuf
	cmd.Stderr = &errBuf
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s: %w", cliTimeout, errors.Join(err, ctx.Err()))
	}
	return outBuf.String(), errBuf.String(), err
}

// cli runs sessiond --home <validator i's home> args... (the home's client
// config points at validator i's RPC, test keyring, the chain id) and returns
// stdout; a non-zero exit fails the test.
func (ln *localnet) cli(t testing.TB, i int, args ...string) string {
	t.Helper()
	stdout, stderr, err := ln.run(i, args...)
	if err != nil {
		t.Fatalf("validator %d: sessiond %s: %v\nstderr: %s\nstdout: %s", i, strings.Join(args, " "), err, stderr, stdout)
	}
	return stdout
}

// cliJSON runs cli with -o json and unmarshals stdout into out.
func (ln *localnet) cliJSON(t testing.TB, i int, out any, args ...string) {
	t.Helper()
	args = append(args, "-o", "json")
	stdout := ln.cli(t, i, args...)
	if err := json.Unmarshal([]byte(stdout), out); err != nil {
		t.Fatalf("validator %d: sessiond %s: decode JSON: %v\noutput: %s", i, strings.Join(args, " "), err, stdout)
	}
}

// rpc GETs path (e.g. "/block?height=5") from validator i's CometBFT RPC and
// unmarshals the JSON-RPC result into out.
func (ln *localnet) rpc(i int, path string, out any) error {
	resp, err := httpClient.Get(ln.validators[i].rpc + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body struct {
		Result json.RawMessage `json:"result"`
		Error  *struct {
			Message string `json:"message"`
			Data    string `json:"data"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return fmt.Errorf("%s: HTTP %s: %w", path, resp.Status, err)
	}
	if body.Error != nil {
		return fmt.Errorf("%s: %s: %s", path, body.Error.Message, body.Error.Data)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %s", path, resp.Status)
	}
	return json.Unmarshal(body.Result, out)
}

// height returns validator i's latest block height from its RPC /status.
func (ln *localnet) height(i int) (int64, error) {
	var status struct {
		SyncInfo struct {
			LatestBlockHeight string `json:"latest_block_height"`
		} `json:"sync_info"`
	}
	if err := ln.rpc(i, "/status", &status); err != nil {
		return 0, err
	}
	return strconv.ParseInt(status.SyncInfo.LatestBlockHeight, 10, 64)
}

// waitHeight polls validator i until it reports height h or more and
// returns the height reached; it fails the test after timeout.
func (ln *localnet) waitHeight(t *testing.T, i int, h int64, timeout time.Duration) int64 {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var (
		last    int64
		lastErr error
	)
	for {
		got, err := ln.height(i)
		if err == nil && got >= h {
			return got
		}
		if err == nil {
			last = got
		}
		lastErr = err
		if time.Now().After(deadline) {
			t.Fatalf("validator %d: height %d not reached within %s (last height %d, last error %v); log tail:\n%s",
				i, h, timeout, last, lastErr, ln.logTail(i, logTailLines))
		}
		time.Sleep(pollInterval)
	}
}

// waitAllHeight waits until every running validator (one with a recorded
// pid) reports height h or more, within one shared timeout.
func (ln *localnet) waitAllHeight(t *testing.T, h int64, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for i := range ln.validators {
		if _, ok := ln.pid(i); ok {
			ln.waitHeight(t, i, h, max(time.Until(deadline), pollInterval))
		}
	}
}

// logTail returns the last n lines of validator i's log, without colour
// codes.
func (ln *localnet) logTail(i, n int) string {
	data, err := os.ReadFile(ln.validators[i].logPath)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", ln.validators[i].logPath, err)
	}
	lines := strings.Split(strings.TrimRight(ansiEscape.ReplaceAllString(string(data), ""), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// editGenesis rewrites the shared genesis of a network that has not started:
// edit gets validator 0's genesis.json decoded, and the result goes to every
// validator's home. Numbers are kept as json.Number, so amounts survive.
//
//nolint:unused // for tests that need their own genesis (initLocalnet, editGenesis, start)
func (ln *localnet) editGenesis(t *testing.T, edit func(genesis map[string]any)) {
	t.Helper()
	path0 := filepath.Join(ln.validators[0].home, "config", "genesis.json")
	data, err := os.ReadFile(path0)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var genesis map[string]any
	if err := dec.Decode(&genesis); err != nil {
		t.Fatalf("decode %s: %v", path0, err)
	}
	edit(genesis)
	out, err := json.MarshalIndent(genesis, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	for i := range ln.validators {
		path := filepath.Join(ln.validators[i].home, "config", "genesis.json")
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ln.cli(t, 0, "genesis", "validate")
}

// freePortRange returns the first port of n consecutive free TCP ports on
// 127.0.0.1, below the ephemeral range (so no outgoing connection takes one
// before the validators listen). All n are held at once while checking, as
// freePorts does.
func freePortRange(t *testing.T, n int) int {
	t.Helper()
	low, high := 10000, ephemeralPortStart()-n
	if high <= low {
		low, high = 1024, 65535-n
	}
	for range 100 {
		base := low + rand.IntN((high-low)/10)*10
		if portsFree(base, n) {
			return base
		}
	}
	t.Fatalf("no %d consecutive free ports found between %d and %d", n, low, high+n)
	return 0
}

func portsFree(base, n int) bool {
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for port := base; port < base+n; port++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			return false
		}
		listeners = append(listeners, l)
	}
	return true
}

// ephemeralPortStart is the first port the kernel hands out to outgoing
// connections (Linux; 32768 elsewhere).
func ephemeralPortStart() int {
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		if fields := strings.Fields(string(data)); len(fields) == 2 {
			if p, err := strconv.Atoi(fields[0]); err == nil {
				return p
			}
		}
	}
	return 32768
}
