package liveness

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// tickPeriod fixes the quorum seed of a testing period in its first block,
// with the active set its quorums draw from, and deletes the records of
// past periods (seeds, active sets, quorums, votes) at most
// max_pruned_per_block a block, from then on until none is left. Inside a
// period with nothing to delete, a block reads one small record.
func (k *Keeper) tickPeriod(ctx context.Context) error {
	now := k.env.Now(ctx)
	clock, err := k.Clock.Get(ctx)
	missing := errors.Is(err, collections.ErrNotFound)
	switch {
	case err == nil && now.UnixNano() < clock.End && !clock.Pruning:
		return nil
	case err != nil && !missing:
		return err
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	if missing || now.UnixNano() >= clock.End {
		period := types.Period(now, params.TestingPeriod)
		//nolint:gosec // period+1 periods of at most MaxDuration each end long before int64 nanoseconds run out
		clock.End = int64(period+1) * int64(params.TestingPeriod)
		has, err := k.PeriodSeeds.Has(ctx, period)
		if err != nil {
			return err
		}
		// A clock that is gone (a new chain, or testing_period changed)
		// looks again for anything left to delete.
		if !has || missing {
			clock.Pruning, clock.Keep, clock.Current = true, max(period, 1)-1, period
		}
		if !has {
			seed, err := k.fixSeed(ctx, period)
			if err != nil {
				return err
			}
			if err := k.PeriodSeeds.Set(ctx, period, seed); err != nil {
				return err
			}
			// The period's quorums draw from the active set as it is now.
			if err := k.recordPeriodStart(ctx, period); err != nil {
				return err
			}
		}
	}
	if clock.Pruning {
		left, err := k.prune(ctx, clock.Keep, clock.Current, int(params.MaxPrunedPerBlock))
		if err != nil {
			return err
		}
		clock.Pruning = left
	}
	return k.Clock.Set(ctx, clock)
}

// periodRanges are the ranges of a period-keyed collection to delete:
// periods before keep, and after current. Later periods exist only when
// governance lengthened testing_period and the period numbers started again
// lower: kept, they would come back as current when the numbers catch up.
type periodRanges[K any] func(keep, current uint64) []*collections.Range[K]

func byPeriod(keep, current uint64) []*collections.Range[uint64] {
	return []*collections.Range[uint64]{
		new(collections.Range[uint64]).EndExclusive(keep),
		new(collections.Range[uint64]).StartExclusive(current),
	}
}

func byPeriodPair(keep, current uint64) []*collections.Range[collections.Pair[uint64, string]] {
	return []*collections.Range[collections.Pair[uint64, string]]{
		new(collections.Range[collections.Pair[uint64, string]]).EndExclusive(collections.Join(keep, "")),
		new(collections.Range[collections.Pair[uint64, string]]).StartInclusive(collections.Join(current+1, "")),
	}
}

func byPeriodPage(keep, current uint64) []*collections.Range[collections.Pair[uint64, uint64]] {
	return []*collections.Range[collections.Pair[uint64, uint64]]{
		new(collections.Range[collections.Pair[uint64, uint64]]).EndExclusive(collections.Join(keep, uint64(0))),
		new(collections.Range[collections.Pair[uint64, uint64]]).StartInclusive(collections.Join(current+1, uint64(0))),
	}
}

// prune deletes at most limit records of past periods and reports whether
// any are left.
func (k *Keeper) prune(ctx context.Context, keep, current uint64, limit int) (bool, error) {
	// A record goes before what it refers to (a quorum's votes with it and
	// before its period's seed, a page image before its period's count), so
	// that a block that stops in the middle never leaves a record whose
	// period is half gone: every state between blocks is one genesis
	// validation accepts and an export can write. A decided quorum settles
	// its members' voting duty as it goes (settleQuorums): each quorum is
	// deleted, and so settled, exactly once.
	steps := []func(n int) (int, error){
		// Every vote is a member's of a stored quorum (genesis validation
		// checks it too): the quorums take all the votes with them.
		func(n int) (int, error) { return k.settleQuorums(ctx, keep, current, n) },
		func(n int) (int, error) { return pruneMap(ctx, k.PeriodPages, byPeriodPage, keep, current, n) },
		func(n int) (int, error) { return pruneMap(ctx, k.PeriodCounts, byPeriod, keep, current, n) },
		func(n int) (int, error) { return pruneMap(ctx, k.PeriodSeeds, byPeriod, keep, current, n) },
	}
	for _, step := range steps {
		deleted, err := step(limit)
		if err != nil {
			return false, err
		}
		if limit -= deleted; limit <= 0 {
			// Full: whatever is left (perhaps nothing) goes next block.
			return true, nil
		}
	}
	return false, nil
}

// pruneMap deletes at most n records of m in the ranges of keep and current,
// and returns how many it deleted.
func pruneMap[K, V any](ctx context.Context, m collections.Map[K, V], ranges periodRanges[K], keep, current uint64, n int) (int, error) {
	deleted := 0
	for _, rng := range ranges(keep, current) {
		if deleted == n {
			break
		}
		it, err := m.Iterate(ctx, rng)
		if err != nil {
			return deleted, err
		}
		var keys []K
		for ; it.Valid() && deleted+len(keys) < n; it.Next() {
			key, err := it.Key()
			if err != nil {
				return deleted, errors.Join(err, it.Close())
			}
			keys = append(keys, key)
		}
		if err := it.Close(); err != nil {
			return deleted, err
		}
		// Deleted after the walk: no store writes while its iterator is open.
		for _, key := range keys {
			if err := m.Remove(ctx, key); err != nil {
				return deleted, err
			}
		}
		deleted += len(keys)
	}
	return deleted, nil
}

// CurrentPeriod is the testing period of this block.
func (k *Keeper) CurrentPeriod(ctx context.Context, params types.Params) uint64 {
	return types.Period(k.env.Now(ctx), params.TestingPeriod)
}

// ResetPeriod makes the next block number the testing periods afresh, after
// governance changed testing_period. What was left to prune is found again
// then.
func (k *Keeper) ResetPeriod(ctx context.Context) error {
	return k.Clock.Remove(ctx)
}
