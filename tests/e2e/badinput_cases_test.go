//go:build e2e

package e2e

import (
	"crypto/ecdsa"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/bech32"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	brtypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Inputs several cases share.
var (
	// overflowAmount does not fit a 256-bit integer: no node decodes it.
	overflowAmount = "1" + strings.Repeat("0", 80)
	// unaffordable is more nsesh than any test account holds.
	unaffordable = "1000000000000000000000000"
	// belowCap is within the bridge's default withdrawal cap (1,000,000
	// SESH) and more than alice holds.
	belowCap = "999000000000000"
	// evmRecipient is an EVM address (with its EIP-55 checksum).
	evmRecipient = "0x71562b71999873DB5b286dF957af199Ec94617F7"
	// zeroSig is a node key signature of the right size that signs nothing.
	zeroSig = make([]byte, 64)
)

// bytesOf decodes a hex string the fixture made.
func bytesOf(t *testing.T, s string) []byte {
	t.Helper()
	bz, err := hex.DecodeString(s)
	require.NoError(t, err)
	return bz
}

func (f *badInputFixture) rewardpoolCases(t *testing.T) []badCase {
	const (
		fund   = "/sessionchain.rewardpool.v1.MsgFundPool"
		update = "/sessionchain.rewardpool.v1.MsgUpdateParams"
	)
	alice := f.addr["alice"]
	params := func(rate, dayLength string) map[string]any {
		return map[string]any{"annual_rate": rate, "day_length": dayLength, "max_catchup_days": 30}
	}
	return []badCase{
		// MsgFundPool
		{
			name: "fund-pool: zero", from: "alice", cli: []string{"rewardpool", "fund-pool", "0nsesh"},
			at: atCheckTx, want: rptypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "fund-pool: negative", from: "alice", msg: msgJSON(fund, "depositor", alice, "amount", coinJSON("-5", "nsesh")),
			at: atCheckTx, want: rptypes.ErrInvalidAmount, log: "amount must be positive, got -5",
		},
		{
			name: "fund-pool: wrong denom", from: "alice", cli: []string{"rewardpool", "fund-pool", "5stake"},
			at: atCheckTx, want: rptypes.ErrInvalidDenom, log: `the pool takes only nsesh, got "stake"`,
		},
		{
			name: "fund-pool: no denom", from: "alice", msg: msgJSON(fund, "depositor", alice, "amount", coinJSON("5", "")),
			at: atCheckTx, want: rptypes.ErrInvalidDenom, log: `the pool takes only nsesh, got ""`,
		},
		{
			name: "fund-pool: more than the balance", from: "alice", cli: []string{"rewardpool", "fund-pool", unaffordable + "nsesh"},
			at: atDeliverTx, want: sdkerrors.ErrInsufficientFunds, log: "insufficient funds",
		},
		{
			name: "fund-pool: amount over 256 bits", from: "alice", cli: []string{"rewardpool", "fund-pool", overflowAmount + "nsesh"},
			at: atCheckTx, want: sdkerrors.ErrTxDecode, log: "integer out of range",
		},
		{
			name: "fund-pool: not a coin", from: "alice", cli: []string{"rewardpool", "fund-pool", "abc"},
			at: atCLI, log: `invalid argument "abc"`,
		},

		// MsgUpdateParams
		{
			name: "rewardpool update-params: not the authority", from: "alice",
			msg: msgJSON(update, "authority", alice, "params", params("0.16", "86400s")),
			at:  atDeliverTx, want: rptypes.ErrInvalidAuthority, log: "got " + alice,
		},
		{
			name: "rewardpool update-params: rate of 150%", from: "alice",
			msg: msgJSON(update, "authority", alice, "params", params("1.5", "86400s")),
			at:  atCheckTx, want: rptypes.ErrInvalidParams, log: "annual_rate must lie strictly between 0 and 1, got 1.5",
		},
		{
			name: "rewardpool update-params: zero day length", from: "alice",
			msg: msgJSON(update, "authority", alice, "params", params("0.16", "0s")),
			at:  atCheckTx, want: rptypes.ErrInvalidParams, log: "day_length must lie between",
		},
		{
			name: "rewardpool update-params-proposal: rate of 150%", from: "alice",
			cli: []string{"rewardpool", "update-params-proposal", "--annual-rate", "1.5", "--deposit", "1nsesh", "--title", "t", "--summary", "s"},
			at:  atCLI, want: rptypes.ErrInvalidParams, log: "annual_rate must lie strictly between 0 and 1, got 1.5",
		},
		{
			name: "rewardpool update-params-proposal: rate not a number", from: "alice",
			cli: []string{"rewardpool", "update-params-proposal", "--annual-rate", "lots", "--deposit", "1nsesh", "--title", "t", "--summary", "s"},
			at:  atCLI, log: `--annual-rate "lots"`,
		},
	}
}

// nodestakingParamsJSON are valid node staking params as the CLI reads them.
const nodestakingParamsJSON = `{"staking_requirement":"25000000000000","max_contributors":%d,` +
	`"min_operator_stake_bps":2500,"small_contributor_bps":2500,"small_contributor_lock":"2592000s","unlock_delay":"1296000s",` +
	`"withdraw_delay":"86400s","deregistration_lock":"2592000s","deregistration_penalty_bps":20,"max_exits_per_block":100,` +
	`"uptime_proof_interval":"3600s","uptime_proof_timeout":"2592000s","testing_period":"3600s","quorum_size":10,` +
	`"quorum_threshold":7,"initial_credit":"7200s","credit_per_day":"2880s","max_credit":"172800s",` +
	`"min_decommission_credit":"7200s","recommission_penalty":2,"max_liveness_per_block":100,"max_pruned_per_block":1000,"proof_block_window":120,"halt_threshold":"600s",` +
	`"fee_change_notice":"604800s","missed_vote_penalty":"1200s","max_missed_votes":4,"max_free_votes_per_block":4,"missed_share_penalty":"1200s",` +
	`"max_free_vote_gas":"1000000","max_free_vote_tx_bytes":4096,"key_rotation_cooldown":"86400s"}`

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

func (f *badInputFixture) proCases(t *testing.T) []badCase {
	const (
		price  = "/sessionchain.pro.v1.MsgSubmitPrice"
		record = "/sessionchain.pro.v1.MsgRecordPayment"
		spend  = "/sessionchain.pro.v1.MsgSpendProtocolLiquidity"
	)
	alice, bob := f.addr["alice"], f.addr["bob"]
	key := badInputSessionKey
	payment := func(receipt, sessionKey string, amount map[string]any) map[string]any {
		return msgJSON(record, "processor", bob, "receipt_id", receipt, "session_pubkey", sessionKey, "plan_id", 1, "amount", amount)
	}
	long := func(n int) string { return strings.Repeat("r", n) }
	return []badCase{
		// MsgSubmitPrice (feeder1 is a feeder of the development genesis)
		{
			name: "submit-price: zero", from: "feeder1", cli: []string{"pro", "submit-price", "0", badInputSourceTime},
			at: atCheckTx, want: protypes.ErrInvalidPrice, log: "price must be positive, got 0.000000000000000000",
		},
		{
			name: "submit-price: negative", from: "feeder1",
			msg: msgJSON(price, "feeder", f.addr["feeder1"], "price", "-1.000000000000000000", "source_time", badInputSourceTime),
			at:  atCheckTx, want: protypes.ErrInvalidPrice, log: "price must be positive, got -1.000000000000000000",
		},
		{
			name: "submit-price: not a number", from: "feeder1", cli: []string{"pro", "submit-price", "abc", badInputSourceTime},
			at: atCLI, log: `invalid argument "abc"`,
		},
		{
			name: "submit-price: no source time", from: "feeder1", cli: []string{"pro", "submit-price", "0.06"},
			at: atCLI, log: "accepts 2 arg(s), received 1",
		},
		{
			name: "submit-price: not a feeder", from: "carol", cli: []string{"pro", "submit-price", "0.06", badInputSourceTime},
			at: atDeliverTx, want: protypes.ErrNotFeeder, log: f.addr["carol"] + " is not among the 3 feeders",
		},
		{
			name: "submit-price: above the bound", from: "feeder1", cli: []string{"pro", "submit-price", "2000000", badInputSourceTime},
			at: atDeliverTx, want: protypes.ErrInvalidPrice, log: "is above the 1000000.000000000000000000 USD bound",
		},
		{
			name: "submit-price: read in the future", from: "feeder1", cli: []string{"pro", "submit-price", "0.06", "2999-01-01T00:00:00Z"},
			at: atDeliverTx, want: protypes.ErrSourceTime, log: "source_time 2999-01-01T00:00:00Z is after the block time",
		},
		{
			name: "submit-price: read too long ago", from: "feeder1", cli: []string{"pro", "submit-price", "0.06", badInputSourceTime},
			at: atDeliverTx, want: protypes.ErrSourceTime, log: "more than max_source_delay 30m0s",
		},

		// MsgSubscribe
		{
			name: "subscribe: key not hex", from: "carol", cli: []string{"pro", "subscribe", "zz", "1", "--max-amount", "200000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidSessionKey, log: `"zz" is not hex`,
		},
		{
			name: "subscribe: 2-byte key", from: "carol", cli: []string{"pro", "subscribe", "abcd", "1", "--max-amount", "200000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidSessionKey, log: "want 32 bytes, got 2",
		},
		{
			name: "subscribe: 10,000-byte key", from: "carol", cli: []string{"pro", "subscribe", strings.Repeat("ab", 10_000), "1", "--max-amount", "200000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidSessionKey, log: "want 32 bytes, got 10000",
		},
		{
			name: "subscribe: unknown plan", from: "carol", cli: []string{"pro", "subscribe", key, "99", "--max-amount", "200000000000nsesh"},
			at: atDeliverTx, want: protypes.ErrUnknownPlan, log: "no plan 99",
		},
		{
			name: "subscribe: plan not a number", from: "carol", cli: []string{"pro", "subscribe", key, "one", "--max-amount", "200000000000nsesh"},
			at: atCLI, log: `invalid argument "one"`,
		},
		{
			name: "subscribe: plan over 32 bits", from: "carol", cli: []string{"pro", "subscribe", key, "4294967296", "--max-amount", "200000000000nsesh"},
			at: atCLI, log: "value out of range",
		},
		{
			name: "subscribe: zero max-amount", from: "carol", cli: []string{"pro", "subscribe", key, "1", "--max-amount", "0nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidAmount, log: "max_amount must be positive, got 0",
		},
		{
			name: "subscribe: max-amount in another denom", from: "carol", cli: []string{"pro", "subscribe", key, "1", "--max-amount", "200000000000stake"},
			at: atCheckTx, want: protypes.ErrInvalidDenom, log: `max_amount must be in nsesh, got "stake"`,
		},
		{
			name: "subscribe: no max-amount", from: "carol", cli: []string{"pro", "subscribe", key, "1"},
			at: atCheckTx, want: protypes.ErrInvalidDenom, log: `max_amount must be in nsesh, got ""`,
		},
		{
			name: "subscribe: price above max-amount", from: "carol", cli: []string{"pro", "subscribe", key, "1", "--max-amount", "1nsesh"},
			at: atDeliverTx, want: protypes.ErrSlippage, log: "plan 1 costs 99800000000nsesh now, max_amount is 1nsesh",
		},

		// MsgRecordPayment
		{
			name: "record-payment: receipt with a space", from: "bob", cli: []string{"pro", "record-payment", "a b", key, "1", "90000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "printable ASCII without spaces",
		},
		{
			name: "record-payment: receipt not ASCII", from: "bob", cli: []string{"pro", "record-payment", "reçu-1", key, "1", "90000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "printable ASCII without spaces",
		},
		{
			name: "record-payment: receipt of 129 characters", from: "bob", cli: []string{"pro", "record-payment", long(129), key, "1", "90000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "receipt id must have 1 to 128 characters, got 129",
		},
		{
			name: "record-payment: bad Session key", from: "bob", msg: payment("badinput-new", "abcd", coinJSON("90000000000", "nsesh")),
			at: atCheckTx, want: protypes.ErrInvalidSessionKey, log: "want 32 bytes, got 2",
		},
		{
			name: "record-payment: zero", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "1", "0nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "record-payment: negative", from: "bob", msg: payment("badinput-new", key, coinJSON("-1", "nsesh")),
			at: atCheckTx, want: protypes.ErrInvalidAmount, log: "amount must be positive, got -1",
		},
		{
			name: "record-payment: wrong denom", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "1", "5stake"},
			at: atCheckTx, want: protypes.ErrInvalidDenom, log: `amount must be in nsesh, got "stake"`,
		},
		{
			name: "record-payment: not a processor", from: "carol", cli: []string{"pro", "record-payment", "badinput-new", key, "1", "90000000000nsesh"},
			at: atDeliverTx, want: protypes.ErrNotProcessor, log: f.addr["carol"] + " is not among the payment processors",
		},
		{
			name: "record-payment: receipt recorded before", from: "bob", cli: []string{"pro", "record-payment", f.liveReceipt, key, "1", "90000000000nsesh"},
			at: atDeliverTx, want: protypes.ErrDuplicateReceipt, log: strconv.Quote(f.liveReceipt),
		},
		{
			name: "record-payment: unknown plan", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "7", "90000000000nsesh"},
			at: atDeliverTx, want: protypes.ErrUnknownPlan, log: "no plan 7",
		},
		{
			name: "record-payment: more than the balance", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "1", unaffordable + "nsesh"},
			at: atDeliverTx, want: sdkerrors.ErrInsufficientFunds, log: "insufficient funds",
		},

		// MsgRevokePayment
		{
			name: "revoke-payment: unknown receipt", from: "bob", cli: []string{"pro", "revoke-payment", "badinput-unknown"},
			at: atDeliverTx, want: protypes.ErrReceiptNotFound, log: `receipt "badinput-unknown"`,
		},
		{
			name: "revoke-payment: empty receipt", from: "bob", cli: []string{"pro", "revoke-payment", ""},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "receipt id must have 1 to 128 characters, got 0",
		},
		{
			name: "revoke-payment: receipt of 200 characters", from: "bob", cli: []string{"pro", "revoke-payment", long(200)},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "receipt id must have 1 to 128 characters, got 200",
		},
		{
			name: "record-payment: below the plan's minimum", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "1", "1nsesh"},
			at: atDeliverTx, want: protypes.ErrReceiptBelowMinimum, log: "plan 1 needs at least 30000000000nsesh",
		},
		{
			// Receipt ids are each processor's own: alice has none of that id.
			name: "revoke-payment: not the recording processor", from: "alice", cli: []string{"pro", "revoke-payment", f.liveReceipt},
			at: atDeliverTx, want: protypes.ErrReceiptNotFound, log: strconv.Quote(f.liveReceipt) + " of " + alice,
		},
		{
			name: "revoke-payment: revoked before", from: "bob", cli: []string{"pro", "revoke-payment", f.revokedReceipt},
			at: atDeliverTx, want: protypes.ErrAlreadyRevoked, log: "receipt " + strconv.Quote(f.revokedReceipt) + " of ",
		},

		// MsgSpendProtocolLiquidity
		{
			name: "spend-liquidity: not the authority", from: "alice", cli: []string{"pro", "spend-liquidity-proposal", alice, "1nsesh", "--no-proposal"},
			at: atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + alice,
		},
		{
			name: "spend-liquidity: bad recipient", from: "alice", cli: []string{"pro", "spend-liquidity-proposal", "session1bad", "1nsesh", "--no-proposal"},
			at: atCLI, log: "invalid account address or key name",
		},
		{
			name: "spend-liquidity: bad recipient (signed)", from: "alice",
			msg: msgJSON(spend, "authority", alice, "recipient", "session1bad", "amount", coinJSON("1", "nsesh")),
			at:  atCheckTx, want: protypes.ErrInvalidAddress, log: `recipient "session1bad"`,
		},
		{
			name: "spend-liquidity: zero", from: "alice", cli: []string{"pro", "spend-liquidity-proposal", alice, "0nsesh", "--no-proposal"},
			at: atCheckTx, want: protypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "spend-liquidity: wrong denom", from: "alice", cli: []string{"pro", "spend-liquidity-proposal", alice, "1stake", "--no-proposal"},
			at: atCheckTx, want: protypes.ErrInvalidDenom, log: `amount must be in nsesh, got "stake"`,
		},

		// MsgRevokeReceipt, MsgRegisterIssuerKey, MsgRetireIssuerKey
		{
			name: "revoke-receipt: not the authority", from: "bob", cli: []string{"pro", "revoke-receipt-proposal", bob, f.liveReceipt, "--no-proposal"},
			at: atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + bob,
		},
		{
			name: "register-issuer-key: not the authority", from: "alice", cli: []string{"pro", "register-issuer-key-proposal", badInputIssuerKey, "--no-proposal"},
			at: atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + alice,
		},
		{
			name: "register-issuer-key: a key of small order", from: "alice",
			cli: []string{"pro", "register-issuer-key-proposal", "01" + strings.Repeat("00", 31), "--no-proposal"},
			at:  atCheckTx, want: protypes.ErrInvalidIssuerKey, log: "not a usable Ed25519 public key",
		},
		{
			name: "retire-issuer-key: not the authority", from: "alice", cli: []string{"pro", "retire-issuer-key-proposal", badInputIssuerKey, "--no-proposal"},
			at: atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + alice,
		},

		// MsgUpdateParams
		{
			name: "pro update-params: not the authority", from: "alice",
			cli: []string{"pro", "update-params-proposal", fmt.Sprintf(proParamsJSON, alice, 9000), "--no-proposal"},
			at:  atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + alice,
		},
		{
			name: "pro update-params: pool share of 200%", from: "alice",
			cli: []string{"pro", "update-params-proposal", fmt.Sprintf(proParamsJSON, alice, 20000), "--no-proposal"},
			at:  atCheckTx, want: protypes.ErrInvalidParams, log: "pool_share_bps must be at most 10000, got 20000",
		},
		{
			name: "pro update-params: feeder in upper case", from: "alice",
			cli: []string{"pro", "update-params-proposal", fmt.Sprintf(proParamsJSON, strings.ToUpper(alice), 9000), "--no-proposal"},
			at:  atCheckTx, want: protypes.ErrInvalidParams, log: "is not in canonical form",
		},
	}
}

// bridgeParamsJSON are bridge params as the CLI reads them.
const bridgeParamsJSON = `{"paused":true,"evm_chain_id":"1337","contract_address":"%s","signer_set_change_bps":%d,"bridge_name":"session-e2e",` +
	`"min_transfer":"1000000000","bridge_fee":"100000000","max_batch_size":100,"batch_wait_blocks":"10","batch_timeout_seconds":"21600",` +
	`"withdrawal_cap":"1000000000000000","cap_period_seconds":"86400","signer_set_min_blocks":"100","key_rotation_min_blocks":"14400",` +
	`"max_supply":"1000000000000000000","deposit_split_timeout_blocks":"600","signing_window_blocks":"10000",` +
	`"liveness_slash_fraction":"0","bad_signature_slash_fraction":"50000000000000000"}`

func (f *badInputFixture) bridgeCases(t *testing.T) []badCase {
	const (
		registerKey = "/sessionchain.bridge.v1.MsgRegisterEvmKey"
		attest      = "/sessionchain.bridge.v1.MsgAttestDeposit"
		signSet     = "/sessionchain.bridge.v1.MsgSignSignerSet"
	)
	validator, delegate := f.addr["validator"], f.delegate
	delegateAddr := f.addr[delegate]
	evmAddr := crypto.PubkeyToAddress(f.evmKey.PublicKey).Hex()
	otherAddr := crypto.PubkeyToAddress(f.otherEvmKey.PublicKey).Hex()
	sign := func(key *ecdsa.PrivateKey, digest [32]byte) []byte {
		t.Helper()
		sig, err := evmkey.Sign(key, digest)
		require.NoError(t, err)
		return sig
	}
	proof := brtypes.EvmKeyDigest(f.chainID, f.valoper, delegateAddr)
	// A well-formed signature by the validator's EVM key of something else.
	otherDigest := sign(f.evmKey, crypto.Keccak256Hash([]byte("not a bridge message")))
	withV := func(v byte) []byte {
		sig := append([]byte{}, otherDigest...)
		sig[64] = v
		return sig
	}
	keyMsg := func(evmAddress string, sig []byte) map[string]any {
		return msgJSON(registerKey, "validator", validator, "evm_address", evmAddress, "signature", sig, "delegate", delegateAddr)
	}
	claim := func(nonce uint64, sender, recipient, amount string) map[string]any {
		return msgJSON(attest, "signer", delegateAddr, "claim", map[string]any{
			"nonce": strconv.FormatUint(nonce, 10), "evm_sender": sender, "recipient": recipient, "amount": amount,
		})
	}
	carol := f.addr["carol"]
	executedBatch := strconv.FormatUint(f.executedBatch, 10)
	sigHex := hex.EncodeToString(otherDigest)

	return []badCase{
		// MsgRegisterEvmKey
		{
			name: "register-evm-key: not a validator", from: "alice", cli: []string{"bridge", "register-evm-key", "--evm-key-file", f.evmKeyFile, "--delegate", f.addr["carol"]},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "has no bonded power",
		},
		{
			name: "register-evm-key: no key file", from: "validator", cli: []string{"bridge", "register-evm-key", "--delegate", delegateAddr},
			at: atCLI, log: "--evm-key-file is required",
		},
		{
			name: "register-evm-key: no delegate", from: "validator", cli: []string{"bridge", "register-evm-key", "--evm-key-file", f.evmKeyFile},
			at: atCLI, log: "--delegate is required",
		},
		{
			name: "register-evm-key: the operator as its own delegate", from: "validator",
			msg: msgJSON(registerKey, "validator", validator, "evm_address", evmAddr, "signature", sign(f.evmKey, proof), "delegate", validator),
			at:  atCheckTx, want: brtypes.ErrInvalidDelegate, log: "the delegate must not be the operator account",
		},
		{
			name: "register-evm-key: short address", from: "validator", msg: keyMsg("0x123", sign(f.evmKey, proof)),
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: `EVM address "0x123": want 0x followed by 40 hex digits`,
		},
		{
			name: "register-evm-key: zero address", from: "validator", msg: keyMsg("0x"+strings.Repeat("0", 40), sign(f.evmKey, proof)),
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: "EVM address is the zero address",
		},
		{
			name: "register-evm-key: bad checksum", from: "validator", msg: keyMsg(strings.ToLower(evmAddr[:21])+strings.ToUpper(evmAddr[21:]), sign(f.evmKey, proof)),
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: "bad EIP-55 checksum",
		},
		{
			name: "register-evm-key: 64-byte signature", from: "validator", msg: keyMsg(evmAddr, sign(f.evmKey, proof)[:64]),
			at: atCheckTx, want: brtypes.ErrInvalidSignature, log: "want 65 bytes (r, s, v), got 64",
		},
		{
			name: "register-evm-key: v of 29", from: "validator", msg: keyMsg(evmAddr, withV(29)),
			at: atCheckTx, want: brtypes.ErrInvalidSignature, log: "v must be 27 or 28, got 29",
		},
		{
			name: "register-evm-key: proof by another key", from: "validator", msg: keyMsg(otherAddr, sign(f.evmKey, proof)),
			at: atDeliverTx, want: brtypes.ErrInvalidSignature, log: "proof of possession: signed by " + evmAddr + ", not " + otherAddr,
		},
		{
			name: "register-evm-key: proof for another chain", from: "validator",
			msg: keyMsg(otherAddr, sign(f.otherEvmKey, brtypes.EvmKeyDigest("another-chain-1", f.valoper, delegateAddr))),
			at:  atDeliverTx, want: brtypes.ErrInvalidSignature, log: ", not " + otherAddr,
		},

		// MsgAttestDeposit
		{
			name: "attest-deposit: nonce 0", from: delegate, cli: []string{"bridge", "attest-deposit", "0", evmRecipient, carol, "5"},
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "nonce starts at 1",
		},
		{
			name: "attest-deposit: nonce not a number", from: delegate, cli: []string{"bridge", "attest-deposit", "two", evmRecipient, carol, "5"},
			at: atCLI, log: `invalid argument "two"`,
		},
		{
			name: "attest-deposit: bad EVM sender", from: delegate, cli: []string{"bridge", "attest-deposit", "2", "0xzz", carol, "5"},
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: `evm_sender: EVM address "0xzz"`,
		},
		{
			name: "attest-deposit: no recipient", from: delegate, msg: claim(2, evmRecipient, "", "5"),
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "recipient must have 1 to 128 bytes, got 0",
		},
		{
			name: "attest-deposit: recipient of 129 bytes", from: delegate, cli: []string{"bridge", "attest-deposit", "2", evmRecipient, strings.Repeat("x", 129), "5"},
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "recipient must have 1 to 128 bytes, got 129",
		},
		{
			name: "attest-deposit: zero", from: delegate, cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, "0"},
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "amount must be positive, got 0",
		},
		{
			name: "attest-deposit: negative", from: delegate, msg: claim(2, evmRecipient, carol, "-5"),
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "amount must be positive, got -5",
		},
		{
			name: "attest-deposit: amount not a number", from: delegate, cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, "five"},
			at: atCheckTx, want: sdkerrors.ErrTxDecode, log: `cannot unmarshal "five"`,
		},
		{
			name: "attest-deposit: amount over 256 bits", from: delegate, cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, overflowAmount},
			at: atCheckTx, want: sdkerrors.ErrTxDecode, log: "integer out of range",
		},
		{
			name: "attest-deposit: nonce out of order", from: delegate, cli: []string{"bridge", "attest-deposit", "3", evmRecipient, carol, "5"},
			at: atDeliverTx, want: brtypes.ErrNonceOutOfOrder, log: "attest deposit 2 first, got 3",
		},
		{
			name: "attest-deposit: observed before", from: delegate, cli: []string{"bridge", "attest-deposit", "1", evmRecipient, carol, "3000000"},
			at: atDeliverTx, want: brtypes.ErrDuplicateAttestation, log: "deposit 1 was already observed; next is 2",
		},
		{
			name: "attest-deposit: observed before, other content", from: delegate, cli: []string{"bridge", "attest-deposit", "1", evmRecipient, carol, "9"},
			at: atDeliverTx, want: brtypes.ErrDuplicateAttestation, log: "deposit 1 was already observed; next is 2",
		},
		{
			name: "attest-deposit: not a validator", from: "alice", cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, "5"},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "is no validator's delegate",
		},
		{
			name: "attest-deposit: the operator, not its delegate", from: "validator", cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, "5"},
			at: atDeliverTx, want: brtypes.ErrNotDelegate, log: "bridge messages come from its delegate",
		},

		// MsgBridgeOut
		{
			name: "bridge-out: short EVM address", from: "alice", cli: []string{"bridge", "bridge-out", "0x123", "5nsesh"},
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: `EVM address "0x123"`,
		},
		{
			name: "bridge-out: zero EVM address", from: "alice", cli: []string{"bridge", "bridge-out", "0x" + strings.Repeat("0", 40), "5nsesh"},
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: "EVM address is the zero address",
		},
		{
			name: "bridge-out: zero", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, "0nsesh"},
			at: atCheckTx, want: brtypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "bridge-out: wrong denom", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, "5stake"},
			at: atCheckTx, want: brtypes.ErrInvalidAmount, log: `amount must be in nsesh, got "stake"`,
		},
		{
			name: "bridge-out: above the withdrawal cap", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, unaffordable + "nsesh"},
			at: atDeliverTx, want: brtypes.ErrAboveCap, log: "is above the withdrawal cap",
		},
		{
			name: "bridge-out: more than the balance", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, belowCap + "nsesh"},
			at: atDeliverTx, want: brtypes.ErrInsufficientBalance, log: "bridge-out of " + belowCap + "nsesh",
		},
		{
			name: "bridge-out: amount over 256 bits", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, overflowAmount + "nsesh"},
			at: atCheckTx, want: sdkerrors.ErrTxDecode, log: "integer out of range",
		},

		// MsgSignBatch
		{
			name: "sign-batch: batch 0", from: delegate, cli: []string{"bridge", "sign-batch", "0", sigHex},
			at: atCheckTx, want: brtypes.ErrBatchNotFound, log: "batch nonces start at 1",
		},
		{
			name: "sign-batch: unknown batch", from: delegate, cli: []string{"bridge", "sign-batch", "999", sigHex},
			at: atDeliverTx, want: brtypes.ErrBatchNotFound, log: "no batch 999",
		},
		{
			name: "sign-batch: signature neither hex nor base64", from: delegate, cli: []string{"bridge", "sign-batch", executedBatch, "zz"},
			at: atCLI, log: "input string is neither a valid file path, hex, or base64 encoded",
		},
		{
			name: "sign-batch: 2-byte signature", from: delegate, cli: []string{"bridge", "sign-batch", executedBatch, "abcd"},
			at: atCheckTx, want: brtypes.ErrInvalidSignature, log: "want 65 bytes (r, s, v), got 2",
		},
		{
			name: "sign-batch: v of 30", from: delegate, cli: []string{"bridge", "sign-batch", executedBatch, hex.EncodeToString(withV(30))},
			at: atCheckTx, want: brtypes.ErrInvalidSignature, log: "v must be 27 or 28, got 30",
		},
		{
			name: "sign-batch: executed batch", from: delegate, cli: []string{"bridge", "sign-batch", executedBatch, sigHex},
			at: atDeliverTx, want: brtypes.ErrBatchSettled, log: "batch " + executedBatch + " is BATCH_STATUS_EXECUTED since height",
		},
		{
			name: "sign-batch: not a delegate", from: "alice", cli: []string{"bridge", "sign-batch", executedBatch, sigHex},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "is no validator's delegate",
		},

		// MsgAttestBatch
		{
			name: "attest-batch: batch 0", from: delegate, cli: []string{"bridge", "attest-batch", "0", "executed"},
			at: atCheckTx, want: brtypes.ErrBatchNotFound, log: "batch nonces start at 1",
		},
		{
			name: "attest-batch: unknown batch", from: delegate, cli: []string{"bridge", "attest-batch", "999", "expired"},
			at: atDeliverTx, want: brtypes.ErrBatchNotFound, log: "no batch 999",
		},
		{
			name: "attest-batch: no outcome", from: delegate,
			msg: msgJSON("/sessionchain.bridge.v1.MsgAttestBatch", "signer", delegateAddr, "nonce", executedBatch),
			at:  atCheckTx, want: brtypes.ErrInvalidRequest, log: "outcome must be executed or expired",
		},
		{
			name: "attest-batch: settled batch", from: delegate, cli: []string{"bridge", "attest-batch", executedBatch, "expired"},
			at: atDeliverTx, want: brtypes.ErrBatchSettled, log: "batch " + executedBatch + " is BATCH_STATUS_EXECUTED since height",
		},
		{
			name: "attest-batch: not a delegate", from: "alice", cli: []string{"bridge", "attest-batch", executedBatch, "executed"},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "is no validator's delegate",
		},

		// MsgSignSignerSet
		{
			name: "sign-signer-set: nonce 0", from: delegate, cli: []string{"bridge", "sign-signer-set", "0", sigHex},
			at: atCheckTx, want: brtypes.ErrSignerSetNotFound, log: "signer set nonces start at 1",
		},
		{
			name: "sign-signer-set: unknown set", from: delegate, cli: []string{"bridge", "sign-signer-set", "99", sigHex},
			at: atDeliverTx, want: brtypes.ErrSignerSetNotFound, log: "no signer set 99",
		},
		{
			name: "sign-signer-set: short signature", from: delegate,
			msg: msgJSON(signSet, "signer", delegateAddr, "nonce", "1", "signature", otherDigest[:64]),
			at:  atCheckTx, want: brtypes.ErrInvalidSignature, log: "want 65 bytes (r, s, v), got 64",
		},
		{
			name: "sign-signer-set: signature of something else", from: delegate, cli: []string{"bridge", "sign-signer-set", "1", sigHex},
			at: atDeliverTx, want: brtypes.ErrInvalidSignature, log: "which is not a key of " + f.valoper,
		},
		{
			name: "sign-signer-set: not a delegate", from: "alice", cli: []string{"bridge", "sign-signer-set", "1", sigHex},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "is no validator's delegate",
		},

		// MsgUpdateParams
		{
			name: "bridge update-params: not the authority", from: "alice",
			cli: []string{"bridge", "update-params-proposal", fmt.Sprintf(bridgeParamsJSON, badInputContract, 500), "--no-proposal"},
			at:  atDeliverTx, want: brtypes.ErrInvalidAuthority, log: "got " + f.addr["alice"],
		},
		{
			name: "bridge update-params: no signer set change", from: "alice",
			cli: []string{"bridge", "update-params-proposal", fmt.Sprintf(bridgeParamsJSON, badInputContract, 0), "--no-proposal"},
			at:  atCheckTx, want: brtypes.ErrInvalidParams, log: "signer_set_change_bps must be in 1..10000, got 0",
		},
		{
			name: "bridge update-params: short contract address", from: "alice",
			cli: []string{"bridge", "update-params-proposal", fmt.Sprintf(bridgeParamsJSON, "0x123", 500), "--no-proposal"},
			at:  atCheckTx, want: brtypes.ErrInvalidParams, log: `contract_address: EVM address "0x123"`,
		},
	}
}

// zeroHash is an app hash of zeros, in hex.
var zeroHash = strings.Repeat("00", nstypes.AppHashSize)

// proofCLI is an uptime-proof command with args and the e2e endpoint.
func proofCLI(args ...string) []string {
	return append(append([]string{"nodestaking", "uptime-proof"}, args...), e2eEndpointFlags...)
}
