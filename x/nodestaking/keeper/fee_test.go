package keeper_test

import (
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// changeFee sends MsgChangeFee from sender.
func (f *fixture) changeFee(sender sdk.AccAddress, key ed25519.PrivateKey, feeBps uint32) (time.Time, error) {
	res, err := f.msgs.ChangeFee(f.ctx, &types.MsgChangeFee{Operator: sender.String(), Pubkey: pubkey(key), FeeBps: feeBps})
	if err != nil {
		return time.Time{}, err
	}
	return res.EffectiveAt, nil
}

// feeNode is an active node at a 10% fee, the only one earning: operator 1
// with 15,000 SESH, contributor 2 with 10,000 (a small contributor at a
// 50% threshold).
func feeNode(t *testing.T) (*fixture, ed25519.PrivateKey) {
	f := newFixture(t, withoutProofDuty, withParams(func(p *types.Params) { p.SmallContributorBps = 5_000 }))
	key := nodeKey(1)
	f.newNode(key, 1_000, stake{testAddr(1), sesh(15_000)}, stake{testAddr(2), sesh(10_000)})
	return f, key
}

// block runs one block dt after the last that emits amount.
func (f *fixture) block(dt time.Duration, amount int64) {
	f.t.Helper()
	f.nextBlock(dt)
	require.True(f.t, f.emit(math.NewInt(amount)))
	f.endBlock()
}

func TestFeeRaiseAppliesAfterTheNoticeToLaterEarningsOnly(t *testing.T) {
	f, key := feeNode(t)
	const e1, e2, e3 = 1_000_000_007, 2_000_000_011, 3_000_000_013
	f.block(6e9, e1)
	// A claim before the change takes its share at 10%.
	_, err := f.claim(testAddr(2))
	require.NoError(t, err)

	at, err := f.changeFee(testAddr(1), key, 3_000)
	require.NoError(t, err)
	require.True(t, f.now().Add(types.DefaultFeeChangeNotice).Equal(at))
	node := f.node(key)
	require.Equal(t, uint32(1_000), node.FeeBps)
	require.Equal(t, uint32(3_000), node.PendingFeeBps)
	require.True(t, at.Equal(*node.FeeChangeAt), "the pending change is on the node, for its contributors to see")
	require.Equal(t, []*types.EventFeeChangeScheduled{{Pubkey: keyHex(key), FeeBps: 1_000, NewFeeBps: 3_000, EffectiveAt: at}},
		events[*types.EventFeeChangeScheduled](f))
	f.endBlock()

	f.block(at.Add(-time.Nanosecond).Sub(f.now()), e2) // still the old fee
	require.Equal(t, uint32(1_000), f.node(key).FeeBps)
	f.nextBlock(time.Nanosecond) // the block at the effective time: its emission is at the old fee
	require.True(t, f.emit(math.NewInt(e2)))
	f.endBlock()
	require.Equal(t, []*types.EventFeeChanged{{Pubkey: keyHex(key), OldFeeBps: 1_000, FeeBps: 3_000}}, events[*types.EventFeeChanged](f))
	node = f.node(key)
	require.Equal(t, uint32(3_000), node.FeeBps)
	require.Nil(t, node.FeeChangeAt)
	f.block(6e9, e3)

	old := math.NewInt(e1 + 2*e2)
	fee := types.MulBps(old, 1_000).Add(types.MulBps(math.NewInt(e3), 3_000))
	rest := old.AddRaw(e3).Sub(fee)
	wantOp := fee.Add(rest.MulRaw(15).QuoRaw(25))
	wantC := rest.MulRaw(10).QuoRaw(25)
	taken, err := f.k.Rewards.TakenBy(f.ctx, keyHex(key), testAddr(2))
	require.NoError(t, err)
	require.Equal(t, wantOp.String(), f.rewards(testAddr(1)).Pending.String())
	require.Equal(t, wantC.Sub(taken).String(), f.rewards(testAddr(2)).Pending.String())

	// The node's stakes returning credits the same split, the rounding to the operator.
	require.NoError(t, f.unlock(testAddr(1), key))
	f.nextBlock(16 * day)
	f.endBlock()
	require.False(t, f.hasNode(key))
	total := old.AddRaw(e3)
	require.Equal(t, total.Sub(wantC).String(), f.claimable(testAddr(1)).String())
	require.Equal(t, wantC.Sub(taken).String(), f.claimable(testAddr(2)).String())
}

func TestLowerFeeAppliesAtOnceAndAwaitingNodeChangesAtOnce(t *testing.T) {
	f, key := feeNode(t)
	f.block(6e9, 1_000_000_007)
	at, err := f.changeFee(testAddr(1), key, 500)
	require.NoError(t, err)
	require.True(t, f.now().Equal(at))
	node := f.node(key)
	require.Equal(t, uint32(500), node.FeeBps)
	require.Equal(t, "1000000007", node.FeeBase.String(), "settled at the old fee first")
	require.Equal(t, "100000000", node.FeeBefore.String())
	f.endBlock()

	require.NoError(t, f.register(testAddr(3), nodeKey(2), sesh(10_000), 800))
	_, err = f.changeFee(testAddr(3), nodeKey(2), 2_000)
	require.NoError(t, err)
	require.Equal(t, uint32(2_000), f.node(nodeKey(2)).FeeBps, "a node awaiting contributions has earned nothing")
	require.Nil(t, f.node(nodeKey(2)).FeeChangeAt)
}

// TestAwaitingNodeRaisesOnlyBeforeOthersStake: once anyone but the operator
// has staked in a node awaiting contributions, its fee may fall but not
// rise. Before, the operator could raise it and fill the node in one
// transaction: the others were active at a fee they never saw, with no
// notice to leave by.
func TestAwaitingNodeRaisesOnlyBeforeOthersStake(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(2)
	require.NoError(t, f.register(testAddr(3), key, sesh(10_000), 800))
	_, err := f.contribute(testAddr(4), key, sesh(5_000))
	require.NoError(t, err)
	before := f.snapshot()
	_, err = f.changeFee(testAddr(3), key, 10_000)
	f.requireRejected(err, types.ErrInvalidFee, before)
	require.Contains(t, err.Error(), "1 contributors besides the operator staked at 800 bps")

	_, err = f.changeFee(testAddr(3), key, 500)
	require.NoError(t, err, "a lower fee is no surprise")
	require.Equal(t, uint32(500), f.node(key).FeeBps)
}

func TestUnlockCancelsAPendingRaiseAndFreesSmallContributors(t *testing.T) {
	f, key := feeNode(t)
	f.nextBlock(time.Hour)
	require.ErrorIs(t, f.unlock(testAddr(2), key), types.ErrTooEarly, "a small contributor waits out its lock")
	at, err := f.changeFee(testAddr(1), key, 9_000)
	require.NoError(t, err)

	require.NoError(t, f.unlock(testAddr(2), key), "...unless a raise is pending")

	node := f.node(key)
	require.Equal(t, uint32(1_000), node.FeeBps)
	require.Nil(t, node.FeeChangeAt)
	require.Equal(t, []*types.EventFeeChangeCancelled{{Pubkey: keyHex(key), PendingFeeBps: 9_000, Reason: "unlock"}},
		events[*types.EventFeeChangeCancelled](f))
	f.block(at.Sub(f.now()), 1_000)
	require.Equal(t, uint32(1_000), f.node(key).FeeBps)
}

func TestTheFeeInForceCancelsAPendingChange(t *testing.T) {
	f, key := feeNode(t)
	_, err := f.changeFee(testAddr(1), key, 2_000)
	require.NoError(t, err)
	_, err = f.changeFee(testAddr(1), key, 1_000)
	require.NoError(t, err)
	require.Nil(t, f.node(key).FeeChangeAt)
	require.Equal(t, []*types.EventFeeChangeCancelled{{Pubkey: keyHex(key), PendingFeeBps: 2_000, Reason: "operator"}},
		events[*types.EventFeeChangeCancelled](f))
	f.block(8*day, 1_000)
	require.Equal(t, uint32(1_000), f.node(key).FeeBps)
}

func TestBadFeeChangesAreRefused(t *testing.T) {
	f, key := feeNode(t)
	f.soloNode(nodeKey(2), testAddr(3), 0)
	require.NoError(t, f.unlock(testAddr(3), nodeKey(2)))
	tests := []struct {
		name    string
		msg     *types.MsgChangeFee
		wantErr error
		wantIn  string
	}{
		{"not the operator", &types.MsgChangeFee{Operator: testAddr(2).String(), Pubkey: pubkey(key), FeeBps: 500}, types.ErrNotOperator, testAddr(2).String()},
		{"over 100%", &types.MsgChangeFee{Operator: testAddr(1).String(), Pubkey: pubkey(key), FeeBps: 10_001}, types.ErrInvalidFee, "got 10001"},
		{"the fee in force", &types.MsgChangeFee{Operator: testAddr(1).String(), Pubkey: pubkey(key), FeeBps: 1_000}, types.ErrInvalidFee, "1000 bps already"},
		{"unlocking node", &types.MsgChangeFee{Operator: testAddr(3).String(), Pubkey: pubkey(nodeKey(2)), FeeBps: 500}, types.ErrWrongStatus, "NODE_STATUS_UNLOCKING"},
		{"unknown node", &types.MsgChangeFee{Operator: testAddr(1).String(), Pubkey: pubkey(nodeKey(9)), FeeBps: 500}, types.ErrNodeNotFound, keyHex(nodeKey(9))},
		{"short node key", &types.MsgChangeFee{Operator: testAddr(1).String(), Pubkey: []byte{1}, FeeBps: 500}, types.ErrInvalidPubkey, "got 1"},
		{"bad operator", &types.MsgChangeFee{Operator: "x", Pubkey: pubkey(key), FeeBps: 500}, types.ErrInvalidAddress, `"x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.msgs.ChangeFee(f.ctx, tc.msg)
			f.requireRejected(err, tc.wantErr, before)
			require.Contains(t, err.Error(), tc.wantIn, "the error names the value")
		})
	}
}

func TestGenesisCarriesAPendingFeeChange(t *testing.T) {
	f, key := feeNode(t)
	f.block(6e9, 1_000_000_007)
	_, err := f.changeFee(testAddr(1), key, 500)
	require.NoError(t, err)
	at, err := f.changeFee(testAddr(1), key, 2_500)
	require.NoError(t, err)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())
	require.Equal(t, f.snapshot().Genesis, g.snapshot().Genesis)

	for _, c := range []*fixture{f, g} {
		c.block(at.Sub(c.now()), 7)
		node := c.node(key)
		require.Equal(t, uint32(2_500), node.FeeBps, "the imported queue applies it too")
		require.Nil(t, node.FeeChangeAt)
	}
	require.Equal(t, f.snapshot().Genesis, g.snapshot().Genesis)

	bad := exported.Nodes[0]
	bad.Node.FeeBefore = bad.Node.FeeBase.AddRaw(1)
	require.ErrorIs(t, bad.Validate(math.NewInt(1<<40)), types.ErrInvalidGenesis)
}

func TestConservationChecksFeeTerms(t *testing.T) {
	f, key := feeNode(t)
	f.block(6e9, 1_000_000_007)
	_, err := f.changeFee(testAddr(1), key, 2_000)
	require.NoError(t, err)
	f.checkConservation()
	node := f.node(key)

	require.NoError(t, f.k.Staking.FeeChangeQueue.Clear(f.ctx, nil))
	require.ErrorContains(t, f.k.CheckConservation(f.ctx, f.balance(moduleAddr)), "is not queued")

	node.FeeChangeAt, node.PendingFeeBps = nil, 0
	node.FeeBase, node.FeeBefore = math.NewInt(10), math.NewInt(11)
	require.NoError(t, f.k.Staking.Nodes.Set(f.ctx, keyHex(key), node))
	require.ErrorContains(t, f.k.CheckConservation(f.ctx, f.balance(moduleAddr)), "fee_before 11 and fee_base 10")
}
