package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// CeilDiv returns ceil(a / b) for a ≥ 0, b > 0. It rounds the quotient up
// rather than dividing a + b − 1, which overflows for an a near the largest
// math.Int (a staking requirement governance may set).
func CeilDiv(a, b math.Int) math.Int {
	q := a.Quo(b)
	if !a.Mod(b).IsZero() {
		q = q.AddRaw(1)
	}
	return q
}

// ContributionBounds returns the smallest and largest stake a new, unreserved
// contributor may add to a node: `open` is what is left of the requirement
// once stakes and unfilled reservations are counted, `slots` the spots in
// use (contributors plus unfilled reservations). The minimum is
// ceil(open / (maxContributors − slots)), so the remaining spots can always
// fill the node; the maximum is open.
func ContributionBounds(open math.Int, slots, maxContributors uint32) (minimum, maximum math.Int, err error) {
	if slots >= maxContributors {
		return math.ZeroInt(), math.ZeroInt(), errorsmod.Wrapf(ErrNodeFull, "all %d contributor spots are taken", maxContributors)
	}
	if !open.IsPositive() {
		return math.ZeroInt(), math.ZeroInt(), errorsmod.Wrap(ErrNodeFull, "the rest of the requirement is reserved")
	}
	return CeilDiv(open, math.NewInt(int64(maxContributors-slots))), open, nil
}

// Entitlement is a contributor's share of everything a node has earned
// (nsesh): for the operator, the operator fee (fee_bps of earned, rounded
// down); for everyone, operator included, the rest pro rata by stake,
// rounded down. It never decreases as earned grows, so each contributor
// can be paid its share of the node's total at any time, alone: a claim
// pays the difference from what it took before. The shares of all
// contributors leave fewer nsesh than there are contributors; SplitReward
// gives those to the operator when the node's stakes are returned.
func Entitlement(earned math.Int, feeBps uint32, stake, totalStaked math.Int, operator bool) math.Int {
	return EntitlementWithFee(earned, MulBps(earned, feeBps), stake, totalStaked, operator)
}

// EntitlementWithFee is Entitlement with the operator fee of earned given:
// a node whose fee changed takes each part of its earnings at the fee in
// force when it was earned (Node.OperatorFee). The fee never decreases as
// earned grows, nor does earned less the fee, so neither does the share.
func EntitlementWithFee(earned, fee, stake, totalStaked math.Int, operator bool) math.Int {
	share := math.ZeroInt()
	if totalStaked.IsPositive() {
		share = earned.Sub(fee).Mul(stake).Quo(totalStaked)
	}
	if operator {
		share = share.Add(fee)
	}
	return share
}

// OperatorFee is the operator fee of earned, everything the node has
// earned: the fee of what it had earned at its last fee change
// (fee_before, of fee_base), fixed then, plus fee_bps (rounded down) of
// what it earned since. For a node whose fee never changed it is fee_bps
// of earned, rounded down.
func (n Node) OperatorFee(earned math.Int) math.Int {
	base, before := orZero(n.FeeBase), orZero(n.FeeBefore)
	return before.Add(MulBps(earned.Sub(base), n.FeeBps))
}

// orZero reads a math.Int field a record stored before the field existed
// leaves nil as zero.
func orZero(x math.Int) math.Int {
	if x.IsNil() {
		return math.ZeroInt()
	}
	return x
}

// NodeEntitlement is a contributor's Entitlement to everything node has
// earned (earned), at the fees in force when each part was earned.
func NodeEntitlement(n Node, earned, stake math.Int, operator bool) math.Int {
	return EntitlementWithFee(earned, n.OperatorFee(earned), stake, n.TotalStaked, operator)
}

// EarnedTotal is everything the node has earned, up to the global reward
// index (the index now): what its settlements recorded, plus, while it
// earns, the index's rise since the last one.
func (n Node) EarnedTotal(index math.Int) math.Int {
	earned := n.Earned
	if earned.IsNil() { // a node stored before consensus version 3
		earned = math.ZeroInt()
	}
	if n.Earning() {
		earned = earned.Add(index.Sub(n.RewardIndex))
	}
	return earned
}

// SplitReward divides a node's reward between its contributors: each gets
// its Entitlement (the operator fee, rounded down, to the operator, then
// the rest pro rata by stake, each share rounded down), and what the
// roundings leave goes to the operator, so the shares add up to reward
// exactly. stakes[0] is the operator's; the stakes must add up to a
// positive total.
func SplitReward(reward math.Int, feeBps uint32, stakes []math.Int) []math.Int {
	return SplitRewardWithFee(reward, MulBps(reward, feeBps), stakes)
}

// SplitRewardWithFee is SplitReward with the operator fee of reward given
// (Node.OperatorFee).
func SplitRewardWithFee(reward, fee math.Int, stakes []math.Int) []math.Int {
	shares := make([]math.Int, len(stakes))
	if len(stakes) == 0 {
		return shares
	}
	total := math.ZeroInt()
	for _, s := range stakes {
		total = total.Add(s)
	}
	paid := math.ZeroInt()
	for i, s := range stakes {
		shares[i] = EntitlementWithFee(reward, fee, s, total, i == 0)
		paid = paid.Add(shares[i])
	}
	shares[0] = shares[0].Add(reward.Sub(paid))
	return shares
}

// Distribute adds one block's emission to the equal split: every earning
// node's share rises by floor((amount + carry) / earning_nodes) and what
// does not divide evenly stays in the carry. There must be an earning node.
func (s *RewardState) Distribute(amount math.Int) {
	nodes := math.NewIntFromUint64(s.EarningNodes)
	total := amount.Add(s.Carry)
	perNode := total.Quo(nodes)
	s.RewardIndex = s.RewardIndex.Add(perNode)
	s.Carry = total.Sub(perNode.Mul(nodes))
	s.TotalReceived = s.TotalReceived.Add(amount)
}

// SpreadCarry keeps the carry below the number of earning nodes after that
// number changed: it pays the earning nodes what the carry can give each.
func (s *RewardState) SpreadCarry() {
	if s.EarningNodes == 0 {
		return
	}
	nodes := math.NewIntFromUint64(s.EarningNodes)
	if s.Carry.LT(nodes) {
		return
	}
	perNode := s.Carry.Quo(nodes)
	s.RewardIndex = s.RewardIndex.Add(perNode)
	s.Carry = s.Carry.Sub(perNode.Mul(nodes))
}

// Earning reports whether a node takes part in the equal split: active, or
// unlocking and not yet out.
func (n Node) Earning() bool {
	return n.Status.Serving()
}

// Serving reports whether a node with this status is held to its liveness
// duties: it is in the numbered active set quorums are drawn from, owes
// uptime proofs, is tested and votes. Active and unlocking nodes serve: an
// unlock changes when a node leaves, not what it owes until then.
func (s NodeStatus) Serving() bool {
	return s == NODE_STATUS_ACTIVE || s == NODE_STATUS_UNLOCKING
}
