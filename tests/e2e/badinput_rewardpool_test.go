//go:build e2e

package e2e

import (
	"testing"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

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
