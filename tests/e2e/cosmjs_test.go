//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	errorsmod "cosmossdk.io/errors"

	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// cosmjsTimeout bounds the whole CosmJS run: two transactions per Msg.
const cosmjsTimeout = 6 * time.Minute

// cosmjsReport is what tests/cosmjs/msgs.cjs writes.
type cosmjsReport struct {
	Rows []struct {
		Msg       string `json:"msg"`
		Mode      string `json:"mode"`
		Signer    string `json:"signer"`
		Code      uint32 `json:"code"`
		Codespace string `json:"codespace"`
		Log       string `json:"log"`
		TxHash    string `json:"txhash"`
		Stage     string `json:"stage"`
	} `json:"rows"`
	Comet struct {
		NodeVersion string `json:"nodeVersion"`
		AutoClient  string `json:"autoClient"`
		Auto        struct {
			OK          bool   `json:"ok"`
			Error       string `json:"error"`
			TxResults   int    `json:"txResults"`
			TxEvents    int    `json:"txEvents"`
			BlockEvents int    `json:"blockEvents"`
		} `json:"auto"`
		Comet38 struct {
			OK          bool   `json:"ok"`
			Error       string `json:"error"`
			TxResults   int    `json:"txResults"`
			TxEvents    int    `json:"txEvents"`
			BlockEvents int    `json:"blockEvents"`
		} `json:"comet38"`
	} `json:"comet"`
	Registered map[string]string `json:"registered"`
	Addresses  map[string]string `json:"addresses"`
}

