package types

import (
	"fmt"

	"cosmossdk.io/math"
)

// A node's operator fee may change (MsgChangeFee). What the node earned
// before a change keeps the fee it was earned at: the node records what it
// had earned then (fee_base) and the fee of that (fee_before), and
// OperatorFee takes fee_bps of the rest only. Its stakes do not change once
// it is active, so every contributor's share is still one pro-rata split of
// one total (EntitlementWithFee), never smaller as the node earns more.

// FeeChangePending reports whether a new fee is waiting to take effect.
func (n Node) FeeChangePending() bool {
	return n.FeeChangeAt != nil
}

// CanScheduleFee reports whether a node in this status may have a fee
// change pending: an active node only, whose contributors can request an
// unlock before it applies. A node awaiting contributions changes at once;
// a decommission, an unlock, a deregistration or an exit cancels a pending
// change (its contributors could not leave by unlock).
func (s NodeStatus) CanScheduleFee() bool {
	return s == NODE_STATUS_ACTIVE
}

// ChangeFee puts feeBps in force for what the node earns from now on; the
// node has earned earned in all (settled: EarnedTotal of the index now).
// The fee of earned so far is fixed at the fees in force until now, and a
// pending change is dropped.
func (n *Node) ChangeFee(earned math.Int, feeBps uint32) {
	n.FeeBefore = n.OperatorFee(earned)
	n.FeeBase = earned
	n.FeeBps = feeBps
	n.PendingFeeBps = 0
	n.FeeChangeAt = nil
}

// HighestFee is the highest fee the node will charge without a new notice:
// its fee, or a pending raise. A contribution's max_fee_bps bounds it.
func (n Node) HighestFee() uint32 {
	if n.FeeChangePending() {
		return max(n.FeeBps, n.PendingFeeBps)
	}
	return n.FeeBps
}

// ValidateFeeTerms checks a node's fee record: a pending change only on a
// node that may have one, with a fee in range; the fee base not above what
// the node earned (by the global index) and its fee not above the base.
// Genesis validation and the module's invariants use it.
func (n Node) ValidateFeeTerms(index math.Int) error {
	if n.FeeChangePending() && (!n.Status.CanScheduleFee() || n.PendingFeeBps > BasisPoints) {
		return fmt.Errorf("node %s: a pending fee of %d bps on a node %s", n.Pubkey, n.PendingFeeBps, n.Status)
	}
	if !n.FeeChangePending() && n.PendingFeeBps != 0 {
		return fmt.Errorf("node %s: pending_fee_bps without fee_change_at", n.Pubkey)
	}
	base, before := orZero(n.FeeBase), orZero(n.FeeBefore)
	if base.IsNegative() || before.IsNegative() || before.GT(base) || base.GT(n.EarnedTotal(index)) {
		return fmt.Errorf("node %s: fee_before %s and fee_base %s must satisfy 0 ≤ fee_before ≤ fee_base ≤ earned %s",
			n.Pubkey, before, base, n.EarnedTotal(index))
	}
	return nil
}
