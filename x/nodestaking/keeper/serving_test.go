package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// An unlocking node serves until it exits: without proofs it is
// decommissioned and stops earning, where before version 6 it left
// liveness at its unlock and kept its full share for the whole delay.
func TestUnlockingNodeWithoutProofsIsDecommissionedAndStopsEarning(t *testing.T) {
	f := newFixture(t, withLiveness)
	key, other := nodeKey(1), nodeKey(2)
	f.soloNode(key, testAddr(1), 0)
	f.soloNode(other, testAddr(2), 0)
	f.nextBlock(30 * time.Minute)
	require.NoError(t, f.unlock(testAddr(1), key))
	exit := f.now().Add(types.DefaultUnlockDelay)
	require.Equal(t, types.NODE_STATUS_UNLOCKING, f.status(key))
	require.Contains(t, f.activeOrder(), keyHex(key), "an unlocking node stays in the set quorums draw from")
	f.endBlock()
	f.checkLiveness()

	// The other node proves on time; the unlocking one does not.
	for f.now().Before(exit.Add(-types.DefaultUnlockDelay).Add(types.DefaultUptimeProofTimeout)) {
		f.nextBlock(time.Hour)
		f.prove(other)
		f.endBlock()
	}

	node := f.node(key)
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, node.Status, "it owed its proofs while unlocking")
	require.True(t, exit.Equal(*node.ExitTime), "it keeps its exit time")
	require.Equal(t, uint64(1), f.activeCount(), "it no longer earns")
	require.Equal(t, []string{queueEntry(exit, key)}, f.exitQueue())
	f.checkLiveness()

	// It earns nothing more: a block's emission all goes to the other node.
	owedBefore := f.owed(testAddr(1))
	f.nextBlock(time.Minute)
	require.True(t, f.emit(math.NewInt(1_000)))
	f.endBlock()
	require.Equal(t, owedBefore.String(), f.owed(testAddr(1)).String())
}

// A node decommissioned while unlocking comes back unlocking, and leaves at
// its exit time with its stakes and no penalty.
func TestNodeDecommissionedWhileUnlockingComesBackUnlockingAndExits(t *testing.T) {
	f := newFixture(t, withLiveness, withParams(func(p *types.Params) { p.UnlockDelay = day }))
	key, other := nodeKey(1), nodeKey(2)
	f.soloNode(key, testAddr(1), 0)
	f.soloNode(other, testAddr(2), 0)
	f.nextBlock(time.Minute)
	require.NoError(t, f.unlock(testAddr(1), key))
	exit := f.now().Add(day)
	f.endBlock()
	f.nextBlock(time.Hour)
	f.prove(other)
	f.endBlock()
	f.nextBlock(types.DefaultUptimeProofTimeout - time.Hour)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key))

	// In a network too small for a quorum, its own proof brings it back,
	// unlocking as before.
	f.nextBlock(time.Minute)
	res := f.prove(key)
	require.False(t, res.Decommissioned)
	require.Equal(t, types.NODE_STATUS_UNLOCKING, f.status(key))
	require.Equal(t, uint64(2), f.activeCount())
	f.endBlock()
	f.checkLiveness()

	f.nextBlock(exit.Sub(f.now()))
	f.endBlock()
	require.False(t, f.hasNode(key))
	require.Equal(t, []*types.EventNodeExited{{Pubkey: keyHex(key), Returned: f.params().StakingRequirement, Penalty: math.ZeroInt()}},
		events[*types.EventNodeExited](f))
	require.Equal(t, startBalance.String(), f.balance(testAddr(1)).String())
	f.checkLiveness()
}

// A node decommissioned while unlocking and still down at its exit time
// leaves then, without a penalty: its credit did not run out.
func TestNodeStillDecommissionedAtItsExitTimeLeaves(t *testing.T) {
	f := newFixture(t, withLiveness, withParams(func(p *types.Params) {
		p.UnlockDelay = 3 * time.Hour
		p.InitialCredit = 10 * time.Hour
	}))
	key, other := nodeKey(1), nodeKey(2)
	f.soloNode(key, testAddr(1), 0)
	f.soloNode(other, testAddr(2), 0)
	f.nextBlock(time.Minute)
	require.NoError(t, f.unlock(testAddr(1), key))
	exit := f.now().Add(3 * time.Hour)
	f.endBlock()
	f.nextBlock(time.Hour)
	f.prove(other)
	f.endBlock()
	f.nextBlock(types.DefaultUptimeProofTimeout - time.Hour)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key))
	require.Len(t, f.creditRunsOut(), 1)

	f.nextBlock(exit.Sub(f.now()))
	f.endBlock()

	require.False(t, f.hasNode(key))
	require.Empty(t, f.creditRunsOut(), "it left the credit queue")
	require.Equal(t, startBalance.String(), f.balance(testAddr(1)).String())
	f.checkLiveness()
}

// An unlocking node whose credit runs out while it is down is deregistered
// with the penalty: unlocking does not escape it.
func TestUnlockingNodeWhoseCreditRunsOutIsDeregistered(t *testing.T) {
	f := newFixture(t, withLiveness)
	key, other := nodeKey(1), nodeKey(2)
	f.soloNode(key, testAddr(1), 0)
	f.soloNode(other, testAddr(2), 0)
	f.nextBlock(time.Minute)
	require.NoError(t, f.unlock(testAddr(1), key))
	f.endBlock()
	f.nextBlock(types.DefaultUptimeProofTimeout)
	f.endBlock()
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key))
	credit := f.live(key).Credit

	for range 3 {
		f.nextBlock(credit / 2)
		f.prove(other)
		f.endBlock()
	}

	node := f.node(key)
	require.Equal(t, types.NODE_STATUS_DEREGISTERED, node.Status)
	require.True(t, node.ExitPenalty.IsPositive())
	require.Equal(t, []string{queueEntry(f.now().Add(-credit/2).Add(types.DefaultDeregistrationLock), key)}, f.exitQueue())
	f.checkLiveness()
}

func TestUnlockRefusedWhileTheProofIsOverdue(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	f.soloNode(nodeKey(2), testAddr(2), 0)

	// On time: an hour after activation the first proof is due, not late.
	f.nextBlock(types.DefaultUptimeProofInterval + time.Nanosecond)
	before := f.livenessSnapshot()
	f.requireRefused(f.unlock(testAddr(1), key), types.ErrProofOverdue, before)

	// Once it proves, it may unlock.
	f.prove(key)
	require.NoError(t, f.unlock(testAddr(1), key))
	require.Equal(t, types.NODE_STATUS_UNLOCKING, f.status(key))
}

func TestUnlockAllowedUpToTheProofInterval(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	f.nextBlock(types.DefaultUptimeProofInterval)
	require.NoError(t, f.unlock(testAddr(1), key))
}

// An unlocking node still votes in the quorums it sits on and still proves.
func TestUnlockingNodeProvesAndVotes(t *testing.T) {
	f := quorumFixture(t, 12, withParams(withShortLiveness))
	keys := keysByHex(12)
	tested := nodeKey(1)
	voters := members(f.quorum(tested, 0), keys)
	require.NoError(t, f.unlock(f.operator(voters[0]), voters[0]))
	require.Equal(t, types.NODE_STATUS_UNLOCKING, f.status(voters[0]))

	_, err := f.vote(voters[0], tested, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	f.nextBlock(10 * time.Minute)
	f.prove(voters[0])
	f.endBlock()
	f.checkLiveness()
}
