package nodeagent

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// duty is what the agent remembers of its quorum duty in one testing period.
type duty struct {
	// period the rest is about; assigned is nil until it is read.
	period uint64
	// assigned are the nodes whose quorums this node sits on.
	assigned []string
	// failures counts failed probes in a row, by tested node.
	failures map[string]int
	// voted are the votes sent this period, by tested node.
	voted map[string]types.NodeState
	// freeVotes: the chain takes votes without a fee
	// (max_free_votes_per_block > 0), as its params said this period.
	freeVotes bool
}

func newDuty() duty {
	return duty{failures: map[string]int{}, voted: map[string]types.NodeState{}}
}

// doDuty tests the nodes this node's quorums assign it and votes: to
// decommission a serving node after failures_to_vote failed probes in a
// row, to recommission a decommissioned one that has proven again and is
// reachable. Nodes that never registered an endpoint are left to the proof
// timeout, which decommissions them.
func (a *Agent) doDuty(ctx context.Context) error {
	own, err := a.chain.Quorum(ctx, a.pubkey)
	if err != nil {
		return err
	}
	if own.Period != a.duty.period || a.duty.assigned == nil {
		if err := a.readAssignments(ctx, own.Period); err != nil {
			return err
		}
	}
	var errs []error
	for _, tested := range a.duty.assigned {
		if err := a.test(ctx, tested); err != nil {
			errs = append(errs, fmt.Errorf("node %s: %w", tested, err))
		}
	}
	return errors.Join(errs...)
}

// readAssignments finds, once a period, the nodes whose quorums hold this node.
func (a *Agent) readAssignments(ctx context.Context, period uint64) error {
	entries, err := a.chain.Endpoints(ctx)
	if err != nil {
		return err
	}
	assigned := []string{}
	for _, e := range entries {
		if e.Pubkey == a.pubkey || !testable(e.Status) {
			continue
		}
		q, err := a.chain.Quorum(ctx, e.Pubkey)
		if err != nil {
			return err
		}
		if q.Period == period && slices.Contains(q.Quorum.Members, a.pubkey) {
			assigned = append(assigned, e.Pubkey)
		}
	}
	params, err := a.chain.Params(ctx)
	if err != nil {
		return err
	}
	a.duty = newDuty()
	a.duty.period, a.duty.assigned = period, assigned
	a.duty.freeVotes = params.MaxFreeVotesPerBlock > 0
	a.metrics.Assigned.Set(float64(len(assigned)))
	a.log.Info("quorum duty", "period", period, "tests", assigned)
	return nil
}

func testable(s types.NodeStatus) bool {
	return s == types.NODE_STATUS_ACTIVE || s == types.NODE_STATUS_UNLOCKING || s == types.NODE_STATUS_DECOMMISSIONED
}

// test probes one assigned node and votes if its state should change.
func (a *Agent) test(ctx context.Context, tested string) error {
	if _, done := a.duty.voted[tested]; done {
		return nil
	}
	l, err := a.chain.Liveness(ctx, tested)
	if err != nil {
		return err
	}
	q, err := a.chain.Quorum(ctx, tested)
	if err != nil {
		return err
	}
	if q.Period == a.duty.period && q.Quorum.Decided && q.Quorum.State != types.NODE_STATE_UNSPECIFIED {
		return a.lateVote(ctx, tested, l, q.Quorum.State)
	}
	if !testable(l.Status) || l.Endpoint == nil {
		return nil
	}
	up := a.probe.Reachable(ctx, *l.Endpoint)
	probe := "down"
	if up {
		probe = "up"
	}
	a.metrics.Probes.WithLabelValues(probe).Inc()
	switch {
	case l.Status == types.NODE_STATUS_DECOMMISSIONED:
		proven := l.LastProofAt != nil && l.DecommissionedAt != nil && l.LastProofAt.After(*l.DecommissionedAt)
		if up && proven {
			return a.vote(ctx, tested, types.NODE_STATE_RECOMMISSIONED)
		}
	case up:
		a.duty.failures[tested] = 0
	default:
		a.duty.failures[tested]++
		a.log.Info("tested node unreachable", "node", tested, "failures", a.duty.failures[tested], "endpoint", l.Endpoint.String())
		if a.duty.failures[tested] >= a.cfg.Agent.FailuresToVote {
			return a.vote(ctx, tested, types.NODE_STATE_DECOMMISSIONED)
		}
	}
	return nil
}

