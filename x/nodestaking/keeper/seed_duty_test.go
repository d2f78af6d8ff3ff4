package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// sharedNodes activates nodes 1..n and brings them to the round their
// shares first count in, where each has proved once.
func sharedNodes(t *testing.T, n int, opts ...func(*types.Params)) *fixture {
	t.Helper()
	f := newFixture(t, withLiveness, withParams(func(p *types.Params) {
		seedParams(p)
		for _, o := range opts {
			o(p)
		}
	}))
	f.soloNodes(1, n)
	f.nextBlock(time.Minute)
	f.endBlock()
	f.bindKeys(n)
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	for i := 1; i <= n; i++ {
		f.prove(nodeKey(i))
	}
	require.Equal(t, uint64(n), f.seedRound().Contributions)
	f.endBlock()
	return f
}

// TestSeedShareWithheldCostsCredit: a serving node that skips the rounds
// it owes a share to pays missed_share_penalty of credit for each when it
// next adds one (on main, withholding a share to steer the seed was free).
func TestSeedShareWithheldCostsCredit(t *testing.T) {
	f := sharedNodes(t, 2)
	honest, withholder := nodeKey(1), nodeKey(2)
	first := f.seedRound().Number + 1
	for range 2 { // two rounds: the honest node proves, the other does not
		f.toNextPeriod(time.Second, nil)
		f.nextBlock(seedPeriod / 2)
		f.prove(honest)
		f.endBlock()
	}
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	params := f.params()
	before := f.live(withholder)
	want := before.CreditNow(f.livenessNow(), params, types.NODE_STATUS_ACTIVE) - 2*params.MissedSharePenalty

	f.prove(withholder)
	f.prove(honest)

	rec := f.live(withholder)
	require.Equal(t, want, rec.Credit, "two rounds withheld cost two penalties")
	require.Equal(t, uint64(2), rec.MissedShares)
	require.Equal(t, f.seedRound().Number+1, rec.NextShare)
	require.Equal(t, []*types.EventSeedSharesMissed{{
		Pubkey: keyHex(withholder), From: first, Rounds: 2, CreditSeconds: int64(want / time.Second),
	}}, events[*types.EventSeedSharesMissed](f))
	require.Zero(t, f.live(honest).MissedShares, "a node that proved in every round owes nothing")
	require.Equal(t, uint64(2), f.seedRound().Contributions, "both shares count")
	require.Equal(t, uint64(2), f.liveness(withholder).MissedShares, "the liveness query shows it")
	f.checkLiveness()
}

// TestSeedShareWithheldCreditFloor: the penalties never take credit below
// zero, however many rounds were withheld.
func TestSeedShareWithheldCreditFloor(t *testing.T) {
	f := sharedNodes(t, 2, func(p *types.Params) { p.MissedSharePenalty = 100 * time.Hour })
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	f.prove(nodeKey(1))
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)

	f.prove(nodeKey(2))

	rec := f.live(nodeKey(2))
	require.Zero(t, rec.Credit)
	require.Equal(t, uint64(1), rec.MissedShares)
	f.checkLiveness()
}

// TestSeedShareKeyBinding: a key adds no share in the round it was bound
// in nor the next (it may have been chosen knowing that round's seed), and
// owes none there; BindKey moves a serving node's duty the same way.
func TestSeedShareKeyBinding(t *testing.T) {
	f := sharedNodes(t, 2)
	number := f.seedRound().Number
	require.NoError(t, f.k.Liveness.BindKey(f.ctx, keyHex(nodeKey(1))))
	require.Equal(t, number+2, f.live(nodeKey(1)).NextShare)
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)

	f.prove(nodeKey(1))
	f.prove(nodeKey(2))

	require.Equal(t, uint64(1), f.seedRound().Contributions, "only the node whose key is bound long enough")
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	f.prove(nodeKey(1))
	require.Equal(t, uint64(1), f.seedRound().Contributions)
	require.Zero(t, f.live(nodeKey(1)).MissedShares, "no share was owed before the binding allowed one")
	require.NoError(t, f.k.Liveness.BindKey(f.ctx, keyHex(nodeKey(9))), "a node without a record: nothing to bind")
}

// TestSeedShareNoneOwedWhileDown: a decommissioned node's proofs add no
// share, and when it comes back it owes from the next round on, not the
// rounds it was down for.
func TestSeedShareNoneOwedWhileDown(t *testing.T) {
	f := sharedNodes(t, 2, func(p *types.Params) { p.MaxCredit = 100 * time.Hour; p.InitialCredit = 100 * time.Hour })
	down := nodeKey(2)
	for f.status(down) != types.NODE_STATUS_DECOMMISSIONED {
		f.toNextPeriod(time.Second, nil)
		f.nextBlock(seedPeriod / 2)
		f.prove(nodeKey(1))
		f.endBlock()
	}
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	f.prove(nodeKey(1))
	contributions := f.seedRound().Contributions

	f.prove(down) // the network is too small for a quorum: the proof brings it back

	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(down))
	require.Equal(t, contributions, f.seedRound().Contributions, "a decommissioned node's proof adds no share")
	require.Equal(t, f.seedRound().Number+1, f.live(down).NextShare)
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	f.prove(down)
	require.Zero(t, f.live(down).MissedShares, "no share was owed while down")
	require.Equal(t, uint64(1), f.seedRound().Contributions)
}
