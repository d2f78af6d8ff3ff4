package liveness

import (
	"context"
	"encoding/hex"
	"slices"

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
	if voterNode.Status != types.NODE_STATUS_ACTIVE {
		return false, errorsmod.Wrapf(types.ErrWrongStatus, "voter is %s; only active nodes vote", voterNode.Status)
	}
	node, err := k.staking.GetNode(ctx, tested)
	if err != nil {
		return false, errorsmod.Wrap(err, "tested")
	}
	if err := checkTransition(node.Status, msg.State); err != nil {
		return false, err
	}
	signBytes, err := types.NodeStateVoteSignBytes(k.env.ChainID(ctx), voter, tested, msg.Period, msg.State)
	if err != nil {
		return false, err
	}
	if !types.VerifyNodeSignature(msg.Voter, signBytes, msg.Signature) {
		return false, errorsmod.Wrap(types.ErrInvalidSignature, "not the voter's node key signature of this vote")
	}
	q, stored, err := k.QuorumFor(ctx, msg.Period, tested, node.Status == types.NODE_STATUS_ACTIVE, params)
	if err != nil {
		return false, err
	}
	if q.Decided {
		return false, errorsmod.Wrapf(types.ErrVoteDecided, "node %s already changed state in period %d", tested, msg.Period)
	}
	if !slices.Contains(q.Members, voter) {
		return false, errorsmod.Wrapf(types.ErrNotQuorumMember, "%s does not test %s in period %d", voter, tested, msg.Period)
	}
	voteKey := collections.Join3(msg.Period, tested, voter)
	if has, err := k.Votes.Has(ctx, voteKey); err != nil {
		return false, err
	} else if has {
		return false, errorsmod.Wrapf(types.ErrAlreadyVoted, "%s voted about %s in period %d", voter, tested, msg.Period)
	}
	if err := k.Votes.Set(ctx, voteKey, int32(msg.State)); err != nil {
		return false, err
	}
	if err := k.env.Emit(ctx, &types.EventNodeStateVote{
		Period: msg.Period, Tested: tested, Voter: voter, State: msg.State.String(),
	}); err != nil {
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
	q.Decided = true
	if err := k.Quorums.Set(ctx, collections.Join(msg.Period, tested), q); err != nil {
		return false, err
	}
	return true, k.applyState(ctx, node, msg.State, params)
}

// checkTransition refuses a vote for a state the node cannot move to.
func checkTransition(status types.NodeStatus, state types.NodeState) error {
	ok := false
	switch state {
	case types.NODE_STATE_DECOMMISSIONED:
		ok = status == types.NODE_STATUS_ACTIVE
	case types.NODE_STATE_RECOMMISSIONED:
		ok = status == types.NODE_STATUS_DECOMMISSIONED
	case types.NODE_STATE_DEREGISTERED:
		ok = status == types.NODE_STATUS_ACTIVE || status == types.NODE_STATUS_DECOMMISSIONED
	}
	if !ok {
		return errorsmod.Wrapf(types.ErrWrongStatus, "a %s node cannot be voted %s", status, state)
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

// applyState carries out what a quorum decided.
func (k *Keeper) applyState(ctx context.Context, node types.Node, state types.NodeState, params types.Params) error {
	switch state {
	case types.NODE_STATE_DECOMMISSIONED:
		rec, err := k.record(ctx, node.Pubkey)
		if err != nil {
			return err
		}
		return k.fail(ctx, node.Pubkey, rec, params, reasonQuorumVote)
	case types.NODE_STATE_RECOMMISSIONED:
		rec, err := k.record(ctx, node.Pubkey)
		if err != nil {
			return err
		}
		return k.recommission(ctx, node.Pubkey, rec, params, reasonQuorumVote)
	default:
		if err := k.env.Emit(ctx, &types.EventNodeFailed{Pubkey: node.Pubkey, Reason: reasonQuorumVote}); err != nil {
			return err
		}
		return k.staking.Deregister(ctx, node.Pubkey)
	}
}
