package keeper_test

import (
	"fmt"
	"testing"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// BenchmarkBlockEmission measures what x/nodestaking costs a block: the
// reward pool's share of the block reaches the module account and
// OnEmission splits it between every active node, then EndBlock finds no
// exit due. Each iteration is one block on a fresh branch of the committed
// state (making the branch is timed too; it costs the same at every size).
// Rewards are settled lazily, so the cost must not grow with the number of
// nodes: scripts/bench.sh compares nodes=100000 with nodes=10.
func BenchmarkBlockEmission(b *testing.B) {
	for _, n := range []int{10, 1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			f := newBenchFixture(b, n, types.NODE_STATUS_ACTIVE, nil)
			benchCheckBlock(b, f, n)
			b.ReportAllocs()
			for b.Loop() {
				ctx := f.nextBlock()
				if err := f.emit(ctx, benchEmission); err != nil {
					b.Fatal(err)
				}
				if err := f.k.EndBlocker(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchCheckBlock makes sure a benchmark block does the real work: every
// node earns, the index moves, and no node leaves.
func benchCheckBlock(b *testing.B, f *benchFixture, n int) {
	b.Helper()
	ctx := f.nextBlock()
	if err := f.emit(ctx, benchEmission); err != nil {
		b.Fatal(err)
	}
	if err := f.k.EndBlocker(ctx); err != nil {
		b.Fatal(err)
	}
	st, err := f.k.Rewards.State.Get(ctx)
	if err != nil {
		b.Fatal(err)
	}
	active, index := st.EarningNodes, st.RewardIndex
	if want := benchEmission.QuoRaw(int64(n)); active != uint64(n) || !index.Equal(want) {
		b.Fatalf("after one block: %d active nodes, index %s; want %d, %s", active, index, n, want)
	}
}

// BenchmarkClaim measures a claim by an address with stake in 1 or 100
// active nodes (each node: its operator and that address). Each claim
// follows a block's emission, so it settles every node and pays; only the
// claim is timed.
func BenchmarkClaim(b *testing.B) {
	claimant := benchAddr(benchClaimantKind, 0)
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			f := newBenchFixture(b, n, types.NODE_STATUS_ACTIVE, claimant)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				ctx := f.nextBlock()
				if err := f.emit(ctx, benchEmission); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				paid, err := f.claim(ctx, claimant)
				if err != nil {
					b.Fatal(err)
				}
				if !paid.IsPositive() {
					b.Fatalf("the claim paid %s", paid)
				}
			}
		})
	}
}

// BenchmarkEndBlockNothingDue measures EndBlock with 10,000 nodes of which
// none or all are unlocking, a year from now: the queue is long, but
// nothing in it is due, so EndBlock must cost the same.
func BenchmarkEndBlockNothingDue(b *testing.B) {
	const nodes = 10_000
	for _, queued := range []int{0, nodes} {
		b.Run(fmt.Sprintf("queued=%d", queued), func(b *testing.B) {
			status := types.NODE_STATUS_ACTIVE
			if queued > 0 {
				status = types.NODE_STATUS_UNLOCKING
			}
			f := newBenchFixture(b, nodes, status, nil)
			benchCheckQueue(b, f, nodes, queued)
			b.ReportAllocs()
			for b.Loop() {
				if err := f.k.EndBlocker(f.nextBlock()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchCheckQueue makes sure the exit queue holds queued nodes, and that
// EndBlock leaves it and the nodes earning alone.
func benchCheckQueue(b *testing.B, f *benchFixture, nodes, queued int) {
	b.Helper()
	ctx := f.nextBlock()
	if err := f.k.EndBlocker(ctx); err != nil {
		b.Fatal(err)
	}
	it, err := f.k.Staking.ExitQueue.Iterate(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	keys, err := it.Keys()
	if err != nil {
		b.Fatal(err)
	}
	st, err := f.k.Rewards.State.Get(ctx)
	if err != nil {
		b.Fatal(err)
	}
	active := st.EarningNodes
	if len(keys) != queued || active != uint64(nodes) {
		b.Fatalf("after EndBlock: %d queued, %d active; want %d, %d", len(keys), active, queued, nodes)
	}
}