// lateVote handles a node whose quorum decided before this node voted: the
// chain still takes this node's vote for the decided state until the period
// ends, and counts a missed vote against it otherwise. It votes only if its
// own probe agrees (down for a decommission or deregistration, up for a
// recommission): a vote is a test's result, not a show of hands; if it
// disagrees it probes again next round.
func (a *Agent) lateVote(ctx context.Context, tested string, l *types.QueryLivenessResponse, decided types.NodeState) error {
	up := l.Endpoint != nil && a.probe.Reachable(ctx, *l.Endpoint)
	if up != (decided == types.NODE_STATE_RECOMMISSIONED) {
		a.log.Info("quorum decided against this node's probe; not voting", "node", tested, "decided", decided.String(), "up", up)
		return nil
	}
	return a.vote(ctx, tested, decided)
}

// vote sends this node's vote on tested. A vote the quorum already decided,
// or one this node already cast (before a restart), is remembered as sent.
func (a *Agent) vote(ctx context.Context, tested string, state types.NodeState) error {
	sig, err := signVote(a.cfg.Chain.ChainID, a.chain.Sender(), a.key, a.pubkey, tested, a.duty.period, state)
	if err != nil {
		return err
	}
	testedBz, err := hex.DecodeString(tested)
	if err != nil {
		return err
	}
	msg := &types.MsgNodeStateVote{
		Sender: a.chain.Sender(), Voter: a.id(), Tested: testedBz,
		Period: a.duty.period, State: state, Signature: sig,
	}
	res, err := a.sendVote(ctx, msg)
	label := state.String()
	if err != nil {
		var txErr *TxError
		if errors.As(err, &txErr) && txErr.Codespace == types.ModuleName &&
			(txErr.Code == types.ErrAlreadyVoted.ABCICode() || txErr.Code == types.ErrVoteDecided.ABCICode()) {
			a.duty.voted[tested] = state
			a.metrics.Votes.WithLabelValues(label, "moot").Inc()
			a.log.Info("vote not needed", "node", tested, "state", label, "reason", txErr.Log)
			return nil
		}
		a.metrics.Votes.WithLabelValues(label, resultOf(err)).Inc()
		return err
	}
	a.duty.voted[tested] = state
	a.metrics.Votes.WithLabelValues(label, resultOK).Inc()
	a.log.Info("vote sent", "node", tested, "state", label, "period", a.duty.period, "tx", res.TxHash, "height", res.Height)
	return nil
}

// sendVote sends a vote without a fee when the chain exempts votes, and
// with one when the node refuses it for want of a fee (this voter's free
// votes of the block are used up, or the node's mempool wants fees).
func (a *Agent) sendVote(ctx context.Context, msg *types.MsgNodeStateVote) (*sdk.TxResponse, error) {
	if !a.duty.freeVotes {
		return a.chain.Send(ctx, msg, false)
	}
	res, err := a.chain.Send(ctx, msg, true)
	var txErr *TxError
	if errors.As(err, &txErr) && txErr.Codespace == sdkerrors.RootCodespace && txErr.Code == sdkerrors.ErrInsufficientFee.ABCICode() {
		a.log.Info("free vote refused for want of a fee; paying", "node", hex.EncodeToString(msg.Tested))
		return a.chain.Send(ctx, msg, false)
	}
	return res, err
}
