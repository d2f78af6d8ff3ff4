//go:build e2e

package e2e

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/client/cli"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

const (
	// badInputGas is the fixed gas of every bad-input tx: with a gas limit
	// the CLI does not simulate, so each tx reaches the node.
	badInputGas = "400000"
	// badInputContract is the bridge contract the bad-input devnet names in
	// genesis; no EVM chain runs behind it.
	badInputContract = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
	// badInputSessionKey is the Session account the Pro cases pay for.
	badInputSessionKey = "5b1e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"
	// badInputPeriodMargin is how long the testing period must still run
	// before the vote cases, which name it.
	badInputPeriodMargin = 60 * time.Second
	// badInputSourceTime is a price's source time older than any block of
	// the bad-input devnet by more than max_source_delay.
	badInputSourceTime = "2001-01-01T00:00:00Z"
)

// stage is where the chain (or the CLI) refuses a bad input.
type stage int

const (
	// atCLI: the CLI refuses it before anything is signed: a non-zero exit,
	// nothing broadcast.
	atCLI stage = iota + 1
	// atCheckTx: the node refuses it in CheckTx (ValidateBasic, decoding):
	// the broadcast response carries the error; nothing enters a block.
	atCheckTx
	// atDeliverTx: the tx enters a block and its message fails: the tx
	// result carries the error, and only the sender's sequence moves.
	atDeliverTx
)

func (s stage) String() string {
	switch s {
	case atCLI:
		return "CLI"
	case atCheckTx:
		return "CheckTx"
	case atDeliverTx:
		return "DeliverTx"
	}
	return fmt.Sprintf("stage(%d)", int(s))
}

// badCase is one hostile input. It is sent either through a CLI command
// (cli) or, for what no command builds (negative amounts, which the CLI
// cannot parse; values the hand-written commands check with ValidateBasic
// before signing; rewardpool's MsgUpdateParams, which has only a proposal
// command), as a message (msg) the CLI signs with `tx sign` and sends with
// `tx broadcast`. Authority messages go out with AutoCLI's --no-proposal,
// signed by the sender instead of through governance.
type badCase struct {
	name string
	// from is the keyring account that signs.
	from string
	// cli is a tx command after `sessiond tx`; --from, --gas, --yes and
	// -o json are added.
	cli []string
	// msg is the message as the tx JSON carries it ("@type" and fields).
	msg map[string]any
	// at is where the input must be refused.
	at stage
	// want is the registered error (codespace and code); nil only for an
	// argument the CLI cannot parse, which no module sees.
	want *errorsmod.Error
	// log is what the error message must name.
	log string
}

// msgJSON returns a message for badCase.msg: its type URL and its fields as
// alternating names and values ([]byte values become base64, as in tx JSON).
func msgJSON(typeURL string, fields ...any) map[string]any {
	if len(fields)%2 != 0 {
		panic("msgJSON: fields come in name, value pairs")
	}
	m := map[string]any{"@type": typeURL}
	for i := 0; i < len(fields); i += 2 {
		m[fields[i].(string)] = fields[i+1]
	}
	return m
}

// coinJSON is a Coin as tx JSON writes it.
func coinJSON(amount, denom string) map[string]any {
	return map[string]any{"denom": denom, "amount": amount}
}

// badInputFixture is the devnet of the bad-input table and what its cases
// name.
type badInputFixture struct {
	d       *devnet
	chainID string
	dir     string // for raw txs and key files

	// Accounts of the test keyring by name, and the validator's valoper.
	addr    map[string]string
	valoper string

	// Node keys: the sample nodes (active), awaiting (registered by bob,
	// waiting for contributions) and fresh (never registered).
	nodeKeyFile map[string]string
	nodePubkey  map[string]string

	// The validator's EVM key (registered) and another key.
	evmKey      *ecdsa.PrivateKey
	evmKeyFile  string
	otherEvmKey *ecdsa.PrivateKey

	// delegate is the validator's delegate key, which sends its bridge
	// messages. pendingTransfer is in an open batch; executedTransfer has
	// been executed on the contract in batch executedBatch. revokedReceipt and liveReceipt were
	// recorded by bob, the first then revoked.
	delegate         string
	pendingTransfer  uint64
	executedTransfer uint64
	executedBatch    uint64
	revokedReceipt   string
	liveReceipt      string
}

