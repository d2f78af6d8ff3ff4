package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// A node's penalty is fixed when it is deregistered: governance raising
// deregistration_penalty_bps during the 30-day lock (here to 100%) does not
// reach it, and the exit takes the 0.2% that was due (issue 17, review L-3).
func TestPenaltyIsFixedAtDeregistration(t *testing.T) {
	f := newFixture(t)
	key, operator := nodeKey(1), testAddr(1)
	f.soloNode(key, operator, 0)
	require.NoError(t, f.deregister(key))
	exit := *f.record(key).Node.ExitTime
	require.Equal(t, sesh(50).String(), f.record(key).Node.ExitPenalty.String(), "0.2% of 25,000 SESH, fixed now")

	f.nextBlock(day)
	f.setParams(func(p *types.Params) { p.DeregistrationPenaltyBps = types.BasisPoints })
	f.nextBlock(exit.Sub(f.now()))
	f.endBlock()

	require.False(t, f.hasNode(key))
	require.Equal(t, startBalance.Sub(sesh(50)).String(), f.balance(operator).String())
	require.Equal(t, sesh(50).String(), f.pool.Inflow(f.ctx, rewardpooltypes.SourcePenalty).String())
	require.Equal(t, []*types.EventNodeExited{{Pubkey: keyHex(key), Returned: sesh(24_950), Penalty: sesh(50)}}, events[*types.EventNodeExited](f))
}

// A node that unlocks owes no penalty, and one deregistered while unlocking
// owes the penalty of its deregistration.
func TestUnlockingNodeOwesNoPenaltyUntilDeregistered(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	require.NoError(t, f.unlock(testAddr(1), key))
	require.True(t, f.record(key).Node.ExitPenalty.IsZero())

	f.setParams(func(p *types.Params) { p.DeregistrationPenaltyBps = 100 })
	require.NoError(t, f.deregister(key))
	require.Equal(t, sesh(250).String(), f.record(key).Node.ExitPenalty.String(), "1% of 25,000 SESH, the rate at deregistration")
}
