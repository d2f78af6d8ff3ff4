package sim

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	coreheader "cosmossdk.io/core/header"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/app/invariants"
)

// Run simulates cfg.NumBlocks blocks and fails tb on an operation that
// fails, a block that fails, or a broken invariant.
func Run(tb testing.TB, cfg Config) *Result {
	tb.Helper()
	r := rand.New(rand.NewSource(cfg.Seed)) //nolint:gosec // simulations are seeded
	a := NewApp(tb, cfg.Verbose)
	res := &Result{App: a, Ops: map[string]int{}, NoOps: map[string]string{}, Gaps: map[string]int{}}

	paramsFile := writeSimParams(tb, r, cfg.Params)
	simCfg := simtypes.Config{ChainID: ChainID, ParamsFile: paramsFile, GenesisTime: cfg.GenesisTime.Unix(), Seed: cfg.Seed}
	req := genesisRequest(tb, r, a, cfg, simCfg, res)
	initRes, err := a.InitChain(req)
	require.NoError(tb, err, "InitChain")
	vals := map[string]*validator{}
	applyValidatorUpdates(tb, vals, initRes.Validators)

	ops := operations(tb, a, simCfg)
	selectOp := opSelector(ops)
	queue := opQueue{byHeight: map[int][]simtypes.Operation{}}

	height, blockTime := req.InitialHeight, req.Time
	baseline, err := invariants.NewBaseline(a.NewContextLegacy(false, cmtproto.Header{Height: height - 1, Time: blockTime}), a)
	require.NoError(tb, err)
	tally := invariants.NewTally()
	var lastVotes []abci.VoteInfo
	var lastTime time.Time

	for range cfg.NumBlocks {
		if len(vals) == 0 {
			tb.Logf("seed %d: no validator left at height %d; the chain stops here", cfg.Seed, height)
			break
		}
		votes := signatures(r, vals)
		fin := &abci.RequestFinalizeBlock{
			Height:            height,
			Time:              blockTime,
			Hash:              randomHash(r),
			ProposerAddress:   proposer(r, vals),
			DecidedLastCommit: abci.CommitInfo{Votes: lastVotes},
			Misbehavior:       evidence(r, height, lastTime, lastVotes),
		}
		finRes, err := a.FinalizeBlock(fin)
		require.NoError(tb, err, "FinalizeBlock at height %d", height)
		require.NoError(tb, tally.AddBlock(finRes))

		header := cmtproto.Header{ChainID: ChainID, Height: height, Time: blockTime, ProposerAddress: fin.ProposerAddress}
		ctx := a.NewContextLegacy(false, header).
			WithHeaderInfo(coreheader.Info{ChainID: ChainID, Height: height, Time: blockTime, Hash: fin.Hash})

		// Operations queued for this height or due by this time run first.
		future := queue.runDue(res, r, a, ctx, height, blockTime)
		for range blockSize(r, cfg.BlockSize) {
			future = append(future, run(tb, res, selectOp(r), r, a, ctx, height)...)
		}
		queue.add(future)

		a.SimWriteState()
		_, err = a.Commit()
		require.NoError(tb, err, "Commit at height %d", height)
		checkCtx := a.NewContextLegacy(true, header).
			WithHeaderInfo(coreheader.Info{ChainID: ChainID, Height: height, Time: blockTime})
		if err := invariants.Check(checkCtx, a, baseline, tally); err != nil {
			tb.Fatalf("seed %d, height %d (%s): invariant broken:\n%v", cfg.Seed, height, blockTime.UTC().Format(time.RFC3339), err)
		}
		if cfg.Observe != nil {
			cfg.Observe(checkCtx, a)
		}

		applyValidatorUpdates(tb, vals, finRes.ValidatorUpdates)
		res.Height, res.Time = height, blockTime
		lastVotes, lastTime = votes, blockTime
		gap := blockGap(r)
		res.Gaps[gapClass(gap)]++
		height, blockTime = height+1, blockTime.Add(gap)
	}
	return res
}

// run runs one operation and fails tb if it fails.
func run(tb testing.TB, res *Result, op simtypes.Operation, r *rand.Rand, a *app.App, ctx sdk.Context, height int64) []simtypes.FutureOperation {
	tb.Helper()
	msg, future, err := op(r, a.BaseApp, ctx, res.Accounts, ChainID)
	if err != nil {
		tb.Fatalf("height %d: operation %s %s failed: %v\n%s", height, msg.Route, msg.Name, err, msg.Comment)
	}
	outcome := "ok"
	if !msg.OK {
		outcome = "no-op"
		res.NoOps[fmt.Sprintf("%-12s %-60s", msg.Route, msg.Name)] = msg.Comment
	}
	res.Ops[fmt.Sprintf("%-12s %-60s %s", msg.Route, msg.Name, outcome)]++
	return future
}