// sendRaw signs msg as from with `tx sign` and broadcasts it with
// `tx broadcast`; it returns what the broadcast printed.
func (f *badInputFixture) sendRaw(t *testing.T, name, from string, msg map[string]any) (stdout, stderr string, err error) {
	t.Helper()
	tx := map[string]any{
		"body": map[string]any{"messages": []any{msg}, "memo": "", "timeout_height": "0"},
		"auth_info": map[string]any{
			"signer_infos": []any{},
			"fee":          map[string]any{"amount": []any{}, "gas_limit": badInputGas},
		},
		"signatures": []any{},
	}
	bz, err := json.Marshal(tx)
	require.NoError(t, err)
	slug := strings.NewReplacer(" ", "-", "/", "-", "'", "").Replace(name)
	unsigned := filepath.Join(f.dir, slug+".unsigned.json")
	signed := filepath.Join(f.dir, slug+".signed.json")
	require.NoError(t, os.WriteFile(unsigned, bz, 0o600))
	f.d.cli(t, "tx", "sign", unsigned, "--from", from, "--output-document", signed)
	return f.d.run("tx", "broadcast", signed, "-o", "json")
}

// run sends one case and checks that it is refused where and how it must be.
func (f *badInputFixture) run(t *testing.T, c badCase) {
	t.Helper()
	require.NotEmpty(t, c.from, "%s: no signer", c.name)
	require.True(t, (c.cli == nil) != (c.msg == nil), "%s: give cli or msg", c.name)
	require.NotEmpty(t, c.log, "%s: name what the error says", c.name)
	require.True(t, c.want != nil || c.at == atCLI, "%s: only the CLI refuses without a registered error", c.name)

	var stdout, stderr string
	var err error
	if c.cli != nil {
		args := append([]string{"tx"}, c.cli...)
		stdout, stderr, err = f.d.run(append(args, "--from", c.from, "--gas", badInputGas, "--yes", "-o", "json")...)
	} else {
		require.NotEqual(t, atCLI, c.at, "%s: a signed message is past the CLI's checks", c.name)
		stdout, stderr, err = f.sendRaw(t, c.name, c.from, c.msg)
	}

	switch c.at {
	case atCLI:
		require.Error(t, err, "%s: the CLI must refuse it; stdout %s", c.name, stdout)
		require.NotContains(t, stdout, "txhash", "%s: nothing is broadcast", c.name)
		require.Contains(t, stderr, c.log, "%s: the CLI's error", c.name)
		require.NotContains(t, stderr, "Usage:", "%s: the error alone, not buried under the usage text", c.name)
		if c.want != nil {
			// The CLI ran the message's ValidateBasic: its error ends with
			// the registered error's description.
			require.Contains(t, stderr, ": "+c.want.Error(), "%s: the CLI's error names the registered error", c.name)
		}
		t.Logf("%-48s CLI: %s", c.name, firstLine(stderr))
	case atCheckTx, atDeliverTx:
		require.NoError(t, err, "%s: stderr %s", c.name, stderr)
		var res txResult
		require.NoError(t, json.Unmarshal([]byte(stdout), &res), "%s: %s", c.name, stdout)
		if c.at == atDeliverTx {
			require.Zero(t, res.Code, "%s: must pass CheckTx and fail in the block; got codespace %q code %d: %s",
				c.name, res.Codespace, res.Code, res.RawLog)
			res = waitIncluded(t, f.d, res.TxHash)
		} else {
			require.Equal(t, "0", res.Height, "%s: refused in CheckTx, not in a block", c.name)
		}
		require.Equal(t, c.want.Codespace(), res.Codespace, "%s: codespace at %s; raw log: %s", c.name, c.at, res.RawLog)
		require.Equal(t, c.want.ABCICode(), res.Code, "%s: code at %s; raw log: %s", c.name, c.at, res.RawLog)
		require.Contains(t, res.RawLog, c.log, "%s: raw log", c.name)
		require.True(t, strings.HasSuffix(res.RawLog, ": "+c.want.Error()) || res.RawLog == c.want.Error(),
			"%s: the raw log ends with the registered error's description %q: %s", c.name, c.want.Error(), res.RawLog)
		t.Logf("%-48s %s %s/%d: %s", c.name, c.at, res.Codespace, res.Code, res.RawLog)
	default:
		t.Fatalf("%s: no stage", c.name)
	}
}

