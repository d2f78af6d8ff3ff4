//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	relayerOnce sync.Once
	relayerPath string
	relayerErr  error
)

// relayerBin returns the session-relayer binary: SESSION_RELAYER_BIN (make
// test-e2e builds it), or one built once per test run.
func relayerBin(t testing.TB) string {
	t.Helper()
	relayerOnce.Do(func() {
		if bin := os.Getenv("SESSION_RELAYER_BIN"); bin != "" {
			if !filepath.IsAbs(bin) {
				bin = filepath.Join(repoRoot, bin)
			}
			relayerPath = bin
			return
		}
		dir, err := os.MkdirTemp("", "session-relayer-e2e-")
		if err != nil {
			relayerErr = err
			return
		}
		relayerPath = filepath.Join(dir, "session-relayer")
		build := exec.Command("go", "build", "-o", relayerPath, "./cmd/session-relayer")
		build.Dir = repoRoot
		if out, err := build.CombinedOutput(); err != nil {
			relayerErr = fmt.Errorf("go build ./cmd/session-relayer: %w\n%s", err, out)
		}
	})
	if relayerErr != nil {
		t.Fatal(relayerErr)
	}
	return relayerPath
}

// relayerConfig is what a test sets in a relayer's config file. keyName is
// the validator's delegate account in the keyring; validator its operator
// address. previousKeyFile is the EVM key the validator rotated away from,
// if any. The EVM chain is geth --dev: one confirmation, dev_chain set.
type relayerConfig struct {
	grpc, rpc, chainID      string
	keyringDir, keyName     string
	validator               string
	evmRPC, contract        string
	evmKeyFile, metricsAddr string
	previousKeyFile         string
}

// write writes the TOML config into dir and returns its path.
func (c relayerConfig) write(t testing.TB, dir string) string {
	t.Helper()
	body := fmt.Sprintf(`[chain]
grpc = %q
rpc = %q
chain_id = %q
keyring_dir = %q
keyring_backend = "test"
key_name = %q
validator = %q
gas_prices = "0nsesh"
gas_adjustment = 1.5

[evm]
rpc = %q
contract = %q
key_file = %q
previous_key_file = %q
confirmations = 1
dev_chain = true
start_block = 0

[relayer]
poll_interval = "300ms"
submit_delay = "2s"
metrics_listen = %q
log_level = "debug"
log_format = "text"
`, c.grpc, c.rpc, c.chainID, c.keyringDir, c.keyName, c.validator, c.evmRPC, c.contract, c.evmKeyFile, c.previousKeyFile, c.metricsAddr)
	path := filepath.Join(dir, "relayer-"+c.keyName+".toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// relayerProc is a running session-relayer.
type relayerProc struct {
	cfgPath, logPath, metricsAddr string
	cmd                           *exec.Cmd
	exited                        chan struct{}
	logFile                       *os.File
}

// startRelayer starts `session-relayer start --config cfgPath`; the test's
// end stops it.
func startRelayer(t testing.TB, cfgPath, metricsAddr string) *relayerProc {
	t.Helper()
	r := &relayerProc{cfgPath: cfgPath, logPath: strings.TrimSuffix(cfgPath, ".toml") + ".log", metricsAddr: metricsAddr}
	r.start(t)
	t.Cleanup(func() {
		r.stop(t)
		if t.Failed() {
			t.Logf("relayer log %s, tail:\n%s", r.logPath, tailFile(r.logPath, 40))
		}
	})
	return r
}

func (r *relayerProc) start(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(r.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	r.logFile = f
	r.cmd = exec.Command(relayerBin(t), "start", "--config", r.cfgPath)
	r.cmd.Stdout, r.cmd.Stderr = f, f
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("start relayer: %v", err)
	}
	r.exited = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(r.cmd, r.exited)
}

// running reports whether the relayer process is still up.
func (r *relayerProc) running() bool {
	select {
	case <-r.exited:
		return false
	default:
		return true
	}
}

// stop sends SIGTERM (a graceful shutdown), then SIGKILL after stopTimeout.
func (r *relayerProc) stop(t testing.TB) {
	t.Helper()
	if !r.running() {
		return
	}
	_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(stopTimeout):
		t.Logf("relayer did not stop within %s of SIGTERM; killing it", stopTimeout)
		_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
		<-r.exited
	}
	r.logFile.Close()
}

// kill stops the relayer at once, as a crash would.
func (r *relayerProc) kill(t *testing.T) {
	t.Helper()
	if !r.running() {
		return
	}
	_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	<-r.exited
	r.logFile.Close()
}

// metrics scrapes /metrics and returns each unlabelled sample (and labelled
// ones under their full name with labels).
func (r *relayerProc) metrics(t *testing.T) map[string]float64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+r.metricsAddr+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("scrape relayer metrics: %v", err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(&body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		out[line[:i]] = v
	}
	return out
}

// eventually polls cond until it returns true, failing the test with what
// it last said after timeout.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for {
		ok, state := cond()
		if ok {
			return
		}
		last = state
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s (last: %s)", what, timeout, last)
		}
		time.Sleep(pollInterval)
	}
}