// runFuture runs an operation an earlier one scheduled. Its failure is
// counted, not fatal: x/gov schedules a proposal's votes over its whole
// voting period without checking, when they run, that the proposal is still
// open (x/simulation's own runner never runs them).
func runFuture(res *Result, op simtypes.Operation, r *rand.Rand, a *app.App, ctx sdk.Context) []simtypes.FutureOperation {
	msg, future, err := op(r, a.BaseApp, ctx, res.Accounts, ChainID)
	outcome := "ok (scheduled)"
	switch {
	case err != nil:
		outcome = "failed (scheduled)"
	case !msg.OK:
		outcome = "no-op (scheduled)"
	}
	res.Ops[fmt.Sprintf("%-12s %-60s %s", msg.Route, msg.Name, outcome)]++
	return future
}

// opSelector picks operations in proportion to their weights.
func opSelector(ops []simtypes.WeightedOperation) func(*rand.Rand) simtypes.Operation {
	total := 0
	for _, op := range ops {
		total += op.Weight()
	}
	return func(r *rand.Rand) simtypes.Operation {
		x := r.Intn(total)
		for _, op := range ops {
			if x < op.Weight() {
				return op.Op()
			}
			x -= op.Weight()
		}
		panic("unreachable: the weights add up to total")
	}
}

// genesisRequest returns the InitChain request: from cfg's import, or with
// a random genesis of every module's simulation. It records the accounts the
// operations sign with in res.
func genesisRequest(tb testing.TB, r *rand.Rand, a *app.App, cfg Config, simCfg simtypes.Config, res *Result) *abci.RequestInitChain {
	tb.Helper()
	req := &abci.RequestInitChain{ChainId: ChainID, ConsensusParams: consensusParams(), InitialHeight: 1}
	if cfg.Import != nil {
		res.Accounts = cfg.Import.Accounts
		req.AppStateBytes = cfg.Import.Exported.AppState
		req.ConsensusParams = &cfg.Import.Exported.ConsensusParams
		req.InitialHeight = cfg.Import.Exported.Height
		req.Time = cfg.Import.Time
		return req
	}
	accs := simtypes.RandomAccounts(r, 20+r.Intn(40))
	appStateFn := simtestutil.AppStateFnWithExtendedCb(a.AppCodec(), a.SimulationManager(), a.DefaultGenesis(),
		func(state map[string]json.RawMessage) { keepCancelledDeposits(tb, a, state, accs) })
	req.AppStateBytes, res.Accounts, _, req.Time = appStateFn(r, accs, simCfg)
	return req
}

// opQueue holds the operations earlier ones scheduled, by height or by time.
type opQueue struct {
	byHeight map[int][]simtypes.Operation
	byTime   []simtypes.FutureOperation // in the order of their times
}

// runDue runs the operations queued for height or due by blockTime and
// returns what they schedule.
func (q *opQueue) runDue(res *Result, r *rand.Rand, a *app.App, ctx sdk.Context, height int64, blockTime time.Time) []simtypes.FutureOperation {
	var future []simtypes.FutureOperation
	for _, op := range q.byHeight[int(height)] {
		future = append(future, runFuture(res, op, r, a, ctx)...)
	}
	delete(q.byHeight, int(height))
	for len(q.byTime) > 0 && blockTime.After(q.byTime[0].BlockTime) {
		future = append(future, runFuture(res, q.byTime[0].Op, r, a, ctx)...)
		q.byTime = q.byTime[1:]
	}
	return future
}

// add queues the scheduled operations.
func (q *opQueue) add(future []simtypes.FutureOperation) {
	for _, f := range future {
		if f.Op == nil {
			// x/gov's proposal operation returns one empty entry after its
			// votes.
			continue
		}
		if f.BlockHeight > 0 {
			q.byHeight[f.BlockHeight] = append(q.byHeight[f.BlockHeight], f.Op)
			continue
		}
		i := sort.Search(len(q.byTime), func(i int) bool { return q.byTime[i].BlockTime.After(f.BlockTime) })
		q.byTime = slices.Insert(q.byTime, i, f)
	}
}
