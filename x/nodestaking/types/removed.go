package types

import (
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// validateRemoved checks the removed nodes: each once, under a canonical
// node key listed among the used keys (a removed node's key stays used) and
// not a live node's, with a reason, an operator address and amounts that
// are not negative.
func (gs GenesisState) validateRemoved() error {
	used := make(map[string]bool, len(gs.UsedPubkeys))
	for _, key := range gs.UsedPubkeys {
		used[key] = true
	}
	seen := make(map[string]bool, len(gs.RemovedNodes))
	for _, n := range gs.RemovedNodes {
		if !used[n.Pubkey] || seen[n.Pubkey] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "removed node %q: not a used key that no live node has, or listed twice", n.Pubkey)
		}
		seen[n.Pubkey] = true
		if _, ok := RemovalReason_name[int32(n.Reason)]; !ok || n.Reason == REMOVAL_REASON_UNSPECIFIED {
			return errorsmod.Wrapf(ErrInvalidGenesis, "removed node %s: reason %d", n.Pubkey, n.Reason)
		}
		if _, err := sdk.AccAddressFromBech32(n.Operator); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "removed node %s: operator %q: %s", n.Pubkey, n.Operator, err)
		}
		for _, f := range []struct {
			name  string
			value interface{ IsNil() bool }
		}{{"total_staked", n.TotalStaked}, {"earned", n.Earned}, {"penalty", n.Penalty}} {
			if f.value.IsNil() {
				return errorsmod.Wrapf(ErrInvalidGenesis, "removed node %s: no %s", n.Pubkey, f.name)
			}
		}
		if n.TotalStaked.IsNegative() || n.Earned.IsNegative() || n.Penalty.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "removed node %s: negative amount", n.Pubkey)
		}
	}
	return nil
}
