package types

import (
	"fmt"
	"slices"

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
	if c := gs.LivenessClock; c != nil && c.Halted < 0 {
		return errorsmod.Wrapf(ErrInvalidGenesis, "liveness_clock.halted must not be negative, got %s", c.Halted)
	}
	if err := gs.validatePeriodSets(); err != nil {
		return err
	}
	if r := gs.SeedRound; r != nil {
		if err := r.Validate(); err != nil {
			return errorsmod.Wrap(ErrInvalidGenesis, err.Error())
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
	if err := gs.validateSigningKeys(seen); err != nil {
		return err
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
	if err := gs.validateActiveOrder(); err != nil {
		return err
	}
	if err := gs.validateTotals(); err != nil {
		return err
	}
	if err := gs.validateRemoved(); err != nil {
		return err
	}
	return gs.validateVoting()
}

// validateVoting checks the period seeds, quorums and votes: seeds are 32
// bytes, each record appears once, and every vote is by a member of a
// fixed quorum of its period.
func (gs GenesisState) validateVoting() error {
	seeds := map[uint64]bool{}
	for _, ps := range gs.PeriodSeeds {
		if len(ps.Seed) != 32 || seeds[ps.Period] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "period seed %d: want 32 bytes, listed once", ps.Period)
		}
		seeds[ps.Period] = true
	}
	quorums := map[string]Quorum{}
	for _, q := range gs.Quorums {
		key := fmt.Sprintf("%d/%s", q.Period, q.Tested)
		if _, dup := quorums[key]; dup || !seeds[q.Period] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "quorum %s: listed twice or no seed for its period", key)
		}
		if _, ok := NodeState_name[int32(q.Quorum.State)]; !ok || (!q.Quorum.Decided && q.Quorum.State != NODE_STATE_UNSPECIFIED) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "quorum %s: decided state %d (set only once decided)", key, q.Quorum.State)
		}
		quorums[key] = q.Quorum
	}
	votes := map[string]bool{}
	for _, v := range gs.Votes {
		key := fmt.Sprintf("%d/%s", v.Period, v.Tested)
		q, ok := quorums[key]
		if !ok || !slices.Contains(q.Members, v.Voter) || votes[key+"/"+v.Voter] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "vote of %s about %s: no such quorum member, or listed twice", v.Voter, key)
		}
		if _, ok := NodeState_name[int32(v.State)]; !ok || v.State == NODE_STATE_UNSPECIFIED {
			return errorsmod.Wrapf(ErrInvalidGenesis, "vote of %s about %s: state %d", v.Voter, key, v.State)
		}
		votes[key+"/"+v.Voter] = true
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
		if err := validateBeneficiary(c); err != nil {
			return err
		}
		sum = sum.Add(c.Contribution.Amount)
	}
	if n.TotalStaked.IsNil() || !n.TotalStaked.Equal(sum) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "total_staked %s != sum of contributions %s", n.TotalStaked, sum)
	}
	if err := validateReservedRecords(rec.Reserved, addrs); err != nil {
		return err
	}
	if n.Earning() {
		if n.ActivatedAt == nil {
			return errorsmod.Wrap(ErrInvalidGenesis, "an earning node must have been activated")
		}
		if n.RewardIndex.IsNil() || n.RewardIndex.IsNegative() || n.RewardIndex.GT(index) {
			return errorsmod.Wrap(ErrInvalidGenesis, "reward_index must lie between 0 and the global index")
		}
	}
	if err := rec.validateRewardsTaken(index); err != nil {
		return err
	}
	// A node decommissioned while unlocking keeps its exit_time.
	leaving := n.Status == NODE_STATUS_UNLOCKING || n.Status == NODE_STATUS_DEREGISTERED
	if leaving && n.ExitTime == nil || n.ExitTime != nil && !leaving && n.Status != NODE_STATUS_DECOMMISSIONED {
		return errorsmod.Wrap(ErrInvalidGenesis, "exit_time is set for unlocking and deregistered nodes, may be set for a decommissioned one, and for no other")
	}
	if !n.ExitPenalty.IsNil() && !n.ExitPenalty.IsZero() &&
		(n.Status != NODE_STATUS_DEREGISTERED || n.ExitPenalty.IsNegative() || n.ExitPenalty.GT(n.TotalStaked)) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "exit_penalty %s: only a deregistered node owes one, at most its stake", n.ExitPenalty)
	}
	if err := n.ValidateFeeTerms(index); err != nil {
		return errorsmod.Wrap(ErrInvalidGenesis, err.Error())
	}
	return validateLiveness(n, rec.Liveness)
}

// validateReservedRecords checks a node's unfilled reserved spots: valid
// addresses not already contributing (contributors), positive amounts.
func validateReservedRecords(reserved []ReservedSpot, contributors map[string]bool) error {
	for _, r := range reserved {
		if _, err := sdk.AccAddressFromBech32(r.Address); err != nil || contributors[r.Address] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reserved spot %q is invalid or already contributing", r.Address)
		}
		if r.Amount.IsNil() || !r.Amount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reserved amount of %s must be positive", r.Address)
		}
	}
	return nil
}

