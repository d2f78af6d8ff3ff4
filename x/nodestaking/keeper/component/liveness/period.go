package liveness

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// ensurePeriodSeed fixes the quorum seed of the current testing period from
// the hash of its first block, and forgets the seeds, quorums and votes of
// every period but this one and the previous. Until the period ends, a block
// reads one small record (when the period ends) and nothing else.
func (k *Keeper) ensurePeriodSeed(ctx context.Context) error {
	now := k.env.Now(ctx)
	end, err := k.PeriodEnd.Get(ctx)
	switch {
	case err == nil && now.UnixNano() < end:
		return nil
	case err != nil && !errors.Is(err, collections.ErrNotFound):
		return err
	}
	params, err := k.env.GetParams(ctx)
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
	return k.PeriodSeeds.Set(ctx, period, types.DeriveSeed(period, k.env.HeaderService.GetHeaderInfo(ctx).Hash))
}

// forgetPeriods deletes the seeds, quorums and votes of the periods before
// period-1 and after period. Later periods exist only when governance
// lengthened testing_period and the period numbers started again lower:
// kept, they would come back as current when the numbers catch up.
func (k *Keeper) forgetPeriods(ctx context.Context, period uint64) error {
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

// CurrentPeriod is the testing period of this block.
func (k *Keeper) CurrentPeriod(ctx context.Context, params types.Params) uint64 {
	return types.Period(k.env.Now(ctx), params.TestingPeriod)
}

// ResetPeriod makes the next block number the testing periods afresh, after
// governance changed testing_period.
func (k *Keeper) ResetPeriod(ctx context.Context) error {
	return k.PeriodEnd.Remove(ctx)
}