// deliver sends a valid tx command and requires it to succeed in a block.
func (f *badInputFixture) deliver(t *testing.T, what string, args ...string) txResult {
	t.Helper()
	var sent txResult
	f.d.cliJSON(t, &sent, append(args, "--gas", badInputGas, "--yes")...)
	require.Zero(t, sent.Code, "%s: CheckTx: %s", what, sent.RawLog)
	res := waitIncluded(t, f.d, sent.TxHash)
	require.Zero(t, res.Code, "%s: %s", what, res.RawLog)
	return res
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// sequences reads the account sequence of each test account.
func (f *badInputFixture) sequences(t *testing.T) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	for name, addr := range f.addr {
		var res struct {
			Account struct {
				Value struct {
					Sequence string `json:"sequence"`
				} `json:"value"`
			} `json:"account"`
		}
		f.d.cliJSON(t, &res, "query", "auth", "account", addr)
		if res.Account.Value.Sequence == "" {
			out[name] = 0 // an account that has not signed yet
			continue
		}
		seq, err := strconv.ParseUint(res.Account.Value.Sequence, 10, 64)
		require.NoError(t, err, "%s's sequence %q", name, res.Account.Value.Sequence)
		out[name] = seq
	}
	return out
}

// state reads the custom modules' state that blocks do not move, and the
// test accounts' balances, as JSON by query: stableQueries' queries and
// those of the objects the cases aim at, a few at a time.
func (f *badInputFixture) state(t *testing.T) map[string]string {
	t.Helper()
	queries := stableQueryArgs(badInputSessionKey)
	for name, args := range map[string][]string{
		"nodestaking awaiting node":    {"query", "nodestaking", "node", f.nodePubkey["awaiting"]},
		"nodestaking alice's node":     {"query", "nodestaking", "node", f.nodePubkey["alice"]},
		"nodestaking alice's liveness": {"query", "nodestaking", "liveness", f.nodePubkey["alice"]},
		"pro price":                    {"query", "pro", "price"},
		"pro revocations":              {"query", "pro", "revocations"},
		"bridge signer-sets":           {"query", "bridge", "signer-sets"},
		"bridge supply":                {"query", "bridge", "supply"},
		"bridge pending transfer":      {"query", "bridge", "transfer", strconv.FormatUint(f.pendingTransfer, 10)},
		"bridge executed transfer":     {"query", "bridge", "transfer", strconv.FormatUint(f.executedTransfer, 10)},
	} {
		queries[name] = args
	}
	for name, addr := range f.addr {
		queries["bank "+name] = []string{"query", "bank", "balances", addr}
		queries["nodestaking contributor-nodes "+name] = []string{"query", "nodestaking", "contributor-nodes", addr}
	}

	type answer struct {
		name, stdout, stderr string
		err                  error
	}
	names := make(chan string)
	answers := make(chan answer, len(queries))
	const workers = 4
	for range workers {
		go func() {
			for name := range names {
				stdout, stderr, err := f.d.run(append(queries[name], "-o", "json")...)
				answers <- answer{name, stdout, stderr, err}
			}
		}()
	}
	go func() {
		for name := range queries {
			names <- name
		}
		close(names)
	}()
	out := map[string]string{}
	for range queries {
		a := <-answers
		require.NoError(t, a.err, "%s: %s", a.name, a.stderr)
		require.True(t, json.Valid([]byte(a.stdout)), "%s: %s", a.name, a.stdout)
		out[a.name] = stripPerBlock(t, a.name, a.stdout)
	}
	return out
}

// requireUnchanged checks that the state after a group of cases is the one
// before it.
func requireUnchanged(t *testing.T, group string, before, after map[string]string) {
	t.Helper()
	require.Len(t, after, len(before))
	for name, want := range before {
		require.JSONEq(t, want, after[name], "%s cases changed %s", group, name)
	}
}

// currentPeriod returns the testing period the vote cases name, after
// waiting for the next one if the current one ends within
// badInputPeriodMargin.
func (f *badInputFixture) currentPeriod(t *testing.T) uint64 {
	t.Helper()
	var params struct {
		Params struct {
			TestingPeriod string `json:"testing_period"`
		} `json:"params"`
	}
	f.d.cliJSON(t, &params, "query", "nodestaking", "params")
	length, err := time.ParseDuration(params.Params.TestingPeriod)
	require.NoError(t, err)
	_, now := f.d.latestBlock(t)
	if left := length - time.Duration(now.UnixNano()%int64(length)); left < badInputPeriodMargin {
		t.Logf("waiting %s for the testing period to turn", left.Round(time.Second))
		f.d.waitBlockTime(t, now.Add(left), left+30*time.Second)
		_, now = f.d.latestBlock(t)
	}
	return nstypes.Period(now, length)
}

