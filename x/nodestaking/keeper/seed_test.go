package keeper_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/oasisprotocol/curve25519-voi/primitives/ed25519/extra/ecvrf"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// seedPeriod is the testing period of the seed tests: long enough for two
// proofs of a node (half an interval apart) in one period.
const seedPeriod = 3 * time.Hour

// seedParams are the params of the seed tests: periods of seedPeriod, and
// a proof timeout of three, so that a proof a period keeps a node serving.
func seedParams(p *types.Params) {
	p.TestingPeriod = seedPeriod
	p.UptimeProofTimeout = 3 * seedPeriod
}

// seedShare is a node's share of round, computed from the VRF output
// directly: the hash of ECVRF_proof_to_hash of its proof.
func seedShare(t *testing.T, key ed25519.PrivateKey, round types.SeedRound) []byte {
	t.Helper()
	out, err := ecvrf.ProofToHash(types.ProveSeed(key, types.SeedInput(chainID, round.Period, round.Seed)))
	require.NoError(t, err)
	share := sha256.Sum256(out)
	return share[:]
}

// bindKeys runs nodes 1..n, just activated, through the rounds before the
// one from which their keys' shares count (BindKey), proving in each: they
// add no share there. The next period starts that round.
func (f *fixture) bindKeys(n int) {
	f.t.Helper()
	due := f.live(nodeKey(1)).NextShare
	require.NotZero(f.t, due)
	for f.seedRound() == nil || f.seedRound().Number+1 < due {
		f.toNextPeriod(time.Second, nil)
		f.nextBlock(seedPeriod / 2)
		for i := 1; i <= n; i++ {
			f.prove(nodeKey(i))
		}
		require.Zero(f.t, f.seedRound().Contributions, "a share of a key bound in the round before")
		f.endBlock()
	}
}

// seededPeriod runs twelve nodes through a period in which nodes 1 to 8
// prove, and returns the seed the next period's first block fixes when its
// header hash is hash, with the round that seed was mixed from.
func seededPeriod(t *testing.T, hash []byte) ([]byte, types.SeedRound) {
	f := newFixture(t, withLiveness, withParams(seedParams))
	f.soloNodes(1, 12)
	f.nextBlock(time.Minute)
	f.endBlock()
	f.bindKeys(12)
	f.toNextPeriod(time.Second, []byte("first block of the period"))
	f.nextBlock(seedPeriod / 2)
	for i := 1; i <= 8; i++ {
		f.prove(nodeKey(i))
	}
	round := *f.seedRound()
	f.endBlock()
	f.toNextPeriod(time.Second, hash)
	seed, err := f.k.Liveness.PeriodSeeds.Get(f.ctx, f.period())
	require.NoError(t, err)
	require.Equal(t, types.NewSeedRound(f.seedRound().Number, f.period(), seed), *f.seedRound(), "the next round starts from the seed")
	return seed, round
}

// TestSeedNoProposerChooses: a period's seed is mixed from the VRF outputs
// of the nodes that proved in the round before it; the header hash of the
// block that fixes it, which its proposer chooses, changes nothing (before
// version 6 the seed was that hash's, and 153 tries gave an attacker 7 of a
// target's 10 seats).
func TestSeedNoProposerChooses(t *testing.T) {
	seedA, round := seededPeriod(t, []byte("a block hash the proposer ground"))
	seedB, _ := seededPeriod(t, []byte("another one"))
	require.Equal(t, seedA, seedB, "the proposer's block hash chose the seed")

	require.Equal(t, uint64(8), round.Contributions)
	want := types.NewSeedRound(round.Number+1, round.Period, round.Seed)
	for i := 1; i <= 8; i++ {
		share := seedShare(t, nodeKey(i), round)
		for j := range want.Mix {
			want.Mix[j] ^= share[j]
		}
	}
	require.Equal(t, want.Mix, round.Mix, "the mix is the XOR of the shares")
	next := round.Period + 1
	require.Equal(t, want.NextSeed(next), seedA)
	require.NotEqual(t, types.DeriveSeed(next, []byte("a block hash the proposer ground")), seedA)
}

// TestSeedOneShareARound: a node's second proof in a round adds nothing (a
// second share would cancel the first in the XOR); its first proof of the
// next round adds again.
func TestSeedOneShareARound(t *testing.T) {
	f := newFixture(t, withLiveness, withParams(seedParams))
	f.soloNodes(1, 3)
	f.nextBlock(time.Minute)
	f.endBlock()
	f.bindKeys(3)
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 4)
	f.prove(nodeKey(1))
	first := *f.seedRound()
	require.Equal(t, uint64(1), first.Contributions)
	require.Equal(t, []*types.EventUptimeProof{{Pubkey: keyHex(nodeKey(1)), Seq: 1, Endpoint: testEndpoint(), Seeded: true}},
		events[*types.EventUptimeProof](f))
	require.Equal(t, first.Period+1, f.live(nodeKey(1)).SeedRound)

	f.endBlock()
	f.nextBlock(seedPeriod / 2)
	f.prove(nodeKey(1))
	require.Equal(t, first, *f.seedRound(), "a second share in the round")
	require.Equal(t, []*types.EventUptimeProof{{Pubkey: keyHex(nodeKey(1)), Seq: 2, Endpoint: testEndpoint()}},
		events[*types.EventUptimeProof](f))

	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(time.Minute)
	f.prove(nodeKey(1))
	require.Equal(t, uint64(1), f.seedRound().Contributions, "the first share of the next round")
}

// TestSeedProofRefused: a proof without the node's seed proof over the
// round in progress is refused with ErrInvalidSeedProof and changes
// nothing.
func TestSeedProofRefused(t *testing.T) {
	f := newFixture(t, withLiveness, withParams(seedParams))
	f.soloNodes(1, 3)
	f.nextBlock(time.Minute)
	f.endBlock()
	stale := *f.seedRound()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 4)
	round := f.seedRound()
	key := nodeKey(1)
	for _, tc := range []struct {
		name  string
		proof []byte
	}{
		{"none", nil},
		{"another node's", types.SeedProofFor(nodeKey(2), chainID, round)},
		{"over the previous round", types.SeedProofFor(key, chainID, &stale)},
		{"for another chain", types.SeedProofFor(key, "other-chain", round)},
		{"over the round's seed with the period changed", types.ProveSeed(key, types.SeedInput(chainID, round.Period+1, round.Seed))},
		{"garbage", make([]byte, types.SeedProofSize)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.livenessSnapshot()
			msg := f.proofMsg(testAddr(1), key, chainID, 1)
			msg.SeedProof = tc.proof
			_, err := f.msgs.UptimeProof(f.ctx, msg)
			f.requireRefused(err, types.ErrInvalidSeedProof, before)
			require.Contains(t, err.Error(), "seed")
		})
	}
	short := f.proofMsg(testAddr(1), key, chainID, 1)
	short.SeedProof = short.SeedProof[:40]
	require.ErrorIs(t, short.ValidateBasic(), types.ErrInvalidSeedProof)
	f.prove(key)
}

// TestSeedRoundGenesis: the round in progress is exported and imported, and
// a round of the wrong sizes is refused.
func TestSeedRoundGenesis(t *testing.T) {
	gs := types.DefaultGenesis()
	round := types.NewSeedRound(1, 7, make([]byte, types.SeedSize))
	gs.SeedRound = &round
	require.NoError(t, gs.Validate())
	round.Mix = round.Mix[:31]
	require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
	gs.SeedRound = &types.SeedRound{Period: 7, Seed: []byte{1}, Mix: make([]byte, types.SeedSize)}
	require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
}
