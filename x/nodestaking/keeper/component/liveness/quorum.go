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
// numbered active set. testedActive says whether the tested node serves
// (its status, which the caller has read: the active nodes are exactly the
// numbered ones), so that it is left out of the count. stored says which.
func (k *Keeper) QuorumFor(ctx context.Context, period uint64, tested string, testedActive bool, params types.Params) (types.Quorum, bool, error) {
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
	n, err := k.ActiveNodes(ctx)
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
	q.Required = params.RequiredVotes()
	return q, false, nil
}
