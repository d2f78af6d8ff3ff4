package keeper_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// owed returns what addr has earned and not claimed: claimable + pending.
func (f *fixture) owed(addr sdk.AccAddress) math.Int {
	r := f.rewards(addr)
	return r.Claimable.Add(r.Pending)
}

func TestEmissionIsSplitEquallyBetweenActiveNodes(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.soloNode(nodeKey(2), testAddr(2), 2_000)
	require.NoError(t, f.register(testAddr(3), nodeKey(3), sesh(20_000), 0))

	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(1_000_000)))
	f.endBlock()

	require.Equal(t, "500000", f.owed(testAddr(1)).String())
	require.Equal(t, "500000", f.owed(testAddr(2)).String(), "a solo operator takes its fee and its share alike")
	require.True(t, f.owed(testAddr(3)).IsZero(), "a node awaiting contributions earns nothing")
	require.Equal(t, "500000", f.index().String())
	require.True(t, f.carry().IsZero())
}

func TestNodeRewardFeeFirstThenProRata(t *testing.T) {
	tests := []struct {
		name   string
		feeBps uint32
		reward int64
		stakes []int64 // SESH; the operator's first
		want   []int64 // nsesh, each share rounded down
		dust   int64   // what the roundings leave: the operator's when the stakes return
	}{
		// fee 150,000; rest 850,003: 212,500.75, 318,751.125, 318,751.125.
		{name: "fee then floors, remainder to the operator", feeBps: 1_500, reward: 1_000_003, stakes: []int64{6_250, 9_375, 9_375}, want: []int64{150_000 + 212_500, 318_751, 318_751}, dust: 1},
		{name: "no fee, exact", feeBps: 0, reward: 1_000_000, stakes: []int64{12_500, 12_500}, want: []int64{500_000, 500_000}},
		{name: "full fee", feeBps: 10_000, reward: 999_999, stakes: []int64{6_250, 18_750}, want: []int64{999_999, 0}},
		// fee 10; rest 90: 7.2 each for the nine contributors, 25.2 for the operator.
		{name: "ten contributors", feeBps: 1_000, reward: 100, stakes: []int64{7_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000}, want: []int64{10 + 25, 7, 7, 7, 7, 7, 7, 7, 7, 7}, dust: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			stakes := make([]stake, len(tc.stakes))
			for i, s := range tc.stakes {
				stakes[i] = stake{testAddr(byte(i + 1)), sesh(s)}
			}
			f.newNode(nodeKey(1), tc.feeBps, stakes...)

			f.nextBlock(6e9)
			require.True(t, f.emit(math.NewInt(tc.reward)))

			for i, s := range stakes {
				require.Equal(t, tc.want[i], f.rewards(s.addr).Pending.Int64(), "pending of contributor %d", i)
			}
			for i, s := range stakes {
				if tc.want[i] == 0 {
					continue
				}
				paid, err := f.claim(s.addr)
				require.NoError(t, err)
				require.Equal(t, tc.want[i], paid.Int64(), "claim of contributor %d", i)
				require.Equal(t, startBalance.Sub(s.amount).AddRaw(tc.want[i]).String(), f.balance(s.addr).String())
			}
			f.endBlock()

			// The operator gets the dust when the stakes return.
			operator := stakes[0].addr
			require.NoError(t, f.unlock(operator, nodeKey(1)))
			f.endBlock()
			f.nextBlock(16 * day)
			f.endBlock()
			require.False(t, f.hasNode(nodeKey(1)))
			require.Equal(t, tc.dust, f.claimable(operator).Int64(), "the operator's remainder")
			for _, s := range stakes[1:] {
				require.True(t, f.claimable(s.addr).IsZero())
			}
			f.checkConservation()
		})
	}
}

func TestEmissionCarry(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= 3; i++ {
		f.soloNode(nodeKey(i), testAddr(byte(i)), 0)
	}
	steps := []struct {
		emit      int64
		wantIndex int64
		wantCarry int64
	}{
		{emit: 10, wantIndex: 3, wantCarry: 1},
		{emit: 11, wantIndex: 7, wantCarry: 0}, // 11 + 1 carried = 12
		{emit: 2, wantIndex: 7, wantCarry: 2},  // less than a nsesh per node
		{emit: 2, wantIndex: 8, wantCarry: 1},  // 2 + 2 carried = 4
	}
	for i, s := range steps {
		f.nextBlock(6e9)
		require.True(t, f.emit(math.NewInt(s.emit)))
		f.endBlock()
		require.Equal(t, s.wantIndex, f.index().Int64(), "index after step %d", i)
		require.Equal(t, s.wantCarry, f.carry().Int64(), "carry after step %d", i)
	}
	for i := byte(1); i <= 3; i++ {
		require.Equal(t, "8", f.owed(testAddr(i)).String())
	}
}

// TestClaimingOftenOrOnceGivesTheSameShares runs two identical nodes: A's
// operator claims every block, B's contributors never do. Shares are taken
// of everything a node has earned, so every contributor of A ends with
// exactly what its counterpart in B is owed, whether the rewards split
// without rounding or not, and each node's contributors get all it earned
// but fewer nsesh than they are (the operator's when the stakes return).
func TestClaimingOftenOrOnceGivesTheSameShares(t *testing.T) {
	const blocks = 50
	tests := []struct {
		name string
		// nodeReward returns the reward of each node in one block.
		nodeReward func(r *rand.Rand) int64
	}{
		// Fee 10%, stakes 40/30/30%: a multiple of 100 splits exactly.
		{name: "rewards that split exactly", nodeReward: func(r *rand.Rand) int64 { return 100 * (1 + r.Int64N(20_000_000)) }},
		{name: "rewards that do not", nodeReward: func(r *rand.Rand) int64 { return 1 + r.Int64N(2_000_000_000) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			r := rand.New(rand.NewPCG(7, 11))
			a := []stake{{testAddr(1), sesh(10_000)}, {testAddr(2), sesh(7_500)}, {testAddr(3), sesh(7_500)}}
			b := []stake{{testAddr(4), sesh(10_000)}, {testAddr(5), sesh(7_500)}, {testAddr(6), sesh(7_500)}}
			f.newNode(nodeKey(1), 1_000, a...)
			f.newNode(nodeKey(2), 1_000, b...)
			paidA := math.ZeroInt()
			perNode := math.ZeroInt()

			for range blocks {
				f.nextBlock(6e9)
				reward := math.NewInt(tc.nodeReward(r))
				require.True(t, f.emit(reward.MulRaw(2)))
				perNode = perNode.Add(reward)
				paid, err := f.claim(a[0].addr)
				require.NoError(t, err)
				paidA = paidA.Add(paid)
				f.endBlock()
			}

			gotA := []math.Int{paidA, f.owed(a[1].addr), f.owed(a[2].addr)}
			gotB := []math.Int{f.owed(b[0].addr), f.owed(b[1].addr), f.owed(b[2].addr)}
			require.True(t, f.owed(a[0].addr).IsZero(), "A's operator took everything it was owed")
			sumA, sumB := math.ZeroInt(), math.ZeroInt()
			for i := range gotA {
				require.Equal(t, gotB[i].String(), gotA[i].String(), "contributor %d", i)
				sumA, sumB = sumA.Add(gotA[i]), sumB.Add(gotB[i])
			}
			require.Equal(t, sumA.String(), sumB.String())
			dust := perNode.Sub(sumA)
			require.False(t, dust.IsNegative(), "the shares exceed the node's reward by %s", dust.Neg())
			require.True(t, dust.LT(math.NewInt(3)), "dust %s for 3 contributors", dust)
			f.checkConservation()
		})
	}
}
