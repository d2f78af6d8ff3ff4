package liveness

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// QuorumFor returns the quorum testing a node in a period: the one fixed by
// the first vote, or else the one drawn now from the period's seed and the
// numbered active set as it stood at the period's start (setAtStart), so
// that every quorum of a period is the one the period began with, whenever
// it is first asked for. stored says which.
func (k *Keeper) QuorumFor(ctx context.Context, period uint64, tested string, params types.Params) (types.Quorum, bool, error) {
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
	set, err := k.setAtStart(ctx, period)
	if err != nil || set.n == 0 {
		return q, false, err
	}
	q.Members, err = set.draw(ctx, seed, tested, params.QuorumSize)
	if err != nil {
		return q, false, err
	}
	q.Required = params.RequiredVotes()
	return q, false, nil
}

// draw draws a quorum of quorum_size members of the set other than the
// tested node, or all of them in a smaller set. Draw i picks the node
// numbered QuorumDraw(seed, tested, i) mod n; a draw that hits the tested
// node or a member already drawn takes the next number instead, so every
// draw yields a member in at most size+1 reads. Each page is read once.
func (s *periodSet) draw(ctx context.Context, seed []byte, tested string, quorumSize uint32) ([]string, error) {
	n := s.n
	size := uint64(quorumSize)
	if n <= size {
		// A smaller set: every other node of it, the tested node left out
		// if it is one of them.
		size = n
		for idx := range n {
			member, err := s.at(ctx, idx)
			if err != nil {
				return nil, err
			}
			if member == tested {
				size--
			}
		}
	}
	members := make([]string, 0, size)
	for i := uint32(0); uint64(len(members)) < size; i++ {
		idx := types.QuorumDraw(seed, tested, i) % n
		for probe := uint64(0); ; probe++ {
			if probe == n {
				return nil, errors.New("the numbered active set does not match its count")
			}
			member, err := s.at(ctx, idx)
			if err != nil {
				return nil, err
			}
			if member != tested && !slices.Contains(members, member) {
				members = append(members, member)
				break
			}
			idx = (idx + 1) % n
		}
	}
	return members, nil
}