// validateRewardsTaken checks that the node's earned total is not negative
// and that no contributor has taken more than its share of what the node
// earned by the global index. Validate has checked an earning node's
// reward_index before.
func (rec NodeRecord) validateRewardsTaken(index math.Int) error {
	n := rec.Node
	if !n.Earned.IsNil() && n.Earned.IsNegative() {
		return errorsmod.Wrap(ErrInvalidGenesis, "earned must not be negative")
	}
	total := n.EarnedTotal(index)
	for i, c := range rec.Contributions {
		if c.RewardsTaken.IsNil() {
			continue
		}
		entitled := NodeEntitlement(n, total, c.Contribution.Amount, i == 0)
		if c.RewardsTaken.IsNegative() || c.RewardsTaken.GT(entitled) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s took %s of node %s's rewards, its share is %s",
				c.Address, c.RewardsTaken, n.Pubkey, entitled)
		}
	}
	return nil
}

// validateLiveness checks a node's liveness record. A node that has not
// been activated has none; a decommissioned node has one, with the time it
// went down; an active node without one (a genesis written by hand or by
// add-node) starts its clock at its activation.
func validateLiveness(n Node, rec *LivenessRecord) error {
	if rec == nil {
		if n.Status == NODE_STATUS_DECOMMISSIONED {
			return errorsmod.Wrap(ErrInvalidGenesis, "a decommissioned node needs its liveness record")
		}
		return nil
	}
	if n.Status == NODE_STATUS_AWAITING || n.ActivatedAt == nil {
		return errorsmod.Wrap(ErrInvalidGenesis, "only a node that was activated has a liveness record")
	}
	if rec.Credit < 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "credit must not be negative")
	}
	if n.Status == NODE_STATUS_DECOMMISSIONED {
		if rec.DecommissionedAt == nil {
			return errorsmod.Wrap(ErrInvalidGenesis, "a decommissioned node needs decommissioned_at")
		}
		if !n.RewardIndex.IsNil() && n.RewardIndex.IsNegative() {
			return errorsmod.Wrap(ErrInvalidGenesis, "reward_index must not be negative")
		}
	} else if rec.DecommissionedAt != nil {
		return errorsmod.Wrap(ErrInvalidGenesis, "decommissioned_at is set only for decommissioned nodes")
	}
	return nil
}

// validateActiveOrder checks that a non-empty active_order lists every
// active node once and nothing else.
func (gs GenesisState) validateActiveOrder() error {
	if len(gs.ActiveOrder) == 0 {
		return nil
	}
	active := map[string]bool{}
	for _, rec := range gs.Nodes {
		if rec.Node.Status.Serving() {
			active[rec.Node.Pubkey] = true
		}
	}
	seen := map[string]bool{}
	for _, pk := range gs.ActiveOrder {
		if !active[pk] || seen[pk] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "active_order names %s, which is not an active node or is listed twice", pk)
		}
		seen[pk] = true
	}
	if len(seen) != len(active) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "active_order lists %d of %d active nodes", len(seen), len(active))
	}
	return nil
}

// validatePeriodSets checks the active sets of the recent periods' starts:
// one per period, pages listed once, each whole node keys, at most a page.
func (gs GenesisState) validatePeriodSets() error {
	periods := map[uint64]bool{}
	for _, set := range gs.PeriodActiveSets {
		if periods[set.Period] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "period_active_sets lists period %d twice", set.Period)
		}
		periods[set.Period] = true
		pages := map[uint64]bool{}
		for _, page := range set.Pages {
			if pages[page.Page] {
				return errorsmod.Wrapf(ErrInvalidGenesis, "period %d lists page %d twice", set.Period, page.Page)
			}
			pages[page.Page] = true
			if len(page.Keys)%PubkeySize != 0 || len(page.Keys) > ActivePageKeys*PubkeySize {
				return errorsmod.Wrapf(ErrInvalidGenesis, "period %d page %d holds %d bytes, not whole node keys of one page", set.Period, page.Page, len(page.Keys))
			}
		}
	}
	if gs.SnapshotPeriod != 0 && !periods[gs.SnapshotPeriod] {
		return errorsmod.Wrapf(ErrInvalidGenesis, "snapshot_period %d has no active set", gs.SnapshotPeriod)
	}
	return nil
}

// validateBeneficiary checks a contribution's beneficiary: empty, or a
// valid address other than the contributor's (which is stored empty).
func validateBeneficiary(c ContributionRecord) error {
	b := c.Contribution.Beneficiary
	if b == "" {
		return nil
	}
	addr, err := sdk.AccAddressFromBech32(b)
	if err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "beneficiary %q of %s: %s", b, c.Address, err)
	}
	if contributor, err := sdk.AccAddressFromBech32(c.Address); err == nil && addr.Equals(contributor) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "beneficiary of %s is the contributor itself: leave it empty", c.Address)
	}
	return nil
}
