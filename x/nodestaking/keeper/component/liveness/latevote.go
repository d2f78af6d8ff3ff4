package liveness

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// decided returns the quorum testing a node in a period if it has decided.
func (k *Keeper) decided(ctx context.Context, period uint64, tested string) (types.Quorum, bool, error) {
	q, err := k.Quorums.Get(ctx, collections.Join(period, tested))
	if errors.Is(err, collections.ErrNotFound) {
		return q, false, nil
	}
	return q, err == nil && q.Decided, err
}

// lateVote records a member's vote about a node its quorum has already
// decided, until the period ends: only a first vote for the decided state
// is accepted, and it changes nothing, but the member has done its duty
// (it did not miss the vote). Without it every quorum would miss the
// votes of its quorum_size − quorum_threshold slowest members, however
// diligent. A vote for another state is refused: the change is made.
func (k *Keeper) lateVote(ctx context.Context, msg *types.MsgNodeStateVote, voter types.Node, tested string, q types.Quorum) error {
	if err := k.verifyVote(ctx, msg, voter, tested); err != nil {
		return err
	}
	if q.State == types.NODE_STATE_UNSPECIFIED || msg.State != q.State {
		return errorsmod.Wrapf(types.ErrVoteDecided, "node %s already changed state in period %d (voted %s)", tested, msg.Period, q.State)
	}
	return k.castVote(ctx, msg, voter.Pubkey, tested, q)
}

// verifyVote checks the signature of a vote by the voter's current signing
// key (its ID until it rotates its key), made for the vote's sender; the
// vote names the voter by its ID.
func (k *Keeper) verifyVote(ctx context.Context, msg *types.MsgNodeStateVote, voter types.Node, tested string) error {
	signBytes, err := types.NodeStateVoteSignBytes(k.env.ChainID(ctx), msg.Sender, voter.Pubkey, tested, msg.Period, msg.State)
	if err != nil {
		return err
	}
	if !types.VerifyNodeSignature(voter.CurrentKeyBytes(), signBytes, msg.Signature) {
		return errorsmod.Wrapf(types.ErrInvalidSignature, "not the signature of this vote from this sender by the voter's signing key %s", voter.CurrentKey())
	}
	return nil
}

// castVote records a member's first vote in a quorum and emits it.
func (k *Keeper) castVote(ctx context.Context, msg *types.MsgNodeStateVote, voter, tested string, q types.Quorum) error {
	if !slices.Contains(q.Members, voter) {
		return errorsmod.Wrapf(types.ErrNotQuorumMember, "%s does not test %s in period %d", voter, tested, msg.Period)
	}
	voteKey := collections.Join3(msg.Period, tested, voter)
	if has, err := k.Votes.Has(ctx, voteKey); err != nil {
		return err
	} else if has {
		return errorsmod.Wrapf(types.ErrAlreadyVoted, "%s voted about %s in period %d", voter, tested, msg.Period)
	}
	if err := k.Votes.Set(ctx, voteKey, int32(msg.State)); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventNodeStateVote{
		Period: msg.Period, Tested: tested, Voter: voter, State: msg.State.String(),
	})
}
