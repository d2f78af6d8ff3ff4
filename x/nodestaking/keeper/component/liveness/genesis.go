package liveness

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// InitNode loads a genesis node's liveness record and rebuilds its place in
// the liveness queues and, unless the genesis numbers the active set itself
// (ordered), in the numbered active set. A serving node without a record
// (written by add-node or by hand) starts its clock at its activation with
// the initial credit.
func (k *Keeper) InitNode(ctx context.Context, node types.Node, rec *types.LivenessRecord, params types.Params, ordered bool) error {
	if rec == nil {
		if !node.Status.Serving() {
			return nil
		}
		rec = &types.LivenessRecord{LastProofAt: *node.ActivatedAt, Credit: params.InitialCredit, CreditAt: *node.ActivatedAt}
	}
	if err := k.Records.Set(ctx, node.Pubkey, *rec); err != nil {
		return err
	}
	switch {
	case node.Status.Serving():
		if err := k.ProofDeadlines.Set(ctx, env.QueueKey(proofDeadline(*rec, params), node.Pubkey)); err != nil {
			return err
		}
		if !ordered {
			return k.addActive(ctx, node.Pubkey)
		}
	case node.Status == types.NODE_STATUS_DECOMMISSIONED:
		if err := k.addDecommissioned(ctx, 1); err != nil {
			return err
		}
		return k.CreditRunsOut.Set(ctx, env.QueueKey(creditRunsOut(*rec), node.Pubkey))
	}
	return nil
}

// InitGenesis loads the numbered active set, the period seeds, the seed
// round, quorums and votes and the liveness clock of a genesis, after its nodes (InitNode).
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	// A genesis without a clock starts it at genesis time: a chain whose
	// first block comes long after (a slow start) counts the wait as a
	// halt, so its nodes' first deadlines, which run from genesis, keep
	// their time.
	clock := types.LivenessClock{LastBlockTime: k.env.Now(ctx)}
	if gs.LivenessClock != nil {
		clock = *gs.LivenessClock
	}
	if err := k.HaltClock.Set(ctx, clock); err != nil {
		return err
	}

	n, err := k.DecommissionedNodes(ctx)
	if err != nil {
		return err
	}
	if err := k.DecommissionedCount.Set(ctx, n); err != nil {
		return err
	}
	for _, pubkey := range gs.ActiveOrder {
		if err := k.addActive(ctx, pubkey); err != nil {
			return err
		}
	}
	// After the active set is rebuilt, which keeps no page image then.
	if err := k.initPeriodSets(ctx, gs); err != nil {
		return err
	}
	for _, ps := range gs.PeriodSeeds {
		if err := k.PeriodSeeds.Set(ctx, ps.Period, ps.Seed); err != nil {
			return err
		}
	}
	if gs.SeedRound != nil {
		if err := k.SeedRound.Set(ctx, *gs.SeedRound); err != nil {
			return err
		}
	}
	for _, q := range gs.Quorums {
		if err := k.Quorums.Set(ctx, collections.Join(q.Period, q.Tested), q.Quorum); err != nil {
			return err
		}
	}
	for _, v := range gs.Votes {
		if err := k.Votes.Set(ctx, collections.Join3(v.Period, v.Tested, v.Voter), int32(v.State)); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis adds the numbered active set, period seeds, the seed round,
// quorums, votes
// and the liveness clock to gs.
func (k *Keeper) ExportGenesis(ctx context.Context, gs *types.GenesisState) error {
	switch clock, err := k.HaltClock.Get(ctx); {
	case err == nil:
		gs.LivenessClock = &clock
	case !errors.Is(err, collections.ErrNotFound):
		return err
	}
	if err := k.WalkActive(ctx, func(_ uint64, pubkey string) (bool, error) {
		gs.ActiveOrder = append(gs.ActiveOrder, pubkey)
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.exportPeriodSets(ctx, gs); err != nil {
		return err
	}
	switch round, err := k.SeedRound.Get(ctx); {
	case err == nil:
		gs.SeedRound = &round
	case !errors.Is(err, collections.ErrNotFound):
		return err
	}
	if err := k.PeriodSeeds.Walk(ctx, nil, func(period uint64, seed []byte) (bool, error) {
		gs.PeriodSeeds = append(gs.PeriodSeeds, types.PeriodSeed{Period: period, Seed: seed})
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.Quorums.Walk(ctx, nil, func(key collections.Pair[uint64, string], q types.Quorum) (bool, error) {
		gs.Quorums = append(gs.Quorums, types.QuorumRecord{Period: key.K1(), Tested: key.K2(), Quorum: q})
		return false, nil
	}); err != nil {
		return err
	}
	return k.Votes.Walk(ctx, nil, func(key collections.Triple[uint64, string, string], state int32) (bool, error) {
		gs.Votes = append(gs.Votes, types.NodeVote{Period: key.K1(), Tested: key.K2(), Voter: key.K3(), State: types.NodeState(state)})
		return false, nil
	})
}

// initPeriodSets loads the active sets of the recent periods' starts.
func (k *Keeper) initPeriodSets(ctx context.Context, gs *types.GenesisState) error {
	for _, set := range gs.PeriodActiveSets {
		if err := k.PeriodCounts.Set(ctx, set.Period, set.Count); err != nil {
			return err
		}
		for _, page := range set.Pages {
			img := append([]byte{pageImagePrefix}, page.Keys...)
			if err := k.PeriodPages.Set(ctx, collections.Join(set.Period, page.Page), img); err != nil {
				return err
			}
		}
	}
	if gs.SnapshotPeriod != 0 {
		return k.SnapshotAt.Set(ctx, gs.SnapshotPeriod)
	}
	return nil
}

// exportPeriodSets adds the active sets of the recent periods' starts.
func (k *Keeper) exportPeriodSets(ctx context.Context, gs *types.GenesisState) error {
	byPeriod := map[uint64]int{}
	if err := k.PeriodCounts.Walk(ctx, nil, func(period, count uint64) (bool, error) {
		byPeriod[period] = len(gs.PeriodActiveSets)
		gs.PeriodActiveSets = append(gs.PeriodActiveSets, types.PeriodActiveSet{Period: period, Count: count})
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.PeriodPages.Walk(ctx, nil, func(key collections.Pair[uint64, uint64], img []byte) (bool, error) {
		i, ok := byPeriod[key.K1()]
		if !ok {
			return true, fmt.Errorf("active set page %d kept for period %d, which has no count", key.K2(), key.K1())
		}
		gs.PeriodActiveSets[i].Pages = append(gs.PeriodActiveSets[i].Pages, types.PeriodPage{Page: key.K2(), Keys: img[1:]})
		return false, nil
	}); err != nil {
		return err
	}
	period, ok, err := k.snapshotPeriod(ctx)
	if ok {
		gs.SnapshotPeriod = period
	}
	return err
}
