package keeper

import (
	"context"
	"encoding/hex"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// ensurePeriodSeed fixes the quorum seed of the current testing period from
// the hash of its first block, and forgets the seeds, quorums and votes of
// every period but this one and the previous. Until the period ends, a block
// reads one small record (when the period ends) and nothing else.
func (k Keeper) ensurePeriodSeed(ctx context.Context) error {
	now := k.now(ctx)
	end, err := k.PeriodEnd.Get(ctx)
	switch {
	case err == nil && now.UnixNano() < end:
		return nil
	case err != nil && !errors.Is(err, collections.ErrNotFound):
		return err
	}
	params, err := k.getParams(ctx)
	if err != nil {
		return err
	}
	period := types.Period(now, params.TestingPeriod)
	//nolint:gosec // period+1 periods of at most MaxDuration each end long before int64 nanoseconds run out
	if err := k.PeriodEnd.Set(ctx, int64(period+1)*int64(params.TestingPeriod)); err != nil {
		return err
	}
	has, err := k.PeriodSeeds.Has(ctx, period)
	if err != nil || has {
		return err
	}
	if err := k.forgetPeriods(ctx, period); err != nil {
		return err
	}
	return k.PeriodSeeds.Set(ctx, period, types.DeriveSeed(period, k.headerService.GetHeaderInfo(ctx).Hash))
}

// forgetPeriods deletes the seeds, quorums and votes of the periods before
// period-1 and after period. Later periods exist only when governance
// lengthened testing_period and the period numbers started again lower:
// kept, they would come back as current when the numbers catch up.
func (k Keeper) forgetPeriods(ctx context.Context, period uint64) error {
	keep, after := max(period, 1)-1, period+1
	for _, rng := range []*collections.Range[uint64]{
		new(collections.Range[uint64]).EndExclusive(keep),
		new(collections.Range[uint64]).StartInclusive(after),
	} {
		if err := k.PeriodSeeds.Clear(ctx, rng); err != nil {
			return err
		}
	}
	for _, rng := range []*collections.Range[collections.Pair[uint64, string]]{
		new(collections.Range[collections.Pair[uint64, string]]).EndExclusive(collections.Join(keep, "")),
		new(collections.Range[collections.Pair[uint64, string]]).StartInclusive(collections.Join(after, "")),
	} {
		if err := k.Quorums.Clear(ctx, rng); err != nil {
			return err
		}
	}
	for _, rng := range []*collections.Range[collections.Triple[uint64, string, string]]{
		new(collections.Range[collections.Triple[uint64, string, string]]).EndExclusive(collections.Join3(keep, "", "")),
		new(collections.Range[collections.Triple[uint64, string, string]]).StartInclusive(collections.Join3(after, "", "")),
	} {
		if err := k.Votes.Clear(ctx, rng); err != nil {
			return err
		}
	}
	return nil
}

// currentPeriod is the testing period of this block.
func (k Keeper) currentPeriod(ctx context.Context, params types.Params) uint64 {
	return types.Period(k.now(ctx), params.TestingPeriod)
}

// quorumFor returns the quorum testing a node in a period: the one fixed by
// the first vote, or else the one drawn now from the period's seed and the
// numbered active set. testedActive says whether the tested node is active
// (its status, which the caller has read: the active nodes are exactly the
// numbered ones), so that it is left out of the count. stored says which.
func (k Keeper) quorumFor(ctx context.Context, period uint64, tested string, testedActive bool, params types.Params) (types.Quorum, bool, error) {
	q, err := k.Quorums.Get(ctx, collections.Join(period, tested))
	if err == nil {
		return q, true, nil
	}
	if !errors.Is(err, collections.ErrNotFound) {
		return q, false, err
	}
	seed, err := k.PeriodSeeds.Get(ctx, period)
	if errors.Is(err, collections.ErrNotFound) {
		return q, false, errorsmod.Wrapf(types.ErrWrongPeriod, "no seed for period %d: it is not current or recent", period)
	}
	if err != nil {
		return q, false, err
	}
	n, err := k.activeCount(ctx)
	if err != nil || n == 0 {
		return q, false, err
	}
	// A quorum is quorum_size other active nodes, or all of them in a
	// smaller network.
	others := n
	if testedActive {
		others--
	}
	size := min(uint64(params.QuorumSize), others)
	// Draw i picks the i-th member; a draw that hits the tested node or a
	// member already drawn takes the next index instead, so every draw
	// yields a member in at most size+1 reads. Each page is read once.
	var pages map[uint64][]byte
	for i := uint32(0); uint64(len(q.Members)) < size; i++ {
		idx := types.QuorumDraw(seed, tested, i) % n
		for probe := uint64(0); ; probe++ {
			if probe == n {
				return q, false, errors.New("the numbered active set does not match active_count")
			}
			page, offset := pageOf(idx)
			b, ok := pages[page]
			if !ok {
				if b, err = k.activePage(ctx, page); err != nil {
					return q, false, err
				}
				if pages == nil {
					pages = make(map[uint64][]byte, size)
				}
				pages[page] = b
			}
			member, err := keyAt(b, offset)
			if err != nil {
				return q, false, err
			}
			if member != tested && !slices.Contains(q.Members, member) {
				q.Members = append(q.Members, member)
				break
			}
			idx = (idx + 1) % n
		}
	}
	q.Required = params.RequiredVotes(len(q.Members))
	return q, false, nil
}

// vote records a quorum member's vote and applies the state change once
// enough members agree.
func (k Keeper) vote(ctx context.Context, msg *types.MsgNodeStateVote) (bool, error) {
	voter, tested := hex.EncodeToString(msg.Voter), hex.EncodeToString(msg.Tested)
	params, err := k.getParams(ctx)
	if err != nil {
		return false, err
	}
	if period := k.currentPeriod(ctx, params); msg.Period != period {
		return false, errorsmod.Wrapf(types.ErrWrongPeriod, "the current period is %d, got %d", period, msg.Period)
	}
	voterNode, err := k.getNode(ctx, voter)
	if err != nil {
		return false, errorsmod.Wrap(err, "voter")
	}
	if voterNode.Status != types.NODE_STATUS_ACTIVE {
		return false, errorsmod.Wrapf(types.ErrWrongStatus, "voter is %s; only active nodes vote", voterNode.Status)
	}
	node, err := k.getNode(ctx, tested)
	if err != nil {
		return false, errorsmod.Wrap(err, "tested")
	}
	if err := checkTransition(node.Status, msg.State); err != nil {
		return false, err
	}
	signBytes, err := types.NodeStateVoteSignBytes(k.headerService.GetHeaderInfo(ctx).ChainID, voter, tested, msg.Period, msg.State)
	if err != nil {
		return false, err
	}
	if !types.VerifyNodeSignature(msg.Voter, signBytes, msg.Signature) {
		return false, errorsmod.Wrap(types.ErrInvalidSignature, "not the voter's node key signature of this vote")
	}
	q, stored, err := k.quorumFor(ctx, msg.Period, tested, node.Status == types.NODE_STATUS_ACTIVE, params)
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
	if err := k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeStateVote{
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
func (k Keeper) countVotes(ctx context.Context, period uint64, tested string, state types.NodeState) (uint32, error) {
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
func (k Keeper) applyState(ctx context.Context, node types.Node, state types.NodeState, params types.Params) error {
	switch state {
	case types.NODE_STATE_DECOMMISSIONED:
		return k.fail(ctx, node, params, reasonQuorumVote)
	case types.NODE_STATE_RECOMMISSIONED:
		return k.recommission(ctx, node, params, reasonQuorumVote)
	default:
		if err := k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeFailed{Pubkey: node.Pubkey, Reason: reasonQuorumVote}); err != nil {
			return err
		}
		return k.Deregister(ctx, node.Pubkey)
	}
}
