//go:build e2e

package e2e

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/bech32"

	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func (f *badInputFixture) nodestakingCases(t *testing.T) []badCase {
	const (
		register = "/sessionchain.nodestaking.v1.MsgRegisterNode"
		contrib  = "/sessionchain.nodestaking.v1.MsgContribute"
		proof    = "/sessionchain.nodestaking.v1.MsgUptimeProof"
		vote     = "/sessionchain.nodestaking.v1.MsgNodeStateVote"
	)
	bob, carol := f.addr["bob"], f.addr["carol"]
	active, awaiting, fresh := f.nodePubkey["alice"], f.nodePubkey["awaiting"], f.nodePubkey["fresh"]
	freshBytes := bytesOf(t, fresh)
	stake := coinJSON("10000000000000", "nsesh")
	registration := func(pubkey []byte, feeBps uint32, stake map[string]any, reserved ...map[string]any) map[string]any {
		return msgJSON(register, "operator", bob, "pubkey", pubkey, "signature", zeroSig, "fee_bps", feeBps,
			"stake", stake, "reserved", append([]map[string]any{}, reserved...))
	}
	spot := func(addr, amount string) map[string]any { return map[string]any{"address": addr, "amount": amount} }
	// Ten spots for distinct accounts: one more than a node has besides its operator.
	var tenSpots []string
	for i := range 10 {
		addr, err := bech32.ConvertAndEncode("session", []byte(fmt.Sprintf("badinput-reserved-%02d", i)))
		require.NoError(t, err)
		tenSpots = append(tenSpots, "--reserve", addr+"=1000000000000")
	}
	uptimeProof := func(pubkey []byte, seq uint64, sig []byte) map[string]any {
		return msgJSON(proof, "sender", bob, "pubkey", pubkey, "seq", strconv.FormatUint(seq, 10), "signature", sig)
	}

	period := f.currentPeriod(t)
	periodArg := strconv.FormatUint(period, 10)
	tested := f.nodePubkey["carol"]
	voteMsg := func(voter, tested string, state int, sig []byte) map[string]any {
		return msgJSON(vote, "sender", bob, "voter", bytesOf(t, voter), "tested", bytesOf(t, tested),
			"period", periodArg, "state", state, "signature", sig)
	}
	// bob's node signs a vote for the next period; the message names this one.
	nextPeriodDoc, err := nstypes.NodeStateVoteSignBytes(f.chainID, bob, f.nodePubkey["bob"], tested, period+1, nstypes.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	wrongDoc := nodeKeySign(t, f.nodeKeyFile["bob"], nextPeriodDoc)
	// bob's node signs a vote for carol to send; bob sends it (a copied vote).
	carolDoc, err := nstypes.NodeStateVoteSignBytes(f.chainID, carol, f.nodePubkey["bob"], tested, period, nstypes.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	carolSig := nodeKeySign(t, f.nodeKeyFile["bob"], carolDoc)
	voteCLI := func(tested, state, keyFile string, extra ...string) []string {
		return append([]string{"nodestaking", "vote", tested, state, "--node-key-file", keyFile}, extra...)
	}

	rotate := "/sessionchain.nodestaking.v1.MsgRotateNodeKey"
	return []badCase{
		// MsgRotateNodeKey
		{
			name: "rotate-node-key: not the operator", from: "bob",
			cli: []string{"nodestaking", "rotate-node-key", active, "--new-key-file", f.nodeKeyFile["fresh"]},
			at:  atDeliverTx, want: nstypes.ErrNotOperator, log: "does not operate node",
		},
		{
			name: "rotate-node-key: 31-byte new key (signed)", from: "bob",
			msg: msgJSON(rotate, "operator", bob, "node_pubkey", bytesOf(t, active), "new_pubkey", freshBytes[:31], "signature", zeroSig),
			at:  atCheckTx, want: nstypes.ErrInvalidPubkey, log: "want 32 bytes, got 31",
		},
		{
			name: "rotate-node-key: a registered node's key", from: "alice",
			cli: []string{"nodestaking", "rotate-node-key", active, "--new-key-file", f.nodeKeyFile["bob"]},
			at:  atDeliverTx, want: nstypes.ErrKeyUsed, log: "was used by a node before",
		},
		// MsgRegisterNode
		{
			name: "register-node: fee above 100%", from: "bob",
			cli: []string{"nodestaking", "register-node", "10000000000000nsesh", "--node-key-file", f.nodeKeyFile["fresh"], "--fee-bps", "10001"},
			at:  atCLI, want: nstypes.ErrInvalidFee, log: "fee must be 0 to 10000 basis points, got 10001",
		},
		{
			name: "register-node: fee above 100% (signed)", from: "bob", msg: registration(freshBytes, 10001, stake),
			at: atCheckTx, want: nstypes.ErrInvalidFee, log: "fee must be 0 to 10000 basis points, got 10001",
		},
		{
			name: "register-node: 31-byte key", from: "bob", msg: registration(freshBytes[:31], 0, stake),
			at: atCheckTx, want: nstypes.ErrInvalidPubkey, log: "want 32 bytes, got 31",
		},
		{
			name: "register-node: 10,000-byte key", from: "bob", msg: registration(make([]byte, 10_000), 0, stake),
			at: atCheckTx, want: nstypes.ErrInvalidPubkey, log: "want 32 bytes, got 10000",
		},
		{
			name: "register-node: key not hex", from: "bob",
			cli: []string{"nodestaking", "register-node", "10000000000000nsesh", "--pubkey", "zz", "--signature", hex.EncodeToString(zeroSig)},
			at:  atCLI, log: "--pubkey: encoding/hex: invalid byte",
		},
		{
			name: "register-node: signature of nothing", from: "bob",
			cli: []string{"nodestaking", "register-node", "10000000000000nsesh", "--pubkey", fresh, "--signature", hex.EncodeToString(zeroSig)},
			at:  atDeliverTx, want: nstypes.ErrInvalidSignature, log: "the signature is not the node key's",
		},
		{
			name: "register-node: key registered before", from: "bob",
			cli: []string{"nodestaking", "register-node", "10000000000000nsesh", "--node-key-file", f.nodeKeyFile["alice"]},
			at:  atDeliverTx, want: nstypes.ErrNodeExists, log: active + " has registered before",
		},
		{
			name: "register-node: stake below the operator minimum", from: "bob",
			cli: []string{"nodestaking", "register-node", "1000nsesh", "--node-key-file", f.nodeKeyFile["fresh"]},
			at:  atDeliverTx, want: nstypes.ErrStakeTooLow, log: "the operator stakes at least 6250000000000, got 1000",
		},
		{
			name: "register-node: stake above the requirement", from: "bob",
			cli: []string{"nodestaking", "register-node", "30000000000000nsesh", "--node-key-file", f.nodeKeyFile["fresh"]},
			at:  atDeliverTx, want: nstypes.ErrStakeTooHigh, log: "the requirement is 25000000000000, got 30000000000000",
		},
		{
			name: "register-node: wrong denom", from: "bob",
			cli: []string{"nodestaking", "register-node", "10000000000000stake", "--node-key-file", f.nodeKeyFile["fresh"]},
			at:  atCLI, want: nstypes.ErrInvalidDenom, log: `stakes are in nsesh, got "stake"`,
		},
		{
			name: "register-node: zero stake", from: "bob", msg: registration(freshBytes, 0, coinJSON("0", "nsesh")),
			at: atCheckTx, want: nstypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "register-node: reserved spot for a bad address", from: "bob",
			msg: registration(freshBytes, 0, stake, spot("session1bad", "2000000000000")),
			at:  atCheckTx, want: nstypes.ErrInvalidReserved, log: `reserved spot "session1bad"`,
		},
		{
			name: "register-node: reserved spot for the operator", from: "bob",
			msg: registration(freshBytes, 0, stake, spot(bob, "2000000000000")),
			at:  atCheckTx, want: nstypes.ErrInvalidReserved, log: bob + " is the operator or listed twice",
		},
		{
			name: "register-node: reserved spot of 1 nsesh", from: "bob",
			cli: []string{"nodestaking", "register-node", "10000000000000nsesh", "--node-key-file", f.nodeKeyFile["fresh"], "--reserve", carol + "=1"},
			at:  atDeliverTx, want: nstypes.ErrInvalidReserved, log: "spot for " + carol + " must hold 1666666666667 to 15000000000000, got 1",
		},
		{
			name: "register-node: reserved spot listed twice", from: "bob",
			msg: registration(freshBytes, 0, stake, spot(carol, "2000000000000"), spot(carol, "2000000000000")),
			at:  atCheckTx, want: nstypes.ErrInvalidReserved, log: carol + " is the operator or listed twice",
		},
		{
			name: "register-node: 10 reserved spots", from: "bob",
			cli: append([]string{"nodestaking", "register-node", "10000000000000nsesh", "--node-key-file", f.nodeKeyFile["fresh"]}, tenSpots...),
			at:  atDeliverTx, want: nstypes.ErrInvalidReserved, log: "at most 9 reserved spots, got 10",
		},
		{
			name: "register-node: reserve without an amount", from: "bob",
			cli: []string{"nodestaking", "register-node", "10000000000000nsesh", "--node-key-file", f.nodeKeyFile["fresh"], "--reserve", carol},
			at:  atCLI, log: `--reserve "` + carol + `": want <address>=<nsesh>`,
		},

		// MsgContribute
		{
			name: "contribute: key neither hex nor base64", from: "carol", cli: []string{"nodestaking", "contribute", "zz", "5000000000000nsesh"},
			at: atCLI, log: "input string is neither a valid file path, hex, or base64 encoded",
		},
		{
			name: "contribute: 2-byte key", from: "carol", cli: []string{"nodestaking", "contribute", "abcd", "5000000000000nsesh"},
			at: atCLI, want: nstypes.ErrInvalidPubkey, log: "want 32 bytes, got 2",
		},
		{
			name: "contribute: zero", from: "carol", cli: []string{"nodestaking", "contribute", awaiting, "0nsesh"},
			at: atCLI, want: nstypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "contribute: negative", from: "carol",
			msg: msgJSON(contrib, "contributor", carol, "pubkey", bytesOf(t, awaiting), "amount", coinJSON("-5", "nsesh")),
			at:  atCheckTx, want: nstypes.ErrInvalidAmount, log: "amount must be positive, got -5",
		},
		{
			name: "contribute: wrong denom", from: "carol", cli: []string{"nodestaking", "contribute", awaiting, "5000000000000stake"},
			at: atCLI, want: nstypes.ErrInvalidDenom, log: `stakes are in nsesh, got "stake"`,
		},
		{
			// The command parses the amount (it is hand-written: it bounds the fee).
			name: "contribute: amount over 256 bits", from: "carol", cli: []string{"nodestaking", "contribute", awaiting, overflowAmount + "nsesh"},
			at: atCLI, log: "failed to parse decimal coin amount",
		},
		{
			name: "contribute: unknown node", from: "carol", cli: []string{"nodestaking", "contribute", fresh, "5000000000000nsesh", "--max-fee-bps", "1000"},
			at: atDeliverTx, want: nstypes.ErrNodeNotFound, log: "no node with key " + fresh,
		},
		{
			name: "contribute: unknown node, fee bound from the chain", from: "carol", cli: []string{"nodestaking", "contribute", fresh, "5000000000000nsesh"},
			at: atCLI, log: "read the node's fee (or give --max-fee-bps)",
		},
		{
			name: "contribute: active node", from: "carol", cli: []string{"nodestaking", "contribute", active, "5000000000000nsesh"},
			at: atDeliverTx, want: nstypes.ErrWrongStatus, log: "node is NODE_STATUS_ACTIVE, not awaiting contributions",
		},
		{
			name: "contribute: fee above the max", from: "carol", cli: []string{"nodestaking", "contribute", awaiting, "5000000000000nsesh", "--max-fee-bps", "1"},
			at: atDeliverTx, want: nstypes.ErrFeeAboveMax, log: "the contribution accepts at most 1",
		},
		{
			name: "contribute: max fee above 100%", from: "carol", cli: []string{"nodestaking", "contribute", awaiting, "5000000000000nsesh", "--max-fee-bps", "10001"},
			at: atCLI, log: "max fee must be 0 (no bound) to 10000 basis points, got 10001",
		},
		{
			name: "contribute: below the minimum", from: "carol", cli: []string{"nodestaking", "contribute", awaiting, "1nsesh"},
			at: atDeliverTx, want: nstypes.ErrStakeTooLow, log: "the minimum is 1666666666667, got 1",
		},
		{
			name: "contribute: more than is left", from: "carol", cli: []string{"nodestaking", "contribute", awaiting, "20000000000000nsesh"},
			at: atDeliverTx, want: nstypes.ErrStakeTooHigh, log: "at most 15000000000000 is left, got 20000000000000",
		},

		// MsgWithdrawContribution
		{
			name: "withdraw-contribution: 2-byte key", from: "bob", cli: []string{"nodestaking", "withdraw-contribution", "abcd"},
			at: atCheckTx, want: nstypes.ErrInvalidPubkey, log: "want 32 bytes, got 2",
		},
		{
			name: "withdraw-contribution: unknown node", from: "bob", cli: []string{"nodestaking", "withdraw-contribution", fresh},
			at: atDeliverTx, want: nstypes.ErrNodeNotFound, log: "no node with key " + fresh,
		},
		{
			name: "withdraw-contribution: active node", from: "alice", cli: []string{"nodestaking", "withdraw-contribution", active},
			at: atDeliverTx, want: nstypes.ErrWrongStatus, log: "only a node awaiting contributions allows withdrawals",
		},
		{
			name: "withdraw-contribution: not a contributor", from: "carol", cli: []string{"nodestaking", "withdraw-contribution", awaiting},
			at: atDeliverTx, want: nstypes.ErrNotContributor, log: carol + " has no stake in node " + awaiting,
		},
		{
			name: "withdraw-contribution: within the delay", from: "bob", cli: []string{"nodestaking", "withdraw-contribution", awaiting},
			at: atDeliverTx, want: nstypes.ErrTooEarly, log: "withdrawal allowed from",
		},

		// MsgRequestUnlock
		{
			name: "request-unlock: 2-byte key", from: "alice", cli: []string{"nodestaking", "request-unlock", "abcd"},
			at: atCheckTx, want: nstypes.ErrInvalidPubkey, log: "want 32 bytes, got 2",
		},
		{
			name: "request-unlock: unknown node", from: "alice", cli: []string{"nodestaking", "request-unlock", fresh},
			at: atDeliverTx, want: nstypes.ErrNodeNotFound, log: "no node with key " + fresh,
		},
		{
			name: "request-unlock: node not active", from: "bob", cli: []string{"nodestaking", "request-unlock", awaiting},
			at: atDeliverTx, want: nstypes.ErrWrongStatus, log: "only an active node can be unlocked",
		},
		{
			name: "request-unlock: not a contributor", from: "carol", cli: []string{"nodestaking", "request-unlock", active},
			at: atDeliverTx, want: nstypes.ErrNotContributor, log: carol + " has no stake in node " + active,
		},

		// MsgClaimRewards
		{
			name: "claim-rewards: nothing earned", from: "validator", cli: []string{"nodestaking", "claim-rewards"},
			at: atDeliverTx, want: nstypes.ErrNothingToClaim, log: f.addr["validator"] + " has no rewards",
		},
		{
			name: "claim-rewards: someone else's address", from: "validator", cli: []string{"nodestaking", "claim-rewards", carol},
			at: atCLI, log: "accepts 0 arg(s), received 1",
		},
		{
			name: "claim-rewards: unknown key", from: "mallory", cli: []string{"nodestaking", "claim-rewards"},
			at: atCLI, log: "mallory.info: key not found",
		},

		// MsgDeregisterNode
		{
			name: "deregister-node: not the authority", from: "alice", cli: []string{"nodestaking", "deregister-node-proposal", tested, "--no-proposal"},
			at: atDeliverTx, want: nstypes.ErrInvalidAuthority, log: "got " + f.addr["alice"],
		},
		{
			name: "deregister-node: 2-byte key", from: "alice", cli: []string{"nodestaking", "deregister-node-proposal", "abcd", "--no-proposal"},
			at: atCheckTx, want: nstypes.ErrInvalidPubkey, log: "want 32 bytes, got 2",
		},
		{
			name: "deregister-node: key neither hex nor base64", from: "alice", cli: []string{"nodestaking", "deregister-node-proposal", "zz", "--no-proposal"},
			at: atCLI, log: "input string is neither a valid file path, hex, or base64 encoded",
		},

		// MsgUpdateParams
		{
			name: "nodestaking update-params: not the authority", from: "alice",
			cli: []string{"nodestaking", "update-params-proposal", fmt.Sprintf(nodestakingParamsJSON, 10), "--no-proposal"},
			at:  atDeliverTx, want: nstypes.ErrInvalidAuthority, log: "got " + f.addr["alice"],
		},
		{
			name: "nodestaking update-params: no contributor", from: "alice",
			cli: []string{"nodestaking", "update-params-proposal", fmt.Sprintf(nodestakingParamsJSON, 0), "--no-proposal"},
			at:  atCheckTx, want: nstypes.ErrInvalidParams, log: "max_contributors must lie between 1 and",
		},
		{
			name: "nodestaking update-params: no gas for a free vote", from: "alice",
			cli: []string{"nodestaking", "update-params-proposal", strings.Replace(fmt.Sprintf(nodestakingParamsJSON, 10),
				`"max_free_vote_gas":"1000000"`, `"max_free_vote_gas":"0"`, 1), "--no-proposal"},
			at: atCheckTx, want: nstypes.ErrInvalidParams, log: "max_free_vote_gas must lie between 1 and 10000000, got 0",
		},
		{
			name: "nodestaking update-params: free vote transactions over 64 KiB", from: "alice",
			cli: []string{"nodestaking", "update-params-proposal", strings.Replace(fmt.Sprintf(nodestakingParamsJSON, 10),
				`"max_free_vote_tx_bytes":4096`, `"max_free_vote_tx_bytes":65537`, 1), "--no-proposal"},
			at: atCheckTx, want: nstypes.ErrInvalidParams, log: "max_free_vote_tx_bytes must lie between 1 and 65536, got 65537",
		},
		{
			name: "nodestaking update-params: not JSON", from: "alice",
			cli: []string{"nodestaking", "update-params-proposal", "{max_contributors", "--no-proposal"},
			at:  atCLI, log: `invalid argument "{max_contributors"`,
		},

		// MsgUptimeProof
		{
			name: "uptime-proof: 2-byte key", from: "bob", msg: uptimeProof([]byte{1, 2}, 1, zeroSig),
			at: atCheckTx, want: nstypes.ErrInvalidPubkey, log: "want 32 bytes, got 2",
		},
		{
			name: "uptime-proof: proof 0", from: "bob", msg: uptimeProof(bytesOf(t, active), 0, zeroSig),
			at: atCheckTx, want: nstypes.ErrProofSequence, log: "proof sequence numbers start at 1",
		},
		{
			name: "uptime-proof: short signature", from: "bob", msg: uptimeProof(bytesOf(t, active), 1, zeroSig[:10]),
			at: atCheckTx, want: nstypes.ErrInvalidSignature, log: "want 64 bytes, got 10",
		},
		{
			name: "uptime-proof: short signature (CLI)", from: "bob",
			cli: proofCLI("--pubkey", active, "--seq", "1", "--block-height", "1", "--app-hash", zeroHash, "--signature", "abcd"),
			at:  atCLI, want: nstypes.ErrInvalidSignature, log: "want 64 bytes, got 2",
		},
		{
			name: "uptime-proof: short seed proof (CLI)", from: "bob",
			cli: proofCLI("--pubkey", active, "--seq", "1", "--block-height", "1", "--app-hash", zeroHash,
				"--signature", hex.EncodeToString(zeroSig), "--seed-proof", "abcd"),
			at: atCLI, want: nstypes.ErrInvalidSeedProof, log: "want 80 bytes, got 2",
		},
		{
			name: "uptime-proof: signature of nothing", from: "bob",
			cli: proofCLI("--pubkey", active, "--seq", "1", "--block-height", "1", "--app-hash", zeroHash, "--signature", hex.EncodeToString(zeroSig)),
			at:  atDeliverTx, want: nstypes.ErrInvalidSignature, log: "not the signature of this proof by the node's signing key",
		},
		{
			name: "uptime-proof: proof out of order", from: "alice",
			cli: proofCLI("--node-key-file", f.nodeKeyFile["alice"], "--seq", "5"),
			at:  atDeliverTx, want: nstypes.ErrProofSequence, log: "want proof 1, got 5",
		},
		{
			name: "uptime-proof: largest proof number", from: "alice",
			cli: proofCLI("--node-key-file", f.nodeKeyFile["alice"], "--seq", "18446744073709551615"),
			at:  atDeliverTx, want: nstypes.ErrProofSequence, log: "want proof 1, got 18446744073709551615",
		},
		{
			// carol's node gave its seed share in the setup: a proof that
			// carries no owed share must wait half an interval.
			name: "uptime-proof: sooner than half the interval", from: "alice",
			cli: proofCLI("--node-key-file", f.nodeKeyFile["carol"]),
			at:  atDeliverTx, want: nstypes.ErrProofTooSoon, log: "the next is accepted from",
		},
		{
			name: "uptime-proof: unknown node", from: "bob",
			cli: proofCLI("--node-key-file", f.nodeKeyFile["fresh"], "--seq", "1"),
			at:  atDeliverTx, want: nstypes.ErrNodeNotFound, log: "no node with key " + fresh,
		},
		{
			name: "uptime-proof: unknown node, proof number from the chain", from: "bob",
			cli: proofCLI("--node-key-file", f.nodeKeyFile["fresh"]),
			at:  atCLI, want: nstypes.ErrNodeNotFound, log: "read the proof count of node " + fresh,
		},
		{
			name: "uptime-proof: node awaiting contributions", from: "bob",
			cli: proofCLI("--node-key-file", f.nodeKeyFile["awaiting"], "--seq", "1"),
			at:  atDeliverTx, want: nstypes.ErrWrongStatus, log: "only active, unlocking and decommissioned nodes prove uptime",
		},
		{
			name: "uptime-proof: no key", from: "bob", cli: proofCLI("--seq", "1"),
			at: atCLI, log: "give either --node-key-file, or both --pubkey and --signature",
		},
		{
			name: "uptime-proof: a block not committed yet", from: "alice",
			cli: proofCLI("--node-key-file", f.nodeKeyFile["alice"], "--block-height", "999999999", "--app-hash", zeroHash),
			at:  atDeliverTx, want: nstypes.ErrUnknownBlock, log: "block 999999999 is not committed yet",
		},
		{
			name: "uptime-proof: a private address", from: "alice",
			cli: append(proofCLI("--node-key-file", f.nodeKeyFile["alice"]), "--ip", "10.0.0.1"),
			at:  atCLI, want: nstypes.ErrInvalidEndpoint, log: "public_ip 10.0.0.1 is not a public address",
		},

		// MsgNodeStateVote
		{
			name: "vote: tested key not hex", from: "bob", cli: voteCLI("zz", "decommission", f.nodeKeyFile["bob"]),
			at: atCLI, want: nstypes.ErrInvalidPubkey, log: `"zz" is not hex`,
		},
		{
			name: "vote: unknown state", from: "bob", cli: voteCLI(tested, "explode", f.nodeKeyFile["bob"]),
			at: atCLI, log: `state "explode": want decommission, recommission or deregister`,
		},
		{
			name: "vote: about itself", from: "bob", msg: voteMsg(tested, tested, 1, zeroSig),
			at: atCheckTx, want: nstypes.ErrNotQuorumMember, log: "a node does not vote about itself",
		},
		{
			name: "vote: no state", from: "bob", msg: voteMsg(f.nodePubkey["bob"], tested, 0, zeroSig),
			at: atCheckTx, want: nstypes.ErrInvalidState, log: "state 0",
		},
		{
			name: "vote: state 99", from: "bob", msg: voteMsg(f.nodePubkey["bob"], tested, 99, zeroSig),
			at: atCheckTx, want: nstypes.ErrInvalidState, log: "state 99",
		},
		{
			name: "vote: short signature", from: "bob", msg: voteMsg(f.nodePubkey["bob"], tested, 1, zeroSig[:3]),
			at: atCheckTx, want: nstypes.ErrInvalidSignature, log: "want 64 bytes, got 3",
		},
		{
			name: "vote: past period", from: "bob", cli: voteCLI(tested, "decommission", f.nodeKeyFile["bob"], "--period", "1"),
			at: atDeliverTx, want: nstypes.ErrWrongPeriod, log: fmt.Sprintf("the current period is %d, got 1", period),
		},
		{
			name: "vote: voter awaiting contributions", from: "bob", cli: voteCLI(tested, "decommission", f.nodeKeyFile["awaiting"], "--period", periodArg),
			at: atDeliverTx, want: nstypes.ErrWrongStatus, log: "voter is NODE_STATUS_AWAITING; only active and unlocking nodes vote",
		},
		{
			name: "vote: unknown voter", from: "bob", cli: voteCLI(tested, "decommission", f.nodeKeyFile["fresh"], "--period", periodArg),
			at: atDeliverTx, want: nstypes.ErrNodeNotFound, log: "voter: no node with key " + fresh,
		},
		{
			name: "vote: unknown tested node", from: "bob", cli: voteCLI(fresh, "decommission", f.nodeKeyFile["bob"], "--period", periodArg),
			at: atDeliverTx, want: nstypes.ErrNodeNotFound, log: "tested: no node with key " + fresh,
		},
		{
			name: "vote: recommission an active node", from: "bob", cli: voteCLI(tested, "recommission", f.nodeKeyFile["bob"], "--period", periodArg),
			at: atDeliverTx, want: nstypes.ErrWrongStatus, log: "a NODE_STATUS_ACTIVE node cannot be voted NODE_STATE_RECOMMISSIONED",
		},
		{
			name: "vote: signature of another period", from: "bob", msg: voteMsg(f.nodePubkey["bob"], tested, 1, wrongDoc),
			at: atDeliverTx, want: nstypes.ErrInvalidSignature, log: "not the signature of this vote from this sender by the voter's signing key",
		},
		{
			name: "vote: signed for another sender", from: "bob", msg: voteMsg(f.nodePubkey["bob"], tested, 1, carolSig),
			at: atDeliverTx, want: nstypes.ErrInvalidSignature, log: "not the signature of this vote from this sender by the voter's signing key",
		},
	}
}

// badInputIssuerKey is a valid Ed25519 public key (of the seed 0x01…).
const badInputIssuerKey = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"

// proParamsJSON are valid Session Pro params as the CLI reads them.
const proParamsJSON = `{"plans":[{"id":1,"name":"1 month","duration":"2592000s","price_usd":"4990000","min_receipt_amount":"30000000000"}],` +
	`"feeders":["%s"],"min_feeders":1,"max_price_age":"3600s","max_price_usd":"1000000","processors":[],"pool_share_bps":%d,` +
	`"grace_period":"3600s","revocation_delay":"93600s","revocation_retention":"2678400s",` +
	`"max_source_delay":"1800s","price_window":"3600s","max_price_change_bps":1000,"price_floor":"1000000000000000","price_ceiling":"10000000000000000000"}`
