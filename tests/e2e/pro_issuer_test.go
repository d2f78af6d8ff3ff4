//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
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
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/client/proproof"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

var (
	issuerOnce sync.Once
	issuerPath string
	issuerErr  error
)

// issuerBin returns the session-pro-issuer binary: SESSION_PRO_ISSUER_BIN
// (make test-e2e builds it), or one built once per test run.
func issuerBin(t testing.TB) string {
	t.Helper()
	issuerOnce.Do(func() {
		if bin := os.Getenv("SESSION_PRO_ISSUER_BIN"); bin != "" {
			if !filepath.IsAbs(bin) {
				bin = filepath.Join(repoRoot, bin)
			}
			issuerPath = bin
			return
		}
		dir, err := os.MkdirTemp("", "session-pro-issuer-e2e-")
		if err != nil {
			issuerErr = err
			return
		}
		issuerPath = filepath.Join(dir, "session-pro-issuer")
		build := exec.Command("go", "build", "-o", issuerPath, "./cmd/session-pro-issuer")
		build.Dir = repoRoot
		if out, err := build.CombinedOutput(); err != nil {
			issuerErr = fmt.Errorf("go build ./cmd/session-pro-issuer: %w\n%s", err, out)
		}
	})
	if issuerErr != nil {
		t.Fatal(issuerErr)
	}
	return issuerPath
}

// issuerCLI runs session-pro-issuer args... and returns stdout, stderr and
// the exit error.
func issuerCLI(t testing.TB, args ...string) (string, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, issuerBin(t), args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	return out.String(), errOut.String(), err
}

// keygen makes a key file in dir and returns its path and public key.
func keygen(t testing.TB, dir, name string) (string, string) {
	t.Helper()
	path := filepath.Join(dir, name+".key")
	out, stderr, err := issuerCLI(t, "keygen", "--out", path)
	require.NoError(t, err, stderr)
	return path, strings.TrimSpace(out)
}

// forgingProxy stands between the issuer and a node's CometBFT RPC. While
// forging, it rewrites the value of every abci_query answer: a lying node.
type forgingProxy struct {
	target string
	forge  atomic.Bool
	forged atomic.Int64
	srv    *http.Server
	ln     net.Listener
}

func startForgingProxy(t *testing.T, target string) *forgingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &forgingProxy{target: target, ln: ln}
	p.srv = &http.Server{Handler: http.HandlerFunc(p.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	t.Cleanup(func() { _ = p.srv.Close() })
	return p
}

func (p *forgingProxy) url() string { return "http://" + p.ln.Addr().String() }

func (p *forgingProxy) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(res.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if p.forge.Load() && (bytes.Contains(body, []byte(`"abci_query"`)) || strings.Contains(r.URL.Path, "abci_query")) {
		answer = p.rewrite(answer)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(res.StatusCode)
	_, _ = w.Write(answer)
}

// rewrite changes the value of an abci_query answer: the last byte of a
// value flipped, or a value made up where there was none.
func (p *forgingProxy) rewrite(answer []byte) []byte {
	var msg map[string]any
	if json.Unmarshal(answer, &msg) != nil {
		return answer
	}
	result, _ := msg["result"].(map[string]any)
	resp, _ := result["response"].(map[string]any)
	if resp == nil {
		return answer
	}
	value, _ := resp["value"].(string)
	raw, err := base64.StdEncoding.DecodeString(value)
	if err != nil || len(raw) == 0 {
		raw = []byte("forged")
	} else {
		raw[len(raw)-1] ^= 0x01
	}
	resp["value"] = base64.StdEncoding.EncodeToString(raw)
	p.forged.Add(1)
	out, err := json.Marshal(msg)
	if err != nil {
		return answer
	}
	return out
}

// issuerProcess is a running session-pro-issuer.
type issuerProcess struct {
	config  string
	url     string
	metrics string
	logPath string
	cmd     *exec.Cmd
	exited  chan struct{}
}

// startIssuer starts session-pro-issuer with config and waits until its
// /status answers. It is stopped (SIGTERM, then SIGKILL) when the test ends.
func startIssuer(t *testing.T, config, url, metrics string) *issuerProcess {
	t.Helper()
	logPath := config + ".log"
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	require.NoError(t, err)
	cmd := exec.Command(issuerBin(t), "start", "--config", config)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	p := &issuerProcess{config: config, url: url, metrics: metrics, logPath: logPath, cmd: cmd, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		_ = logFile.Close()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.stop(t)
		if t.Failed() {
			if log, err := os.ReadFile(logPath); err == nil {
				t.Logf("issuer log %s:\n%s", logPath, tail(string(log), 40))
			}
		}
	})
	eventually(t, 90*time.Second, "the issuer's /status", func() (bool, string) {
		select {
		case <-p.exited:
			t.Fatalf("the issuer exited:\n%s", readTail(logPath))
		default:
		}
		res, err := http.Get(url + "/status")
		if err != nil {
			return false, err.Error()
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK, res.Status
	})
	return p
}

// stop stops the issuer by its process group (SIGTERM, then SIGKILL).
func (p *issuerProcess) stop(t *testing.T) {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		t.Logf("the issuer did not stop within %s of SIGTERM; sending SIGKILL", stopTimeout)
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
	}
}

func readTail(path string) string {
	b, _ := os.ReadFile(path)
	return tail(string(b), 40)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// metric reads one sample of the issuer's /metrics (0 when absent).
func (p *issuerProcess) metric(t *testing.T, name string) float64 {
	t.Helper()
	res, err := http.Get(p.metrics + "/metrics")
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` ([0-9.e+]+)$`).FindSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)
	return v
}