// TestBadInput drives a table of hostile inputs for every Msg of the custom
// modules through the CLI of a running node: each is refused with its
// registered error (codespace and code) where it must be (the CLI, CheckTx
// or the block), the modules' state and the accounts' balances stay the
// same, only the senders of the txs that reached a block pay a sequence
// number, and the node keeps producing blocks and accepting valid txs.
func TestBadInput(t *testing.T) {
	start := time.Now()
	d := startDevnetEnv(t, "BRIDGE_CONTRACT="+badInputContract)
	f := setupBadInput(t, d)
	t.Logf("setup done after %s", time.Since(start).Round(time.Millisecond))

	startHeight, err := d.latestHeight()
	require.NoError(t, err)
	groups := []struct {
		module string
		cases  func(*testing.T) []badCase
	}{
		{"rewardpool", f.rewardpoolCases},
		{"nodestaking", f.nodestakingCases},
		{"pro", f.proCases},
		{"bridge", f.bridgeCases},
	}
	total := 0
	before, seqBefore := f.state(t), f.sequences(t)
	for _, g := range groups {
		cases := g.cases(t)
		wantSeq := map[string]uint64{}
		for k, v := range seqBefore {
			wantSeq[k] = v
		}
		names := map[string]bool{}
		for _, c := range cases {
			require.False(t, names[c.name], "two cases named %q", c.name)
			names[c.name] = true
			t.Run(c.name, func(t *testing.T) { f.run(t, c) })
			if c.at == atDeliverTx {
				wantSeq[c.from]++
			}
		}
		after, seqAfter := f.state(t), f.sequences(t)
		requireUnchanged(t, g.module, before, after)
		require.Equal(t, wantSeq, seqAfter,
			"sequences: only the txs that failed in a block were included (before the %s cases: %v)", g.module, seqBefore)
		before, seqBefore = after, seqAfter
		t.Logf("%s: %d cases refused, state unchanged", g.module, len(cases))
		total += len(cases)
	}

	// The node is still producing blocks and accepts a valid tx.
	h, err := d.latestHeight()
	require.NoError(t, err)
	require.Greater(t, h, startHeight)
	d.waitForHeight(t, h+2, 15*time.Second)
	inflowBefore := math.ZeroInt() // no fund-pool has succeeded yet
	if in := d.totals(t).inflow(rptypes.SourceFund); in != "" {
		inflowBefore = mustInt(t, in)
	}
	f.deliver(t, "a valid fund-pool after the bad inputs", "tx", "rewardpool", "fund-pool", "1000nsesh", "--from", "alice")
	require.Equal(t, inflowBefore.AddRaw(1000).String(), d.totals(t).inflow(rptypes.SourceFund))
	t.Logf("%d bad inputs refused in %s", total, time.Since(start).Round(time.Millisecond))
}

