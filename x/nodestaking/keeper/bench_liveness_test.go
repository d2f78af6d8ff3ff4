package keeper_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"testing"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Each liveness benchmark block carries benchProofsPerBlock uptime proofs,
// from nodes of a pool of at most benchProvers nodes spread over the whole
// set, taken in turn.
const (
	benchProofsPerBlock = 10
	benchProvers        = 1_000
)

// benchLiveness is a fixture of n active nodes, with the signed first
// uptime proof of each node of the pool.
type benchLiveness struct {
	*benchFixture
	msgs   types.MsgServer
	query  types.QueryServer
	proofs []*types.MsgUptimeProof
	next   int
}

func newBenchLiveness(b *testing.B, n int) *benchLiveness {
	b.Helper()
	pool := min(n, benchProvers)
	keys := make(map[int]ed25519.PrivateKey, pool)
	for j := range pool {
		keys[j*n/pool] = benchNodeKey(j * n / pool)
	}
	f := newBenchFixtureKeys(b, n, types.NODE_STATUS_ACTIVE, nil, keys)
	l := &benchLiveness{benchFixture: f, msgs: keeper.NewMsgServerImpl(&f.k), query: keeper.NewQueryServerImpl(&f.k)}
	// The set-up's EndBlock fixed a seed and started its round: each proof
	// carries its node's seed proof over it, which the chain verifies.
	round, err := f.k.Liveness.SeedRound.Get(f.ctx)
	if err != nil {
		b.Fatal(err)
	}
	for j := range pool {
		i := j * n / pool
		key := keys[i]
		pubkey := key.Public().(ed25519.PublicKey)
		// Blocks are branches of the committed state, where no node has
		// proved yet: every proof is a node's first.
		proof := types.UptimeProof{
			Seq: 1, BlockHeight: benchProofBlock, AppHash: benchAppHash,
			Endpoint: types.NodeEndpoint{PublicIp: "203.0.113.7", StoragePort: 22021, QuicPort: 22020, NodeVersion: "11.0.2", StorageVersion: "2.8.0"},
		}
		signBytes, err := types.UptimeProofSignBytes(benchChainID, hex.EncodeToString(pubkey), proof)
		if err != nil {
			b.Fatal(err)
		}
		sender, err := f.ac.BytesToString(benchAddr(benchOperatorKind, i))
		if err != nil {
			b.Fatal(err)
		}
		l.proofs = append(l.proofs, &types.MsgUptimeProof{
			Sender: sender, Pubkey: pubkey, Seq: 1, Signature: ed25519.Sign(key, signBytes),
			BlockHeight: proof.BlockHeight, AppHash: proof.AppHash, Endpoint: proof.Endpoint,
			SeedProof: types.SeedProofFor(key, benchChainID, &round),
		})
	}
	return l
}

// block runs one block's liveness work: benchProofsPerBlock uptime proofs,
// each a transaction in its own branch as BaseApp runs them, a quorum draw
// for one node, and EndBlock's liveness processing. It returns the proofs
// and the quorum.
func (l *benchLiveness) block(ctx sdk.Context) ([]*types.MsgUptimeProof, types.Quorum, error) {
	proofs := make([]*types.MsgUptimeProof, 0, benchProofsPerBlock)
	for range benchProofsPerBlock {
		msg := l.proofs[l.next%len(l.proofs)]
		l.next++
		txCtx, write := ctx.CacheContext()
		if _, err := l.msgs.UptimeProof(txCtx, msg); err != nil {
			return nil, types.Quorum{}, err
		}
		write()
		proofs = append(proofs, msg)
	}
	tested := hex.EncodeToString(l.proofs[l.next%len(l.proofs)].Pubkey)
	resp, err := l.query.Quorum(ctx, &types.QueryQuorumRequest{Pubkey: tested})
	if err != nil {
		return nil, types.Quorum{}, err
	}
	return proofs, resp.Quorum, l.k.Liveness.Process(ctx)
}

