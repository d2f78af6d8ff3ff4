package keeper

import (
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Migrate5to6 migrates the store from consensus version 5 to 6.
//
// The params gain proof_block_window, halt_threshold, fee_change_notice and
// the voting duty's missed_vote_penalty, max_missed_votes and
// max_free_votes_per_block, the bounds of a free vote transaction
// max_free_vote_gas and max_free_vote_tx_bytes, the seed-share duty's
// missed_share_penalty, and key_rotation_cooldown, at their defaults
// (types.Params.WithVersion6Defaults). No node is rewritten for fee changes:
// a version-5 node decodes with no pending change and no fee_base or
// fee_before, which read as zero: its fee never changed. The liveness
// records' vote counters and the quorums' decided state are new fields read
// as zero: every node starts with no missed vote, and quorums decided before
// the upgrade (without a recorded state) settle none. A record's
// next_share reads as zero too: the node owes seed shares from its first
// one on, and nothing for the rounds before. Nothing else is written for the
// proofs: the app hashes proofs sign are recorded from the next block on,
// every node's endpoint stays empty until its next proof registers one, and
// the liveness clock starts at the next block.
//
// Unlocking nodes serve until they exit from version 6 on: each one rejoins
// the numbered active set with a proof clock that starts at the upgrade (a
// full uptime_proof_timeout to send its first proof) and its credit as it
// was frozen at its unlock.
//
// The per-address lifetime counters (component/totals) begin here, at zero:
// no claim, returned stake or penalty before left a per-address record to
// derive them from. The start records this block and the total claimed so
// far, which the counters do not include.
func (m Migrator) Migrate5to6(ctx sdk.Context) error {
	params, err := m.keeper.env.GetParams(ctx)
	if err != nil {
		return err
	}
	params = params.WithVersion6Defaults()
	if err := params.Validate(); err != nil {
		return fmt.Errorf("the params after the migration: %w", err)
	}
	if err := m.keeper.Params.Set(ctx, params); err != nil {
		return err
	}
	it, err := m.keeper.Staking.Nodes.Indexes.Status.MatchExact(ctx, int32(types.NODE_STATUS_UNLOCKING))
	if err != nil {
		return err
	}
	unlocking, err := it.PrimaryKeys()
	if err != nil {
		return err
	}
	for _, pubkey := range unlocking {
		if err := m.keeper.Liveness.Rejoin(ctx, pubkey); err != nil {
			return fmt.Errorf("unlocking node %s: %w", pubkey, err)
		}
	}
	claimed, err := m.keeper.Rewards.TotalClaimed.Get(ctx)
	if err != nil {
		return err
	}
	return m.keeper.Totals.Begin(ctx, claimed)
}