// setupBadInput makes the objects the cases aim at with valid txs: the
// validator's EVM key and its signer set, a pending and an executed
// transfer, an observed deposit, a revoked and a live receipt, and a node
// awaiting contributions.
func setupBadInput(t *testing.T, d *devnet) *badInputFixture {
	t.Helper()
	f := &badInputFixture{
		d:           d,
		chainID:     d.chainID(t),
		dir:         t.TempDir(),
		addr:        map[string]string{},
		nodeKeyFile: map[string]string{},
		nodePubkey:  map[string]string{},
	}
	for _, name := range []string{"validator", "alice", "bob", "carol", "feeder1"} {
		f.addr[name] = strings.TrimSpace(d.cli(t, "keys", "show", name, "-a"))
	}
	f.valoper = strings.TrimSpace(d.cli(t, "keys", "show", "validator", "--bech", "val", "-a"))
	for _, op := range []string{"alice", "bob", "carol"} {
		f.nodeKeyFile[op] = filepath.Join(d.home, "nodes", op+".key")
		f.nodePubkey[op] = strings.TrimSpace(d.cli(t, "node-key", "show", f.nodeKeyFile[op]))
	}
	for _, name := range []string{"awaiting", "fresh"} {
		f.nodeKeyFile[name] = filepath.Join(f.dir, name+".key")
		f.nodePubkey[name] = strings.TrimSpace(d.cli(t, "node-key", "generate", f.nodeKeyFile[name]))
	}
	f.evmKey, _ = newEvmKey(t)
	f.evmKeyFile = writeEvmKey(t, f.dir, f.evmKey)
	f.otherEvmKey, _ = newEvmKey(t)

	ok := func(what string, args ...string) txResult {
		t.Helper()
		return f.deliver(t, "setup: "+what, args...)
	}
	f.delegate, _ = registerDelegate(t, d, "validator", f.evmKeyFile)
	f.addr[f.delegate] = keyAddr(t, d, f.delegate, "acc")
	waitSignerSet(t, d.run, 1)
	transferID := func(res txResult) uint64 {
		var queued struct {
			ID string `json:"id"`
		}
		require.NoError(t, json.Unmarshal([]byte(eventAttrJSON(t, res, "sessionchain.bridge.v1.EventTransferQueued", "transfer")), &queued))
		id, err := strconv.ParseUint(queued.ID, 10, 64)
		require.NoError(t, err, "transfer id %q", queued.ID)
		return id
	}
	// The first bridge-out is batched and attested executed (no EVM chain
	// runs: the validator's word settles it); the second is batched and
	// stays open. It is waited for at the end of the setup: a transfer
	// left queued would be batched batch_wait_blocks later, in the middle
	// of the cases.
	f.executedTransfer = transferID(ok("bridge-out",
		"tx", "bridge", "bridge-out", "0x71562b71999873DB5b286dF957af199Ec94617F7", "2000000000nsesh", "--from", "alice"))
	eventually(t, time.Minute, "the first bridge-out is batched", func() (bool, string) {
		tr := queryTransfer(t, d, strconv.FormatUint(f.executedTransfer, 10))
		f.executedBatch, _ = strconv.ParseUint(tr.BatchNonce, 10, 64)
		return f.executedBatch != 0, tr.Status
	})
	ok("attest a batch executed",
		"tx", "bridge", "attest-batch", strconv.FormatUint(f.executedBatch, 10), "executed", "--from", f.delegate)
	f.pendingTransfer = transferID(ok("bridge-out",
		"tx", "bridge", "bridge-out", "0x71562b71999873DB5b286dF957af199Ec94617F7", "1000000000nsesh", "--from", "alice"))
	ok("attest deposit 1",
		"tx", "bridge", "attest-deposit", "1", "0x71562b71999873DB5b286dF957af199Ec94617F7", f.addr["carol"], "3000000", "--from", f.delegate)

	f.revokedReceipt, f.liveReceipt = "badinput-revoked", "badinput-live"
	for _, receipt := range []string{f.revokedReceipt, f.liveReceipt} {
		ok("record a payment", "tx", "pro", "record-payment", receipt, badInputSessionKey, "1", "90000000000nsesh", "--from", "bob")
	}
	ok("revoke a payment", "tx", "pro", "revoke-payment", f.revokedReceipt, "--from", "bob")

	// Genesis nodes owe a seed share from their first proof: carol's gives
	// it, so that the proof the cases send for it is too soon.
	ok("carol's node gives its seed share", append([]string{"tx"}, proofCLI("--node-key-file", f.nodeKeyFile["carol"], "--from", "carol")...)...)
	ok("register a node awaiting contributions", "tx", "nodestaking", "register-node", "10000000000000nsesh",
		"--node-key-file", f.nodeKeyFile["awaiting"], "--fee-bps", "1000", "--from", "bob")
	require.Equal(t, "NODE_STATUS_AWAITING", d.nodeStatus(t, f.nodePubkey["awaiting"]))
	eventually(t, time.Minute, "the second bridge-out is batched", func() (bool, string) {
		tr := queryTransfer(t, d, strconv.FormatUint(f.pendingTransfer, 10))
		return tr.Status == "TRANSFER_STATUS_BATCHED", tr.Status
	})
	return f
}

// eventAttrJSON returns an attribute of the first event of a type as the
// JSON the typed event carries.
func eventAttrJSON(t *testing.T, res txResult, typ, key string) string {
	t.Helper()
	for _, ev := range res.Events {
		if ev.Type != typ {
			continue
		}
		for _, a := range ev.Attributes {
			if a.Key == key {
				return a.Value
			}
		}
	}
	t.Fatalf("no %s.%s in tx %s", typ, key, res.TxHash)
	return ""
}

// nodeKeySign signs a nodestaking sign doc with a node key file.
func nodeKeySign(t *testing.T, keyFile string, signBytes []byte) []byte {
	t.Helper()
	key, err := cli.LoadNodeKey(keyFile)
	require.NoError(t, err)
	return ed25519.Sign(key, signBytes)
}
