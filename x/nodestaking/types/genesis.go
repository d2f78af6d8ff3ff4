package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the genesis state of a new chain: default params and
// no nodes.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:        DefaultParams(),
		Nodes:         []NodeRecord{},
		Claimable:     []Claimable{},
		RewardIndex:   math.ZeroInt(),
		Carry:         math.ZeroInt(),
		TotalReceived: math.ZeroInt(),
		TotalClaimed:  math.ZeroInt(),
	}
}

func nonNegative(name string, v math.Int) error {
	if v.IsNil() || v.IsNegative() {
		return errorsmod.Wrapf(ErrInvalidGenesis, "%s must be zero or positive", name)
	}
	return nil
}

// Validate checks the genesis state: every node is consistent with its
// contributions, and the totals are non-negative.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		value math.Int
	}{
		{"reward_index", gs.RewardIndex},
		{"carry", gs.Carry},
		{"total_received", gs.TotalReceived},
		{"total_claimed", gs.TotalClaimed},
	} {
		if err := nonNegative(f.name, f.value); err != nil {
			return err
		}
	}
	seen := make(map[string]bool, len(gs.Nodes))
	for _, rec := range gs.Nodes {
		key := rec.Node.Pubkey
		if seen[key] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "node %s listed twice", key)
		}
		seen[key] = true
		if err := rec.Validate(gs.RewardIndex); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "node %s: %s", key, err)
		}
	}
	for _, key := range gs.UsedPubkeys {
		if canonical, err := ParsePubkeyHex(key); err != nil || canonical != key || seen[key] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "used pubkey %q: invalid, not lowercase, or listed twice", key)
		}
		seen[key] = true
	}
	claimants := make(map[string]bool, len(gs.Claimable))
	for _, c := range gs.Claimable {
		if _, err := sdk.AccAddressFromBech32(c.Address); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "claimable address %q: %s", c.Address, err)
		}
		if claimants[c.Address] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "claimable address %s listed twice", c.Address)
		}
		claimants[c.Address] = true
		if err := nonNegative("claimable amount", c.Amount); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a node record's consistency; index is the global reward
// index.
func (rec NodeRecord) Validate(index math.Int) error {
	n := rec.Node
	if canonical, err := ParsePubkeyHex(n.Pubkey); err != nil {
		return err
	} else if canonical != n.Pubkey {
		return errorsmod.Wrapf(ErrInvalidPubkey, "%s is not lowercase hex", n.Pubkey)
	}
	if n.FeeBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidFee, "fee %d bps", n.FeeBps)
	}
	if _, ok := NodeStatus_name[int32(n.Status)]; !ok || n.Status == NODE_STATUS_UNSPECIFIED {
		return errorsmod.Wrapf(ErrInvalidGenesis, "status %d", n.Status)
	}
	if len(rec.Contributions) == 0 || rec.Contributions[0].Address != n.Operator {
		return errorsmod.Wrap(ErrInvalidGenesis, "the first contribution must be the operator's")
	}
	// A node is checked against itself and the hard limits, not against the
	// params in force: governance may have changed the requirement or the
	// contributor limit since it registered, and an exported chain must
	// import again.
	// #nosec G115 -- compared with a uint32 counter.
	if uint32(len(rec.Contributions)) != n.Contributors || n.Contributors+uint32(len(rec.Reserved)) > MaxContributorsLimit {
		return errorsmod.Wrapf(ErrInvalidGenesis, "%d contributions and %d reserved spots for %d counted contributors",
			len(rec.Contributions), len(rec.Reserved), n.Contributors)
	}
	sum := math.ZeroInt()
	addrs := make(map[string]bool, len(rec.Contributions))
	for _, c := range rec.Contributions {
		if _, err := sdk.AccAddressFromBech32(c.Address); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "contributor %q: %s", c.Address, err)
		}
		if addrs[c.Address] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "contributor %s listed twice", c.Address)
		}
		addrs[c.Address] = true
		if c.Contribution.Amount.IsNil() || !c.Contribution.Amount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "contribution of %s must be positive", c.Address)
		}
		sum = sum.Add(c.Contribution.Amount)
	}
	if n.TotalStaked.IsNil() || !n.TotalStaked.Equal(sum) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "total_staked %s != sum of contributions %s", n.TotalStaked, sum)
	}
	for _, r := range rec.Reserved {
		if _, err := sdk.AccAddressFromBech32(r.Address); err != nil || addrs[r.Address] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reserved spot %q is invalid or already contributing", r.Address)
		}
		if r.Amount.IsNil() || !r.Amount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reserved amount of %s must be positive", r.Address)
		}
	}
	if n.Earning() {
		if n.ActivatedAt == nil {
			return errorsmod.Wrap(ErrInvalidGenesis, "an earning node must have been activated")
		}
		if n.RewardIndex.IsNil() || n.RewardIndex.IsNegative() || n.RewardIndex.GT(index) {
			return errorsmod.Wrap(ErrInvalidGenesis, "reward_index must lie between 0 and the global index")
		}
	}
	if (n.Status == NODE_STATUS_UNLOCKING || n.Status == NODE_STATUS_DEREGISTERED) != (n.ExitTime != nil) {
		return errorsmod.Wrap(ErrInvalidGenesis, "exit_time is set exactly for unlocking and deregistered nodes")
	}
	return nil
}
