package liveness

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// reasonMissedVotes is the failure reason of a member that missed
// max_missed_votes votes in a row.
const reasonMissedVotes = "missed votes"

// settledQuorum is a quorum of a past period being deleted, with its votes.
type settledQuorum struct {
	key   collections.Pair[uint64, string]
	q     types.Quorum
	votes []collections.KeyValue[collections.Triple[uint64, string, string], int32]
}

// cost is what deleting the quorum counts against max_pruned_per_block:
// the quorum, its votes and the record of each member it settles.
func (s settledQuorum) cost() int { return 1 + len(s.votes) + len(s.q.Members) }

// settleQuorums deletes the quorums of past periods with their votes, as
// many as fit in limit (at least one), and settles each decided one's
// voting duty first (see settle). It returns how much of limit it used:
// all of it when quorums are left.
func (k *Keeper) settleQuorums(ctx context.Context, keep, current uint64, limit int) (int, error) {
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return 0, err
	}
	used := 0
	for _, rng := range byPeriodPair(keep, current) {
		quorums, err := k.pastQuorums(ctx, rng, limit-used)
		if err != nil {
			return used, err
		}
		for _, s := range quorums {
			if err := k.readVotes(ctx, &s); err != nil {
				return used, err
			}
			if used > 0 && used+s.cost() > limit {
				return limit, nil
			}
			if err := k.settle(ctx, s, params); err != nil {
				return used, err
			}
			if used += s.cost(); used >= limit {
				return limit, nil
			}
		}
	}
	return used, nil
}

// pastQuorums reads at most n quorums of a range.
func (k *Keeper) pastQuorums(ctx context.Context, rng *collections.Range[collections.Pair[uint64, string]], n int) ([]settledQuorum, error) {
	it, err := k.Quorums.Iterate(ctx, rng)
	if err != nil {
		return nil, err
	}
	var out []settledQuorum
	for ; it.Valid() && len(out) < n; it.Next() {
		kv, err := it.KeyValue()
		if err != nil {
			return nil, errors.Join(err, it.Close())
		}
		out = append(out, settledQuorum{key: kv.Key, q: kv.Value})
	}
	return out, it.Close()
}

// readVotes reads the votes of a quorum (at most one per member).
func (k *Keeper) readVotes(ctx context.Context, s *settledQuorum) error {
	it, err := k.Votes.Iterate(ctx, collections.NewSuperPrefixedTripleRange[uint64, string, string](s.key.K1(), s.key.K2()))
	if err != nil {
		return err
	}
	s.votes, err = it.KeyValues()
	return err
}

// settle deletes a quorum of a past period and its votes. A decided
// quorum first settles each member's duty (settleMember), each in a branch
// of the state: a member that cannot be settled is logged and skipped, so
// that the records of the period are deleted whatever happens.
func (k *Keeper) settle(ctx context.Context, s settledQuorum, params types.Params) error {
	if s.q.Decided && s.q.State != types.NODE_STATE_UNSPECIFIED {
		for _, member := range s.q.Members {
			voted, hasVote := int32(0), false
			for _, v := range s.votes {
				if v.Key.K3() == member {
					voted, hasVote = v.Value, true
				}
			}
			if err := branch.Run(ctx, func(ctx context.Context) error {
				return k.settleMember(ctx, s.key, member, voted, hasVote, s.q.State, params)
			}); err != nil {
				k.env.Logger.Error("could not settle a quorum member's vote", "period", s.key.K1(), "tested", s.key.K2(), "member", member, "err", err)
			}
		}
	}
	for _, v := range s.votes {
		if err := k.Votes.Remove(ctx, v.Key); err != nil {
			return err
		}
	}
	return k.Quorums.Remove(ctx, s.key)
}

// settleMember settles one member's duty in a decided quorum. A vote for
// the decided state resets its missed votes in a row. A vote for another
// state is contradicted: counted and emitted, without costing credit (see
// the README: a member tests from where it stands, and a minority vote may
// be honest; charging it would teach members to follow the majority rather
// than their tests). No vote is a missed vote, for a member that serves
// (one that stopped serving has been dealt with by liveness already).
func (k *Keeper) settleMember(ctx context.Context, key collections.Pair[uint64, string], member string, voted int32, hasVote bool, decided types.NodeState, params types.Params) error {
	rec, ok, err := k.Record(ctx, member)
	if err != nil || !ok {
		return err // a removed member: nothing to settle
	}
	node, err := k.staking.GetNode(ctx, member)
	if err != nil {
		return err
	}
	switch {
	case hasVote && voted == int32(decided):
		if rec.MissedInRow == 0 {
			return nil
		}
		rec.MissedInRow = 0
		return k.Records.Set(ctx, member, rec)
	case hasVote:
		rec.ContradictedVotes++
		rec.MissedInRow = 0
		if err := k.Records.Set(ctx, member, rec); err != nil {
			return err
		}
		return k.env.Emit(ctx, &types.EventVoteContradicted{
			Period: key.K1(), Tested: key.K2(), Voter: member, Voted: types.NodeState(voted).String(), Decided: decided.String(),
		})
	case node.Status.Serving():
		return k.missVote(ctx, key, member, rec, node.Status, decided, params)
	}
	return nil
}

// missVote charges a serving member for a missed vote: missed_vote_penalty
// off its credit (not below zero), and max_missed_votes in a row fail it as
// a failed proof would (decommissioned, or deregistered without enough
// credit).
func (k *Keeper) missVote(ctx context.Context, key collections.Pair[uint64, string], member string, rec types.LivenessRecord, status types.NodeStatus, decided types.NodeState, params types.Params) error {
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	rec.Credit = max(rec.CreditNow(now, params, status)-params.MissedVotePenalty, 0)
	rec.CreditAt = now
	rec.MissedVotes++
	rec.MissedInRow++
	if err := k.env.Emit(ctx, &types.EventVoteMissed{
		Period: key.K1(), Tested: key.K2(), Voter: member, Decided: decided.String(),
		CreditSeconds: int64(rec.Credit / time.Second), MissedInRow: rec.MissedInRow,
	}); err != nil {
		return err
	}
	fails := params.MaxMissedVotes > 0 && rec.MissedInRow >= params.MaxMissedVotes
	if fails {
		rec.MissedInRow = 0
	}
	if err := k.Records.Set(ctx, member, rec); err != nil || !fails {
		return err
	}
	return k.fail(ctx, member, rec, params, reasonMissedVotes)
}
