package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/client/proproof"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/config"
)

// run runs the root command with args and returns its stdout and stderr.
func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func TestKeygenPubkeyAndInitConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.key")
	out, _, err := run(t, "keygen", "--out", path)
	require.NoError(t, err)
	pub := strings.TrimSpace(out)
	require.Len(t, pub, 64)
	out, _, err = run(t, "pubkey", path)
	require.NoError(t, err)
	require.Equal(t, pub, strings.TrimSpace(out))
	_, _, err = run(t, "keygen", "--out", path)
	require.ErrorContains(t, err, "never overwritten")

	out, _, err = run(t, "init-config")
	require.NoError(t, err)
	require.Equal(t, config.Example, out)

	_, _, err = run(t, "start")
	require.ErrorContains(t, err, "--config is required")
}

// The request command signs as a Session client, prints the envelope and
// checks the proof with the issuer key it is given.
func TestRequestProof(t *testing.T) {
	dir := t.TempDir()
	master := filepath.Join(dir, "master.key")
	_, _, err := run(t, "keygen", "--out", master)
	require.NoError(t, err)
	issuer := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32))
	issuerPub := hex.EncodeToString(issuer.Public().(ed25519.PublicKey))
	var signs bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.Equal(t, "/"+proproof.EndpointGenerateProof, r.URL.Path)
		body, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		req, err := proproof.ParseGenerateProofRequest(body)
		require.NoError(t, err)
		require.NoError(t, req.VerifySignatures())
		p := proproof.Proof{RotatingPkey: req.RotatingPkey, ExpiryTs: req.Ts + 3600}
		if signs {
			p.Sign(issuer)
		}
		env, err := proproof.OK(proproof.NewProofResult(p, proproof.Account{}))
		require.NoError(t, err)
		_, _ = w.Write(env)
	}))
	defer srv.Close()

	signs = true
	out, stderr, err := run(t, "request", "proof", "--url", srv.URL, "--master-key", master, "--issuer-pubkey", issuerPub)
	require.NoError(t, err)
	require.Contains(t, out, `"status":"ok"`)
	require.Contains(t, stderr, "proof verified: signed by "+issuerPub)

	signs = false
	_, _, err = run(t, "request", "proof", "--url", srv.URL, "--master-key", master, "--issuer-pubkey", issuerPub)
	require.ErrorContains(t, err, "does not verify: invalid issuer signature")

	require.NoError(t, os.Chmod(master, 0o644))
	_, _, err = run(t, "request", "proof", "--url", srv.URL, "--master-key", master)
	require.ErrorContains(t, err, "open to other users")
}

// A refusal is printed and makes the command fail.
func TestRequestRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		body, _ := proproof.Fail(proproof.Failf(proproof.CodeRateLimited, "slow down"))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	out, _, err := run(t, "request", "revocations", "--url", srv.URL, "--ticket", "3")
	require.ErrorIs(t, err, errRefused)
	require.Contains(t, out, `"error_code":"rate_limited"`)
}