// TestCosmJSSignsEveryMsg signs and broadcasts every Msg of the custom
// modules with CosmJS (pinned, through the generated ts-client), in
// SIGN_MODE_DIRECT and in amino JSON (the Ledger path). A Msg is signed
// right when the chain gets past signature verification and decoding to the
// module: it succeeds, or the module refuses it with the registered error the
// table names (a wrong authority, a node not yet withdrawable...). A wrong
// amino encoding would fail instead with sdk's "signature verification
// failed". It also records what CosmJS's CometBFT auto-detection picks.
func TestCosmJSSignsEveryMsg(t *testing.T) {
	ok := (*errorsmod.Error)(nil)
	want := map[string]*errorsmod.Error{
		"/sessionchain.rewardpool.v1.MsgFundPool":              ok,
		"/sessionchain.rewardpool.v1.MsgUpdateParams":          rewardpooltypes.ErrInvalidAuthority,
		"/sessionchain.pro.v1.MsgSubmitPrice":                  ok,
		"/sessionchain.pro.v1.MsgSubscribe":                    ok,
		"/sessionchain.pro.v1.MsgRecordPayment":                ok,
		"/sessionchain.pro.v1.MsgRevokePayment":                ok,
		"/sessionchain.pro.v1.MsgSpendProtocolLiquidity":       protypes.ErrInvalidAuthority,
		"/sessionchain.pro.v1.MsgUpdateParams":                 protypes.ErrInvalidAuthority,
		"/sessionchain.pro.v1.MsgRevokeReceipt":                protypes.ErrInvalidAuthority,
		"/sessionchain.pro.v1.MsgRegisterIssuerKey":            protypes.ErrInvalidAuthority,
		"/sessionchain.pro.v1.MsgRetireIssuerKey":              protypes.ErrInvalidAuthority,
		"/sessionchain.names.v1.MsgRegisterName":               namestypes.ErrInvalidValue,
		"/sessionchain.names.v1.MsgRenewName":                  namestypes.ErrNameNotFound,
		"/sessionchain.names.v1.MsgUpdateName":                 namestypes.ErrInvalidValue,
		"/sessionchain.names.v1.MsgTransferName":               namestypes.ErrInvalidValue,
		"/sessionchain.names.v1.MsgListName":                   namestypes.ErrNameNotFound,
		"/sessionchain.names.v1.MsgCancelListing":              namestypes.ErrNotListed,
		"/sessionchain.names.v1.MsgBuyName":                    namestypes.ErrInvalidValue,
		"/sessionchain.names.v1.MsgUpdateParams":               namestypes.ErrInvalidAuthority,
		"/sessionchain.nodestaking.v1.MsgRegisterNode":         ok,
		"/sessionchain.nodestaking.v1.MsgContribute":           ok,
		"/sessionchain.nodestaking.v1.MsgWithdrawContribution": nodestakingtypes.ErrTooEarly,
		"/sessionchain.nodestaking.v1.MsgClaimRewards":         ok,
		"/sessionchain.nodestaking.v1.MsgRequestUnlock":        ok,
		// A genesis node owes its seed share, so its first proof is never too
		// soon; msgs.cjs sends none (no ECVRF in the browser bundle).
		"/sessionchain.nodestaking.v1.MsgUptimeProof":           nodestakingtypes.ErrInvalidSeedProof,
		"/sessionchain.nodestaking.v1.MsgNodeStateVote":         nodestakingtypes.ErrWrongPeriod,
		"/sessionchain.nodestaking.v1.MsgDeregisterNode":        nodestakingtypes.ErrInvalidAuthority,
		"/sessionchain.nodestaking.v1.MsgUpdateParams":          nodestakingtypes.ErrInvalidAuthority,
		"/sessionchain.bridge.v1.MsgRegisterEvmKey":             bridgetypes.ErrInvalidSignature,
		"/sessionchain.bridge.v1.MsgAttestDeposit":              bridgetypes.ErrNotConfigured,
		"/sessionchain.bridge.v1.MsgBridgeOut":                  bridgetypes.ErrNotConfigured,
		"/sessionchain.bridge.v1.MsgCancelBridgeOut":            bridgetypes.ErrTransferNotFound,
		"/sessionchain.bridge.v1.MsgSignBatch":                  bridgetypes.ErrNotDelegate,
		"/sessionchain.bridge.v1.MsgSignSignerSet":              bridgetypes.ErrNotDelegate,
		"/sessionchain.bridge.v1.MsgSignAdminOp":                bridgetypes.ErrNotDelegate,
		"/sessionchain.bridge.v1.MsgAttestBatch":                bridgetypes.ErrNotConfigured,
		"/sessionchain.bridge.v1.MsgAttestContractState":        bridgetypes.ErrNotConfigured,
		"/sessionchain.bridge.v1.MsgSubmitBadSignatureEvidence": bridgetypes.ErrNotConfigured,
		"/sessionchain.bridge.v1.MsgAttestRetiredContract":      bridgetypes.ErrNotDelegate,
		"/sessionchain.bridge.v1.MsgSignRetiredSweep":           bridgetypes.ErrNotDelegate,
		"/sessionchain.bridge.v1.MsgReopenDeposit":              bridgetypes.ErrInvalidAuthority,
		"/sessionchain.bridge.v1.MsgUpdateParams":               bridgetypes.ErrInvalidAuthority,
	}
	signModes := map[string]string{"direct": "SIGN_MODE_DIRECT", "amino": "SIGN_MODE_LEGACY_AMINO_JSON"}

	d := startDevnet(t)
	clientDir := buildTSClient(t)

	keys := map[string]string{}
	for _, name := range []string{"validator", "alice", "bob", "carol", "feeder1"} {
		keys[name] = exportKeyHex(t, d, name)
	}
	nodeKeys := map[string]string{}
	for _, name := range []string{"alice", "bob", "carol"} {
		seed, err := os.ReadFile(filepath.Join(d.home, "nodes", name+".key"))
		if err != nil {
			t.Fatal(err)
		}
		nodeKeys[name] = strings.TrimSpace(string(seed))
	}
	keysJSON, _ := json.Marshal(keys)
	nodeKeysJSON, _ := json.Marshal(nodeKeys)

	reportPath := filepath.Join(t.TempDir(), "report.json")
	ctx, cancel := context.WithTimeout(context.Background(), cosmjsTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "tests/cosmjs/msgs.cjs")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(),
		"NODE_PATH="+filepath.Join(clientDir, "node_modules"),
		"SESSION_CLIENT="+clientDir,
		"RPC_URL="+d.rpcURL(),
		"CHAIN_ID=sessiond-e2e-1",
		"KEYS="+string(keysJSON),
		"NODE_KEYS="+string(nodeKeysJSON),
		"REPORT="+reportPath,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("tests/cosmjs/msgs.cjs:\n%s", out)
	if err != nil {
		t.Fatalf("tests/cosmjs/msgs.cjs: %v", err)
	}
	var report cosmjsReport
	bz, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(bz, &report); err != nil {
		t.Fatal(err)
	}

	seen := map[string]int{}
	for _, row := range report.Rows {
		name := fmt.Sprintf("%s %s", row.Mode, row.Msg)
		seen[row.Msg]++
		wantErr, known := want[row.Msg]
		if !known {
			t.Errorf("%s: not in the table", name)
			continue
		}
		code, codespace, log := row.Code, row.Codespace, row.Log
		if row.TxHash != "" {
			// The chain's own record: result, codespace and how it was signed.
			tx := d.restTx(t, row.TxHash)
			code, codespace, log = tx.TxResponse.Code, tx.TxResponse.Codespace, tx.TxResponse.RawLog
			if got := tx.Tx.AuthInfo.SignerInfos[0].ModeInfo.Single.Mode; got != signModes[row.Mode] {
				t.Errorf("%s: signed with %s, want %s", name, got, signModes[row.Mode])
			}
		}
		switch {
		case wantErr == nil && code != 0:
			t.Errorf("%s: want success, got code %d (%s): %s", name, code, codespace, log)
		case wantErr != nil && (code != wantErr.ABCICode() || codespace != wantErr.Codespace()):
			t.Errorf("%s: want %s error %d (%s), got code %d (%s): %s", name, wantErr.Codespace(), wantErr.ABCICode(), wantErr.Error(), code, codespace, log)
		}
	}
	for msg := range want {
		if seen[msg] != 2 {
			t.Errorf("%s: signed %d times, want once per sign mode", msg, seen[msg])
		}
	}

	// The successes changed the state they should have.
	for mode, pubkey := range report.Registered {
		var node struct {
			Node struct {
				Node struct {
					Operator     string `json:"operator"`
					Contributors int    `json:"contributors"`
				} `json:"node"`
			} `json:"node"`
		}
		d.cliJSON(t, &node, "query", "nodestaking", "node", pubkey)
		if node.Node.Node.Operator != report.Addresses["validator"] || node.Node.Node.Contributors != 2 {
			t.Errorf("%s: node %s registered by %s with %d contributors, want the validator's with 2 (operator, bob)",
				mode, pubkey, node.Node.Node.Operator, node.Node.Node.Contributors)
		}
	}
	for _, key := range []string{strings.Repeat("a1", 32), strings.Repeat("b2", 32)} {
		var sub struct {
			Active bool `json:"active"`
		}
		d.cliJSON(t, &sub, "query", "pro", "subscription", key)
		if !sub.Active {
			t.Errorf("subscription %s…: not active after MsgSubscribe", key[:8])
		}
	}

	// CometBFT 0.40 reports 0.39.0; CosmJS knows 0.37, 0.38 and 1.x and
	// falls back to its 0.37 client. Comet38Client reads everything.
	t.Logf("CometBFT /status version %s; connectComet chose %s; block results: auto %+v, Comet38Client %+v",
		report.Comet.NodeVersion, report.Comet.AutoClient, report.Comet.Auto, report.Comet.Comet38)
	if report.Comet.NodeVersion != "0.39.0" || report.Comet.AutoClient != "Tendermint37Client" {
		t.Errorf("auto-detection: node %s, client %s; want 0.39.0 and the 0.37 fallback (update ts-client/README.md if this changed)",
			report.Comet.NodeVersion, report.Comet.AutoClient)
	}
	if !report.Comet.Comet38.OK || report.Comet.Comet38.TxResults == 0 || report.Comet.Comet38.TxEvents == 0 || report.Comet.Comet38.BlockEvents == 0 {
		t.Errorf("Comet38Client block results: %+v; want the transaction, its events and the block's finalize_block_events", report.Comet.Comet38)
	}
}