// post sends a raw body to an issuer endpoint and returns the envelope.
func (p *issuerProcess) post(t *testing.T, endpoint string, body []byte) ([]byte, proproof.Response) {
	t.Helper()
	res, err := http.Post(p.url+"/"+endpoint, "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	out, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	env, err := proproof.ParseResponse(out)
	require.NoError(t, err, "%s", out)
	return out, env
}

// requestProof asks for a proof with the request command, as a person
// would; it returns the printed envelope and the command's error.
func (p *issuerProcess) requestProof(t *testing.T, master, rotating string, ts int64, issuerPub string) (proproof.Response, []byte, error) {
	t.Helper()
	args := []string{"request", "proof", "--url", p.url, "--master-key", master, "--rotating-key", rotating, "--ts", strconv.FormatInt(ts, 10)}
	if issuerPub != "" {
		args = append(args, "--issuer-pubkey", issuerPub)
	}
	out, stderr, err := issuerCLI(t, args...)
	if err != nil {
		err = fmt.Errorf("%w: %s", err, stderr)
	}
	body := bytes.TrimSpace([]byte(out))
	env, perr := proproof.ParseResponse(body)
	require.NoError(t, perr, "output %q, stderr %s", out, stderr)
	return env, body, err
}

func proofOf(t *testing.T, env proproof.Response) proproof.ProofResult {
	t.Helper()
	require.Equal(t, proproof.StatusOK, env.Status, "%s: %s", env.ErrorCode, env.Error)
	var res proproof.ProofResult
	require.NoError(t, json.Unmarshal(env.Result, &res))
	return res
}

// blockHash returns the hash of block h from a node's RPC.
func blockHash(t *testing.T, rpc string, h int64) string {
	t.Helper()
	res, err := http.Get(fmt.Sprintf("%s/block?height=%d", rpc, h))
	require.NoError(t, err)
	defer res.Body.Close()
	var out struct {
		Result struct {
			BlockID struct {
				Hash string `json:"hash"`
			} `json:"block_id"`
		} `json:"result"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	require.Len(t, out.Result.BlockID.Hash, 64)
	return out.Result.BlockID.Hash
}

type proofStatus struct {
	UserStatus    string `json:"user_status"`
	Revoked       bool   `json:"revoked"`
	Generation    string `json:"generation"`
	RevocationTag string `json:"revocation_tag"`
	Expiry        string `json:"expiry"`
}

// TestProIssuer runs the whole flow with a real devnet and a real
// session-pro-issuer following it with CometBFT's light client: Pro bought
// over the CLI, a proof requested with a Session key and verified as
// libsession does; every refusal with its error code and no proof; a node
// forging values detected; the same proofs after a restart; and a refund
// whose revoked tag the revocation list serves at its effective time.
func TestProIssuer(t *testing.T) {
	dir := t.TempDir()
	issuerKeyPath, issuerPub := keygen(t, dir, "issuer")
	d := startDevnetEnv(t, "PRO_ISSUER_KEY="+issuerPub, "PRO_GRACE_PERIOD=0s", "PRO_TEST_PLAN_SECONDS=6")

	masterA, pubA := keygen(t, dir, "master-a") // SESH and a receipt, refunded later
	masterC, pubC := keygen(t, dir, "master-c") // a 6-second plan, expired
	masterD, pubD := keygen(t, dir, "master-d") // the rate limit
	masterE, _ := keygen(t, dir, "master-e")    // never subscribed
	rotating, _ := keygen(t, dir, "rotating")

	// Buy Pro over the CLI: carol pays SESH for A; bob, a payment
	// processor, records payments made elsewhere for A, C and D.
	included := func(args ...string) {
		t.Helper()
		sent := d.broadcast(t, args...)
		require.Zero(t, sent.Code, "CheckTx: %+v", sent)
		res := d.waitTx(t, sent.TxHash)
		require.Zero(t, res.Code, "%s: %s", strings.Join(args, " "), res.RawLog)
	}
	included("tx", "pro", "subscribe", pubA, "1", "--max-amount", "200000000000nsesh", "--from", "carol", "--yes")
	included("tx", "pro", "record-payment", "e2e-a", pubA, "1", "40000000000nsesh", "--from", "bob", "--yes")
	included("tx", "pro", "record-payment", "e2e-c", pubC, "9", "1000000000nsesh", "--from", "bob", "--yes")
	included("tx", "pro", "record-payment", "e2e-d", pubD, "1", "40000000000nsesh", "--from", "bob", "--yes")

	// The issuer: its light client trusts block 2 and queries through a
	// proxy that can forge answers; the witness is the node itself.
	ports := freePorts(t, 2)
	proxy := startForgingProxy(t, d.rpcURL())
	config := filepath.Join(dir, "issuer.toml")
	url := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	metricsURL := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	require.NoError(t, os.WriteFile(config, []byte(fmt.Sprintf(`[chain]
chain_id = "sessiond-e2e-1"
rpc = %q
witnesses = [%q]
trust_mode = "light"
trust_height = 2
trust_hash = %q
trusting_period = "168h"
max_state_age = "30s"
snapshot_ttl = "200ms"

[issuer]
home = %q
key_file = %q
listen = "127.0.0.1:%d"
proofs_per_window = 4
rate_window = "1h"
metrics_listen = "127.0.0.1:%d"
log_level = "debug"
`, proxy.url(), d.rpcURL(), blockHash(t, d.rpcURL(), 2), filepath.Join(dir, "issuer-home"), issuerKeyPath, ports[0], ports[1])), 0o600))

	// A key file other users can read is refused.
	require.NoError(t, os.Chmod(issuerKeyPath, 0o644))
	_, stderr, err := issuerCLI(t, "start", "--config", config)
	require.Error(t, err)
	require.Contains(t, stderr, "open to other users")
	require.NoError(t, os.Chmod(issuerKeyPath, 0o600))

	is := startIssuer(t, config, url, metricsURL)

	// A proof for A, asked for and checked with the request command.
	ts := time.Now().Unix()
	env, _, err := is.requestProof(t, masterA, rotating, ts, issuerPub)
	require.NoError(t, err)
	proof := proofOf(t, env)
	var chainStatus proofStatus
	d.cliJSON(t, &chainStatus, "query", "pro", "proof-status", pubA)
	require.Equal(t, "active", chainStatus.UserStatus)
	require.Equal(t, "1", chainStatus.Generation)
	require.Equal(t, chainStatus.RevocationTag, proof.RevocationTag.String(), "the proof carries the chain's revocation tag")
	rotatingKey := loadKey(t, rotating)
	require.Equal(t, hex.EncodeToString(rotatingKey.Public().(ed25519.PublicKey)), proof.RotatingPkey.String())
	issuerPubBytes, err := hex.DecodeString(issuerPub)
	require.NoError(t, err)
	require.Equal(t, proproof.StatusValid, proof.Proof().Status(issuerPubBytes, time.Now().Unix(), nil, nil))
	require.Greater(t, proof.ExpiryTs, ts+int64(29*24*time.Hour/time.Second), "the rolling ~30-day cap")
	expiry, err := time.Parse(time.RFC3339Nano, chainStatus.Expiry)
	require.NoError(t, err)
	require.Equal(t, expiry.Unix(), proof.AccountExpiryTs)
	require.Zero(t, proof.AccountGracePeriodDuration)
	issued := is.metric(t, "session_pro_issuer_proofs_issued_total")
	require.Equal(t, float64(1), issued)

	// Refusals: each with its code, and no proof.
	refuse := func(name string, body []byte, want proproof.ErrorCode) proproof.Response {
		t.Helper()
		raw, env := is.post(t, proproof.EndpointGenerateProof, body)
		require.Equal(t, want, env.ErrorCode, "%s: %s", name, raw)
		require.Empty(t, env.Result, "%s: no proof", name)
		return env
	}
	masterKeyA := loadKey(t, masterA)
	signed := func(master ed25519.PrivateKey, ts int64, tamper func(*proproof.GenerateProofRequest)) []byte {
		req := proproof.NewGenerateProofRequest(master, rotatingKey, ts)
		if tamper != nil {
			tamper(&req)
		}
		bz, err := json.Marshal(req)
		require.NoError(t, err)
		return bz
	}
	now := time.Now().Unix()
	refuse("stale timestamp", signed(masterKeyA, now-200, nil), proproof.CodeStaleRequest)
	refuse("bad signature", signed(masterKeyA, now, func(r *proproof.GenerateProofRequest) { r.MasterSig[10] ^= 1 }), proproof.CodeBadSignature)
	env, _, err = is.requestProof(t, masterE, rotating, time.Now().Unix(), "")
	require.Error(t, err, "the request command exits 1 on a refusal")
	require.Equal(t, proproof.CodeNotSubscribed, env.ErrorCode)
	// C's 6-second plan: once the chain's time has passed its end (no grace).
	eventually(t, 60*time.Second, "C's subscription to expire", func() (bool, string) {
		var st proofStatus
		d.cliJSON(t, &st, "query", "pro", "proof-status", pubC)
		return st.UserStatus == "expired", st.UserStatus
	})
	keyC := loadKey(t, masterC)
	expired := refuse("expired subscription", signed(keyC, time.Now().Unix(), nil), proproof.CodeSubscriptionExpired)
	require.NotNil(t, expired.Failure().Account, "the account fields travel with subscription_expired")
	// A flood for D: four proofs pass the cap, the fifth and sixth do not.
	keyD := loadKey(t, masterD)
	for i := range 6 {
		raw, env := is.post(t, proproof.EndpointGenerateProof, signed(keyD, time.Now().Unix(), nil))
		if i < 4 {
			require.Equal(t, proproof.StatusOK, env.Status, "proof %d: %s", i+1, raw)
			continue
		}
		require.Equal(t, proproof.CodeRateLimited, env.ErrorCode, "proof %d: %s", i+1, raw)
		require.Empty(t, env.Result)
	}
	require.Equal(t, issued+4, is.metric(t, "session_pro_issuer_proofs_issued_total"), "only D's four proofs were issued")
	issued += 4

	// A node that forges the values it returns is caught by the proofs:
	// nothing is issued, and answers resume when it stops.
	proxy.forge.Store(true)
	time.Sleep(300 * time.Millisecond) // past the snapshot TTL: the next request reads afresh
	forgedEnv, _, err := is.requestProof(t, masterA, rotating, time.Now().Unix(), "")
	require.Error(t, err)
	require.Equal(t, proproof.CodeInternalError, forgedEnv.ErrorCode)
	require.Positive(t, proxy.forged.Load(), "the proxy did rewrite an answer")
	require.Positive(t, is.metric(t, `session_pro_issuer_state_errors_total{kind="verification"}`))
	require.Equal(t, issued, is.metric(t, "session_pro_issuer_proofs_issued_total"), "no proof from forged state")
	proxy.forge.Store(false)

	// Restarted mid-flow, the issuer issues the same proof for the same
	// request: it has no state of its own beyond its key and the light
	// client's headers.
	ts = time.Now().Unix()
	env, before, err := is.requestProof(t, masterA, rotating, ts, issuerPub)
	require.NoError(t, err)
	proofOf(t, env)
	is.stop(t)
	is = startIssuer(t, config, url, metricsURL)
	env, after, err := is.requestProof(t, masterA, rotating, ts, issuerPub)
	require.NoError(t, err, "within the 70 s tolerance of ts")
	proofOf(t, env)
	require.Equal(t, string(before), string(after), "the same proof, byte for byte")
	require.Equal(t, proof.RevocationTag, proofOf(t, env).RevocationTag)

	// bob refunds A's receipt: generation 1 goes on the revocation list,
	// effective a day and two hours later; A still has SESH time, so its
	// next proof carries generation 2's tag.
	included("tx", "pro", "revoke-payment", "e2e-a", "--from", "bob", "--yes")
	var list struct {
		Revocations []struct {
			Ticket        string `json:"ticket"`
			RevocationTag string `json:"revocation_tag"`
			EffectiveAt   string `json:"effective_at"`
		} `json:"revocations"`
		LastTicket string `json:"last_ticket"`
	}
	d.cliJSON(t, &list, "query", "pro", "revocation-list", "0")
	require.Len(t, list.Revocations, 1)
	effective, err := time.Parse(time.RFC3339Nano, list.Revocations[0].EffectiveAt)
	require.NoError(t, err)
	tagBytes, err := base64.StdEncoding.DecodeString(list.Revocations[0].RevocationTag)
	require.NoError(t, err)
	require.Equal(t, proof.RevocationTag.String(), hex.EncodeToString(tagBytes))

	var polled proproof.RevocationList
	eventually(t, 30*time.Second, "the revocation in the issuer's list", func() (bool, string) {
		out, stderr, err := issuerCLI(t, "request", "revocations", "--url", is.url, "--ticket", "0")
		if err != nil {
			return false, stderr
		}
		env, err := proproof.ParseResponse([]byte(strings.TrimSpace(out)))
		if err != nil || json.Unmarshal(env.Result, &polled) != nil {
			return false, out
		}
		return polled.Ticket == 1 && len(polled.Items) == 1, out
	})
	require.Equal(t, proof.RevocationTag, polled.Items[0].RevocationTag, "the revoked proof's tag is listed")
	wantEffective := effective.Unix()
	if effective.Nanosecond() > 0 {
		wantEffective++
	}
	require.Equal(t, wantEffective, polled.Items[0].EffectiveTs, "at its effective time, never earlier")
	require.Equal(t, int64(31*24*3600), polled.RetainFor)
	require.True(t, polled.Revokes(proof.RevocationTag, polled.Items[0].EffectiveTs))
	require.False(t, polled.Revokes(proof.RevocationTag, polled.Items[0].EffectiveTs-1))
	out, stderr, err := issuerCLI(t, "request", "revocations", "--url", is.url, "--ticket", "1")
	require.NoError(t, err, stderr)
	require.Contains(t, out, `"items":[]`, "a current ticket gets no items")

	env, _, err = is.requestProof(t, masterA, rotating, time.Now().Unix(), issuerPub)
	require.NoError(t, err)
	renewed := proofOf(t, env)
	require.NotEqual(t, proof.RevocationTag, renewed.RevocationTag, "a new generation, a new tag")
	d.cliJSON(t, &chainStatus, "query", "pro", "proof-status", pubA)
	require.Equal(t, "2", chainStatus.Generation)
	require.Equal(t, chainStatus.RevocationTag, renewed.RevocationTag.String())

	// The issuer's status names its key, which the chain lists.
	var issuerKeys struct {
		IssuerKeys []protypes.IssuerKey `json:"issuer_keys"`
	}
	d.cliJSON(t, &issuerKeys, "query", "pro", "issuer-keys")
	require.Len(t, issuerKeys.IssuerKeys, 1)
	require.Equal(t, issuerPub, issuerKeys.IssuerKeys[0].Pubkey)
}

// loadKey reads a key file keygen wrote (the seed and the public key, in hex).
func loadKey(t *testing.T, path string) ed25519.PrivateKey {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	bz, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	require.NoError(t, err)
	require.Len(t, bz, ed25519.PrivateKeySize)
	return ed25519.NewKeyFromSeed(bz[:ed25519.SeedSize])
}