// BenchmarkLivenessBlock measures the liveness bookkeeping of a block in
// the steady state, with n active nodes, every one with its proof deadline
// queued and a number in the active set: benchProofsPerBlock uptime
// proofs from different nodes (the signature check, and the node's deadline
// moving in the queue), one quorum draw (quorumFor, by index from the
// numbered active set's pages) and EndBlock's ProcessLiveness with nothing due (the
// period seed read and two empty queue heads). The work is the same at
// every size, so the cost must not grow with the number of nodes:
// scripts/bench.sh compares nodes=100000 with nodes=10. (With 10 nodes a
// quorum can only have the 9 other nodes.)
func BenchmarkLivenessBlock(b *testing.B) {
	for _, n := range []int{10, 1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			l := newBenchLiveness(b, n)
			benchCheckLiveness(b, l, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := l.block(l.nextBlock()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchCheckLiveness makes sure the committed state has every node active,
// queued and numbered, and that a benchmark block does the real work: each
// proof moves its node's deadline, the quorum is drawn, and no node fails.
func benchCheckLiveness(b *testing.B, l *benchLiveness, n int) {
	b.Helper()
	ctx := l.nextBlock()
	count := func(ks collections.KeySet[collections.Pair[int64, string]]) int {
		it, err := ks.Iterate(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer it.Close()
		c := 0
		for ; it.Valid(); it.Next() {
			c++
		}
		return c
	}
	active, err := l.k.Liveness.ActiveCount.Get(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if queued := count(l.k.Liveness.ProofDeadlines); active != uint64(n) || queued != n {
		b.Fatalf("committed state: %d active, %d proof deadlines; want %d", active, queued, n)
	}
	// The numbering is a bijection between 0..n-1 and the active nodes.
	numbered := 0
	if err := l.k.Liveness.WalkActive(ctx, func(idx uint64, pubkey string) (bool, error) {
		back, err := l.k.Liveness.ActiveIndexOf.Get(ctx, pubkey)
		if err != nil {
			return true, fmt.Errorf("active node %d, %s: %w", idx, pubkey, err)
		}
		if back != idx || idx >= uint64(n) {
			return true, fmt.Errorf("active node %d, %s, is numbered %d", idx, pubkey, back)
		}
		numbered++
		return false, nil
	}); err != nil || numbered != n {
		b.Fatalf("%d nodes numbered in the active set, want %d (%v)", numbered, n, err)
	}
	params, err := l.k.Params.Get(ctx)
	if err != nil {
		b.Fatal(err)
	}

	proofs, quorum, err := l.block(ctx)
	if err != nil {
		b.Fatal(err)
	}
	now := ctx.HeaderInfo().Time
	for _, msg := range proofs {
		pubkey := hex.EncodeToString(msg.Pubkey)
		node, err := l.k.Staking.Nodes.Get(ctx, pubkey)
		if err != nil {
			b.Fatal(err)
		}
		rec, err := l.k.Liveness.Records.Get(ctx, pubkey)
		if err != nil {
			b.Fatal(err)
		}
		if node.Status != types.NODE_STATUS_ACTIVE || rec.Proofs != 1 || !rec.LastProofAt.Equal(now) {
			b.Fatalf("node %s after its proof: %s, %d proofs, last at %s", pubkey, node.Status, rec.Proofs, rec.LastProofAt)
		}
		has, err := l.k.Liveness.ProofDeadlines.Has(ctx, collections.Join(now.Add(params.UptimeProofTimeout).UnixNano(), pubkey))
		if err != nil || !has {
			b.Fatalf("node %s: no deadline queued after its proof (%v)", pubkey, err)
		}
	}
	if want := min(int(params.QuorumSize), n-1); len(quorum.Members) != want {
		b.Fatalf("quorum of %d members, want %d", len(quorum.Members), want)
	}
	st, err := l.k.Rewards.State.Get(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if queued, out := count(l.k.Liveness.ProofDeadlines), count(l.k.Liveness.CreditRunsOut); queued != n || out != 0 || st.EarningNodes != uint64(n) {
		b.Fatalf("after a block: %d proof deadlines, %d decommissioned, %d earning; want %d, 0, %d", queued, out, st.EarningNodes, n, n)
	}
	events := ctx.EventManager().Events()
	for _, ev := range events {
		if ev.Type != "sessionchain.nodestaking.v1.EventUptimeProof" {
			b.Fatalf("unexpected event %s in a liveness block", ev.Type)
		}
	}
	if len(events) != benchProofsPerBlock {
		b.Fatalf("%d events in a liveness block, want %d uptime proofs", len(events), benchProofsPerBlock)
	}
}
