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

// liveHex returns the liveness record of the node of hex key pubkey.
func (f *fixture) liveHex(pubkey string) types.LivenessRecord {
	f.t.Helper()
	rec, err := f.k.Liveness.Records.Get(f.ctx, pubkey)
	require.NoError(f.t, err)
	return rec
}

// owesShare reports whether node owes the seed round in progress its share.
func (f *fixture) owesShare(node types.Node) bool {
	f.t.Helper()
	round := f.seedRound()
	rec := f.liveHex(node.Pubkey)
	return round != nil && node.Status == types.NODE_STATUS_ACTIVE && round.Number >= rec.NextShare && rec.SeedRound != round.Period+1
}

// sharesExhaust reports whether node's proof now would find that its
// withheld rounds cost more than its credit.
func (f *fixture) sharesExhaust(node types.Node) bool {
	f.t.Helper()
	if !f.owesShare(node) {
		return false
	}
	rec, params := f.liveHex(node.Pubkey), f.params()
	number := f.seedRound().Number
	if rec.NextShare == 0 || number <= rec.NextShare || params.MissedSharePenalty == 0 {
		return false
	}
	credit := rec.CreditNow(f.livenessNow(), params, node.Status)
	return time.Duration(number-rec.NextShare)*params.MissedSharePenalty > credit //nolint:gosec // a few rounds
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

// TestSeedShareWithheldBeyondCreditFails: withheld rounds that cost more
// than the node's credit fail it like missed proofs (without credit:
// deregistered), so that a node at zero credit cannot go on withholding
// for free.
func TestSeedShareWithheldBeyondCreditFails(t *testing.T) {
	f := sharedNodes(t, 2, func(p *types.Params) { p.MissedSharePenalty = 100 * time.Hour })
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	f.prove(nodeKey(1))
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	contributions := f.seedRound().Contributions

	f.prove(nodeKey(2))

	require.Equal(t, types.NODE_STATUS_DEREGISTERED, f.status(nodeKey(2)))
	require.Equal(t, []*types.EventNodeFailed{{Pubkey: keyHex(nodeKey(2)), Reason: "seed shares withheld"}}, events[*types.EventNodeFailed](f))
	require.Equal(t, contributions, f.seedRound().Contributions, "the failing node's share is not added")
	f.checkLiveness()
}

// TestSeedShareOwedProofNeverTooSoon: a proof that carries a share the
// node owes is taken however soon after its last proof (a node that
// proved just before a round turned, or whose clock a halt stopped, can
// always give its share), once a round.
func TestSeedShareOwedProofNeverTooSoon(t *testing.T) {
	f := sharedNodes(t, 1)
	f.toNextPeriod(-time.Minute, nil) // a minute before the next period
	f.prove(nodeKey(1))
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(time.Second)

	f.prove(nodeKey(1))

	require.Equal(t, uint64(1), f.seedRound().Contributions)
	require.Zero(t, f.live(nodeKey(1)).MissedShares)
	f.nextBlock(time.Second)
	before := f.livenessSnapshot()
	_, err := f.msgs.UptimeProof(f.ctx, f.proofMsg(testAddr(1), nodeKey(1), chainID, f.live(nodeKey(1)).Proofs+1))
	f.requireRefused(err, types.ErrProofTooSoon, before)
}

// TestSeedShareSettledAtUnlock: an unlock charges the rounds withheld
// before it; an unlocking node owes and adds no share after (its known
// exit time would let it withhold the last ones for free).
func TestSeedShareSettledAtUnlock(t *testing.T) {
	// A long proof interval: a node may withhold a round and still be in
	// time to request an unlock.
	f := sharedNodes(t, 3, func(p *types.Params) {
		p.UptimeProofInterval = 3 * seedPeriod
		p.UptimeProofTimeout = 4 * seedPeriod
	})
	f.toNextPeriod(time.Second, nil) // nodes 2 and 3 withhold this round
	f.nextBlock(seedPeriod / 2)
	f.prove(nodeKey(1))
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)

	require.NoError(t, f.unlock(testAddr(2), nodeKey(2)))

	require.Equal(t, uint64(1), f.live(nodeKey(2)).MissedShares, "charged at the unlock")
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	contributions := f.seedRound().Contributions
	f.prove(nodeKey(2))
	require.Equal(t, contributions, f.seedRound().Contributions, "an unlocking node adds no share")
	require.Equal(t, uint64(1), f.live(nodeKey(2)).MissedShares, "an unlocking node owes none")

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
// rounds it was down for nor those it withheld before it failed (the
// failure costs more: its credit burns while it is down).
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

	missed := f.live(down).MissedShares

	f.prove(down) // the network is too small for a quorum: the proof brings it back

	require.Equal(t, types.NODE_STATUS_ACTIVE, f.status(down))
	require.Equal(t, contributions, f.seedRound().Contributions, "a decommissioned node's proof adds no share")
	require.Equal(t, f.seedRound().Number+1, f.live(down).NextShare)
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	f.prove(down)
	require.Equal(t, missed, f.live(down).MissedShares, "no share was owed while down")
	require.Equal(t, uint64(1), f.seedRound().Contributions)
}

// TestSeedShareBindingForgivesNothing: binding a new key (a rotation)
// charges the rounds withheld before the one in progress, so that a node
// cannot rotate its key to wipe its missed shares.
func TestSeedShareBindingForgivesNothing(t *testing.T) {
	f := sharedNodes(t, 2)
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	f.prove(nodeKey(1)) // node 2 withholds this round
	f.endBlock()
	f.toNextPeriod(time.Second, nil)
	f.nextBlock(seedPeriod / 2)
	params := f.params()
	want := f.live(nodeKey(2)).CreditNow(f.livenessNow(), params, types.NODE_STATUS_ACTIVE) - params.MissedSharePenalty

	require.NoError(t, f.k.Liveness.BindKey(f.ctx, keyHex(nodeKey(2))))

	rec := f.live(nodeKey(2))
	require.Equal(t, want, rec.Credit, "the withheld round is charged, not the one in progress")
	require.Equal(t, uint64(1), rec.MissedShares)
	require.Equal(t, f.seedRound().Number+2, rec.NextShare)
	f.checkLiveness()
}
