package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/spf13/cobra"

	"github.com/sessiontoken/sessionchain/client/proproof"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/keyfile"
)

// errRefused is a request the issuer answered with fail or error: the
// envelope is printed, and the command exits 1.
var errRefused = errors.New("the issuer refused the request")

func newRequestCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "request",
		Short: "Send a signed Pro request to an issuer, as a Session client does, and print the answer",
		Long: "Builds the request a Session client would send, signed with a Session key file, posts it to an issuer\n" +
			"(this one or Session's Pro backend: the format is the same) and prints the answer's JSON envelope. It\n" +
			"exits 1 when the issuer refuses (status fail or error).",
	}
	cmd.PersistentFlags().String("url", "http://127.0.0.1:8547", "the issuer's base URL")
	cmd.PersistentFlags().Duration("timeout", 30*time.Second, "how long to wait for the answer")
	cmd.AddCommand(newRequestProofCmd(), newRequestStatusCmd(), newRequestRevocationsCmd())
	return cmd
}

func newRequestProofCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "proof",
		Short: "Ask for a Pro proof for a rotating key (generate_pro_proof) and check it",
		Long: "Signs generate_pro_proof with the master key (the Session account's Pro key, whose subscription the\n" +
			"chain holds) and the rotating key (a new random one unless --rotating-key names a file). With\n" +
			"--issuer-pubkey the proof is then verified as libsession verifies it, at the local clock.",
		Example: "session-pro-issuer request proof --url http://127.0.0.1:8547 --master-key master.key \\\n" +
			"  --issuer-pubkey $(session-pro-issuer pubkey issuer.key)",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			master, err := keyFlag(cmd, "master-key")
			if err != nil {
				return err
			}
			rotating, err := rotatingKey(cmd)
			if err != nil {
				return err
			}
			ts, err := tsFlag(cmd)
			if err != nil {
				return err
			}
			body, resp, err := send(cmd, proproof.EndpointGenerateProof, proproof.NewGenerateProofRequest(master, rotating, ts))
			if err != nil {
				return err
			}
			if resp.Status != proproof.StatusOK {
				return errRefused
			}
			pub, err := cmd.Flags().GetString("issuer-pubkey")
			if err != nil || pub == "" {
				return err
			}
			return verifyProof(cmd, body, resp, pub)
		},
	}
	cmd.Flags().String("master-key", "", "the Session (Pro master) key file that signs the request")
	cmd.Flags().String("rotating-key", "", "the rotating key file the proof is for (default: a new random key)")
	cmd.Flags().String("issuer-pubkey", "", "check the proof against this issuer public key (hex)")
	cmd.Flags().Int64("ts", 0, "the request's timestamp, Unix seconds (default: now)")
	return cmd
}

func newRequestStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "status",
		Short:   "Ask for a Session account's Pro status (get_pro_status)",
		Example: "session-pro-issuer request status --url http://127.0.0.1:8547 --master-key master.key",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			master, err := keyFlag(cmd, "master-key")
			if err != nil {
				return err
			}
			ts, err := tsFlag(cmd)
			if err != nil {
				return err
			}
			_, resp, err := send(cmd, proproof.EndpointGetProStatus, proproof.NewProStatusRequest(master, ts))
			if err == nil && resp.Status != proproof.StatusOK {
				return errRefused
			}
			return err
		},
	}
	cmd.Flags().String("master-key", "", "the Session (Pro master) key file that signs the request")
	cmd.Flags().Int64("ts", 0, "the request's timestamp, Unix seconds (default: now)")
	return cmd
}

func newRequestRevocationsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "revocations",
		Short:   "Poll the revocation list (get_pro_revocations) from a ticket",
		Example: "session-pro-issuer request revocations --url http://127.0.0.1:8547 --ticket 0",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ticket, err := cmd.Flags().GetInt64("ticket")
			if err != nil {
				return err
			}
			_, resp, err := send(cmd, proproof.EndpointRevocations, proproof.RevocationsRequest{Ticket: ticket})
			if err == nil && resp.Status != proproof.StatusOK {
				return errRefused
			}
			return err
		},
	}
	cmd.Flags().Int64("ticket", 0, "the last ticket seen (0: everything kept)")
	return cmd
}

func keyFlag(cmd *cobra.Command, name string) (ed25519.PrivateKey, error) {
	path, err := cmd.Flags().GetString(name)
	if err != nil {
		return nil, err
	}
	if path == "" {
		return nil, fmt.Errorf("--%s is required (session-pro-issuer keygen --out <file> makes one)", name)
	}
	if path, err = daemon.ExpandHome(path); err != nil {
		return nil, err
	}
	return keyfile.Load(path)
}

func rotatingKey(cmd *cobra.Command) (ed25519.PrivateKey, error) {
	if path, _ := cmd.Flags().GetString("rotating-key"); path != "" {
		return keyFlag(cmd, "rotating-key")
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	return key, err
}

func tsFlag(cmd *cobra.Command) (int64, error) {
	ts, err := cmd.Flags().GetInt64("ts")
	if err != nil || ts != 0 {
		return ts, err
	}
	return time.Now().Unix(), nil
}

// send posts a request and prints the answer; it returns the body and the
// parsed envelope.
func send(cmd *cobra.Command, endpoint string, req any) ([]byte, proproof.Response, error) {
	var resp proproof.Response
	base, err := cmd.Flags().GetString("url")
	if err != nil {
		return nil, resp, err
	}
	timeout, err := cmd.Flags().GetDuration("timeout")
	if err != nil {
		return nil, resp, err
	}
	bz, err := json.Marshal(req)
	if err != nil {
		return nil, resp, err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
	defer cancel()
	url := strings.TrimSuffix(base, "/") + "/" + endpoint
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(bz))
	if err != nil {
		return nil, resp, err
	}
	hreq.Header.Set("Content-Type", "application/json")
	hres, err := http.DefaultClient.Do(hreq)
	if err != nil {
		return nil, resp, err
	}
	defer hres.Body.Close()
	body, err := io.ReadAll(io.LimitReader(hres.Body, 16<<20))
	if err != nil {
		return nil, resp, err
	}
	if hres.StatusCode != http.StatusOK {
		return nil, resp, fmt.Errorf("%s: HTTP %s: %s", url, hres.Status, strings.TrimSpace(string(body)))
	}
	if _, err := fmt.Fprintln(cmd.OutOrStdout(), string(body)); err != nil {
		return nil, resp, err
	}
	resp, err = proproof.ParseResponse(body)
	return body, resp, err
}

// verifyProof checks a proof as libsession does, and reports the result on
// stderr.
func verifyProof(cmd *cobra.Command, _ []byte, resp proproof.Response, issuerPub string) error {
	pub, err := hex.DecodeString(issuerPub)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("--issuer-pubkey: want 64 hex digits, got %q", issuerPub)
	}
	var res proproof.ProofResult
	if err := json.Unmarshal(resp.Result, &res); err != nil {
		return fmt.Errorf("the proof: %w", err)
	}
	now := time.Now().Unix()
	status := res.Proof().Status(pub, now, nil, nil)
	if status != proproof.StatusValid {
		return fmt.Errorf("the proof does not verify: %s", status)
	}
	_, err = fmt.Fprintf(cmd.ErrOrStderr(), "proof verified: signed by %s, valid until %s (revocation tag %s)\n",
		issuerPub, time.Unix(res.ExpiryTs, 0).UTC().Format(time.RFC3339), res.RevocationTag)
	return err
}
