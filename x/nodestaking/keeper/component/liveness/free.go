package liveness

import (
	"context"
	"encoding/hex"
	"errors"
	"slices"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// FreeVote reports whether a vote may go without a fee: whether the handler
// would accept it, checked before the fee is waived, so that a free vote is
// a vote that counts. It is well formed, of the current period, by a
// serving node that has not voted about the tested node in it, signed by
// the voter's node key for the sender, about a registered node whose status
// allows the state voted for, and the voter is a member of the node's
// quorum for the period (drawn if no vote fixed it yet: about quorum_size
// reads of 1 kB, nothing written), which can decide; a decided quorum takes
// only a late vote for what it decided. It returns the voter. The per-block
// limit on free votes bounds what the checks cost a node.
func (k *Keeper) FreeVote(ctx context.Context, msg *types.MsgNodeStateVote, params types.Params) (string, bool, error) {
	if msg.ValidateBasic() != nil || msg.Period != k.CurrentPeriod(ctx, params) {
		return "", false, nil
	}
	voter, tested := hex.EncodeToString(msg.Voter), hex.EncodeToString(msg.Tested)
	node, err := k.staking.GetNode(ctx, voter)
	if errors.Is(err, types.ErrNodeNotFound) {
		return voter, false, nil
	}
	if err != nil || !node.Status.Serving() {
		return voter, false, err
	}
	voted, err := k.Votes.Has(ctx, collections.Join3(msg.Period, tested, voter))
	if err != nil || voted {
		return voter, false, err
	}
	if k.verifyVote(ctx, msg, node, tested) != nil {
		return voter, false, nil
	}
	ok, err := k.wouldCount(ctx, msg, voter, tested, params)
	return voter, ok, err
}

// wouldCount reports whether the handler would record a signed vote by a
// serving voter that has not voted: the tested node's status allows the
// state (a decided quorum: the state it decided), the voter is a member of
// its quorum, and the quorum can decide.
func (k *Keeper) wouldCount(ctx context.Context, msg *types.MsgNodeStateVote, voter, tested string, params types.Params) (bool, error) {
	node, err := k.staking.GetNode(ctx, tested)
	if errors.Is(err, types.ErrNodeNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	q, decided, err := k.decided(ctx, msg.Period, tested)
	if err != nil {
		return false, err
	}
	if decided {
		return q.State != types.NODE_STATE_UNSPECIFIED && msg.State == q.State && slices.Contains(q.Members, voter), nil
	}
	if k.CheckTransition(ctx, node.Status, tested, msg.State, params) != nil {
		return false, nil
	}
	q, _, err = k.QuorumFor(ctx, msg.Period, tested, params)
	if errors.Is(err, types.ErrWrongPeriod) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return params.CanDecide(len(q.Members)) && slices.Contains(q.Members, voter), nil
}