// buildTSClient compiles ts-client with the pinned npm tools
// (scripts/tsclient.sh build) and returns the package directory.
func buildTSClient(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "scripts/tsclient.sh", "build")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/tsclient.sh build: %v\n%s", err, out)
	}
	return filepath.Join(repoRoot, "build", "tsclient")
}

// exportKeyHex returns the hex secp256k1 private key of a test keyring key.
func exportKeyHex(t *testing.T, d *devnet, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, sessiondBin, "--home", d.home, "keys", "export", name,
		"--unarmored-hex", "--unsafe", "--keyring-backend", "test")
	cmd.Stdin = strings.NewReader("y\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("keys export %s: %v", name, err)
	}
	fields := strings.Fields(string(out))
	if len(fields) == 0 {
		t.Fatalf("keys export %s: no output", name)
	}
	return fields[len(fields)-1]
}

// restTxResponse is the part of GET /cosmos/tx/v1beta1/txs/{hash} the tests read.
type restTxResponse struct {
	Tx struct {
		AuthInfo struct {
			SignerInfos []struct {
				ModeInfo struct {
					Single struct {
						Mode string `json:"mode"`
					} `json:"single"`
				} `json:"mode_info"`
			} `json:"signer_infos"`
		} `json:"auth_info"`
	} `json:"tx"`
	TxResponse struct {
		Code      uint32 `json:"code"`
		Codespace string `json:"codespace"`
		RawLog    string `json:"raw_log"`
	} `json:"tx_response"`
}

// restTx reads a committed transaction through REST.
func (d *devnet) restTx(t *testing.T, hash string) restTxResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.apiURL()+"/cosmos/tx/v1beta1/txs/"+hash, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET tx %s: %v", hash, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET tx %s: %d %v: %s", hash, resp.StatusCode, err, body)
	}
	var out restTxResponse
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("GET tx %s: %v", hash, err)
	}
	if len(out.Tx.AuthInfo.SignerInfos) == 0 {
		t.Fatalf("GET tx %s: no signer infos", hash)
	}
	return out
}
