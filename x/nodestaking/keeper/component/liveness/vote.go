package liveness

import (
	"context"
	"encoding/hex"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Vote records a quorum member's vote and applies the state change once
// enough members agree. It reports whether the state changed. The message
// passed ValidateBasic.
func (k *Keeper) Vote(ctx context.Context, msg *types.MsgNodeStateVote) (bool, error) {
	voter, tested := hex.EncodeToString(msg.Voter), hex.EncodeToString(msg.Tested)
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return false, err
	}
	if period := k.CurrentPeriod(ctx, params); msg.Period != period {
		return false, errorsmod.Wrapf(types.ErrWrongPeriod, "the current period is %d, got %d", period, msg.Period)
	}
	voterNode, err := k.staking.GetNode(ctx, voter)
	if err != nil {
		return false, errorsmod.Wrap(err, "voter")
	}
	if !voterNode.Status.Serving() {
		return false, errorsmod.Wrapf(types.ErrWrongStatus, "voter is %s; only active and unlocking nodes vote", voterNode.Status)
	}
	node, err := k.staking.GetNode(ctx, tested)
	if err != nil {
		return false, errorsmod.Wrap(err, "tested")
	}
	if q, decided, err := k.decided(ctx, msg.Period, tested); err != nil || decided {
		if err != nil {
			return false, err
		}
		return false, k.lateVote(ctx, msg, voterNode, tested, q)
	}
	if err := statusAllows(node.Status, msg.State); err != nil {
		return false, err
	}
	if err := k.verifyVote(ctx, msg, voterNode, tested); err != nil {
		return false, err
	}
	q, stored, err := k.QuorumFor(ctx, msg.Period, tested, params)
	if err != nil {
		return false, err
	}
	if !params.CanDecide(len(q.Members)) {
		return false, errorsmod.Wrapf(types.ErrQuorumTooSmall, "the quorum testing %s has %d members; votes need %d: the network is too small for votes to change a node",
			tested, len(q.Members), params.QuorumThreshold)
	}
	if node.Status == types.NODE_STATUS_DECOMMISSIONED {
		if err := k.checkDown(ctx, tested, msg.State, params); err != nil {
			return false, err
		}
	}
	if err := k.castVote(ctx, msg, voter, tested, q); err != nil {
		return false, err
	}
	agree, err := k.countVotes(ctx, msg.Period, tested, msg.State)
	if err != nil {
		return false, err
	}
	if agree < q.Required {
		if !stored {
			return false, k.Quorums.Set(ctx, collections.Join(msg.Period, tested), q)
		}
		return false, nil
	}
	q.Decided, q.State = true, msg.State
	if err := k.Quorums.Set(ctx, collections.Join(msg.Period, tested), q); err != nil {
		return false, err
	}
	return true, k.applyState(ctx, node, msg.State, params)
}

// CheckTransition refuses a vote for a state the node cannot move to (see
// statusAllows and checkDown).
func (k *Keeper) CheckTransition(ctx context.Context, status types.NodeStatus, tested string, state types.NodeState, params types.Params) error {
	if err := statusAllows(status, state); err != nil {
		return err
	}
	if status == types.NODE_STATUS_DECOMMISSIONED {
		return k.checkDown(ctx, tested, state, params)
	}
	return nil
}

// statusAllows refuses a vote for a state a node of this status cannot move
// to: decommission and deregister a serving node, recommission and
// deregister a decommissioned one.
func statusAllows(status types.NodeStatus, state types.NodeState) error {
	ok := false
	switch state {
	case types.NODE_STATE_DECOMMISSIONED:
		ok = status.Serving()
	case types.NODE_STATE_RECOMMISSIONED:
		ok = status == types.NODE_STATUS_DECOMMISSIONED
	case types.NODE_STATE_DEREGISTERED:
		ok = status.Serving() || status == types.NODE_STATUS_DECOMMISSIONED
	}
	if !ok {
		return errorsmod.Wrapf(types.ErrWrongStatus, "a %s node cannot be voted %s", status, state)
	}
	return nil
}

// checkDown checks a vote about a decommissioned node: back only once it
// has proven again within uptime_proof_timeout, out only once its credit is
// below min_decommission_credit (a deregister vote follows the credit rule
// of a failure).
func (k *Keeper) checkDown(ctx context.Context, tested string, state types.NodeState, params types.Params) error {
	rec, err := k.record(ctx, tested)
	if err != nil {
		return err
	}
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	if state == types.NODE_STATE_RECOMMISSIONED {
		if !rec.LastProofAt.After(*rec.DecommissionedAt) || now.Sub(rec.LastProofAt) > params.UptimeProofTimeout {
			return errorsmod.Wrapf(types.ErrNotProven, "node %s has sent no uptime proof since it was decommissioned, or none within %s", tested, params.UptimeProofTimeout)
		}
		return nil
	}
	if credit := rec.CreditNow(now, params, types.NODE_STATUS_DECOMMISSIONED); credit >= params.MinDecommissionCredit {
		return errorsmod.Wrapf(types.ErrWrongStatus, "node %s is decommissioned with %s of credit: it is deregistered when its credit falls below %s",
			tested, credit, params.MinDecommissionCredit)
	}
	return nil
}

// countVotes counts the votes for state about tested in a period; at most
// a quorum's worth of votes exist.
func (k *Keeper) countVotes(ctx context.Context, period uint64, tested string, state types.NodeState) (uint32, error) {
	var n uint32
	err := k.Votes.Walk(ctx, collections.NewSuperPrefixedTripleRange[uint64, string, string](period, tested),
		func(_ collections.Triple[uint64, string, string], s int32) (bool, error) {
			if s == int32(state) {
				n++
			}
			return false, nil
		})
	return n, err
}

// applyState carries out what a quorum decided. A decommission or a
// deregister vote about a serving node fails it, with the credit rule of a
// timeout (deregistered only without enough credit); a deregister vote
// about a decommissioned node (allowed once its credit is low) removes it.
func (k *Keeper) applyState(ctx context.Context, node types.Node, state types.NodeState, params types.Params) error {
	if state != types.NODE_STATE_RECOMMISSIONED && !node.Status.Serving() {
		if err := k.env.Emit(ctx, &types.EventNodeFailed{Pubkey: node.Pubkey, Reason: reasonQuorumVote}); err != nil {
			return err
		}
		return k.staking.Deregister(ctx, node.Pubkey)
	}
	rec, err := k.record(ctx, node.Pubkey)
	if err != nil {
		return err
	}
	if state == types.NODE_STATE_RECOMMISSIONED {
		return k.recommission(ctx, node.Pubkey, rec, params, reasonQuorumVote)
	}
	return k.fail(ctx, node.Pubkey, rec, params, reasonQuorumVote)
}
