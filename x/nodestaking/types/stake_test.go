package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// sesh returns n SESH in nsesh.
func sesh(n int64) math.Int { return math.NewInt(n).Mul(math.NewInt(1_000_000_000)) }

func TestContributionBounds(t *testing.T) {
	tests := []struct {
		name        string
		open        math.Int
		slots, max  uint32
		wantMinimum math.Int
		wantErr     error
	}{
		{name: "last spot takes all that is left", open: sesh(100), slots: 9, max: 10, wantMinimum: sesh(100)},
		{name: "first of four", open: sesh(15_000), slots: 0, max: 4, wantMinimum: sesh(3_750)},
		{name: "after the operator, of ten", open: sesh(11_250), slots: 1, max: 10, wantMinimum: sesh(1_250)},
		{name: "rounds up to the nsesh", open: math.NewInt(10), slots: 7, max: 10, wantMinimum: math.NewInt(4)},
		{name: "one nsesh open", open: math.NewInt(1), slots: 1, max: 10, wantMinimum: math.NewInt(1)},
		{name: "every spot taken", open: sesh(100), slots: 10, max: 10, wantErr: types.ErrNodeFull},
		{name: "more spots taken than allowed", open: sesh(100), slots: 11, max: 10, wantErr: types.ErrNodeFull},
		{name: "nothing open: the rest is reserved", open: math.ZeroInt(), slots: 5, max: 10, wantErr: types.ErrNodeFull},
		{name: "reservations exceed what is left", open: math.NewInt(-1), slots: 5, max: 10, wantErr: types.ErrNodeFull},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			minimum, maximum, err := types.ContributionBounds(tc.open, tc.slots, tc.max)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantMinimum.String(), minimum.String(), "minimum")
			require.Equal(t, tc.open.String(), maximum.String(), "maximum is what is open")
		})
	}
}

func ints(vs ...int64) []math.Int {
	out := make([]math.Int, len(vs))
	for i, v := range vs {
		out[i] = math.NewInt(v)
	}
	return out
}

func TestSplitReward(t *testing.T) {
	tests := []struct {
		name   string
		reward int64
		feeBps uint32
		stakes []math.Int
		want   []math.Int
	}{
		{name: "operator alone takes everything", reward: 1_234_567, feeBps: 500, stakes: ints(25_000), want: ints(1_234_567)},
		{name: "fee first, then pro rata, exact", reward: 1_000, feeBps: 1_000, stakes: ints(50, 25, 25), want: ints(100+450, 225, 225)},
		{name: "full fee leaves nothing to share", reward: 1_000, feeBps: 10_000, stakes: ints(1, 3), want: ints(1_000, 0)},
		{name: "no fee, equal stakes, remainder to the operator", reward: 10, feeBps: 0, stakes: ints(1, 1, 1), want: ints(3+1, 3, 3)},
		{name: "fee rounds down", reward: 19_999, feeBps: 5, stakes: ints(1, 1), want: ints(9+9_995, 9_995)},
		{name: "small operator still gets the rounding", reward: 7, feeBps: 0, stakes: ints(25, 75), want: ints(1+1, 5)},
		{name: "contributors floor, the fee and the rest to the operator", reward: 1_000_003, feeBps: 1_500, stakes: ints(6_250, 9_375, 9_375), want: ints(150_000+212_500+1, 318_751, 318_751)},
		{name: "zero reward", reward: 0, feeBps: 1_000, stakes: ints(10, 20), want: ints(0, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := types.SplitReward(math.NewInt(tc.reward), tc.feeBps, tc.stakes)
			require.Len(t, got, len(tc.want))
			sum := math.ZeroInt()
			for i := range got {
				require.Equal(t, tc.want[i].String(), got[i].String(), "share %d", i)
				sum = sum.Add(got[i])
			}
			require.Equal(t, tc.reward, sum.Int64(), "shares add up to the reward")
		})
	}
}
