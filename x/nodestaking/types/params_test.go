package types_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestMinOperatorStake(t *testing.T) {
	tests := []struct {
		name        string
		requirement math.Int
		bps         uint32
		want        math.Int
	}{
		{name: "default: a quarter of 25,000 SESH", requirement: types.DefaultStakingRequirement, bps: 2_500, want: sesh(6_250)},
		{name: "rounds up", requirement: math.NewInt(10), bps: 2_500, want: math.NewInt(3)},
		{name: "rounds up a third", requirement: math.NewInt(7), bps: 3_333, want: math.NewInt(3)},
		{name: "never zero for a positive share", requirement: math.NewInt(1), bps: 1, want: math.NewInt(1)},
		{name: "exact division is not rounded", requirement: math.NewInt(10_000), bps: 1, want: math.NewInt(1)},
		{name: "no minimum", requirement: sesh(25_000), bps: 0, want: math.ZeroInt()},
		{name: "the whole requirement", requirement: sesh(25_000), bps: 10_000, want: sesh(25_000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			p.StakingRequirement = tc.requirement
			p.MinOperatorStakeBps = tc.bps
			require.Equal(t, tc.want.String(), p.MinOperatorStake().String())
		})
	}
}

func TestParamsValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*types.Params)
		valid  bool
	}{
		{name: "defaults", change: func(*types.Params) {}, valid: true},
		{name: "requirement of one nsesh", change: func(p *types.Params) { p.StakingRequirement = math.OneInt() }, valid: true},
		{name: "zero requirement", change: func(p *types.Params) { p.StakingRequirement = math.ZeroInt() }},
		{name: "negative requirement", change: func(p *types.Params) { p.StakingRequirement = math.NewInt(-1) }},
		{name: "nil requirement", change: func(p *types.Params) { p.StakingRequirement = math.Int{} }},
		{name: "one contributor", change: func(p *types.Params) { p.MaxContributors = 1 }, valid: true},
		{name: "contributors at the limit", change: func(p *types.Params) { p.MaxContributors = types.MaxContributorsLimit }, valid: true},
		{name: "no contributor", change: func(p *types.Params) { p.MaxContributors = 0 }},
		{name: "contributors over the limit", change: func(p *types.Params) { p.MaxContributors = types.MaxContributorsLimit + 1 }},
		{name: "operator stake 100%", change: func(p *types.Params) { p.MinOperatorStakeBps = 10_000 }, valid: true},
		{name: "operator stake over 100%", change: func(p *types.Params) { p.MinOperatorStakeBps = 10_001 }},
		{name: "small contributor over 100%", change: func(p *types.Params) { p.SmallContributorBps = 10_001 }},
		{name: "penalty 100%", change: func(p *types.Params) { p.DeregistrationPenaltyBps = 10_000 }, valid: true},
		{name: "penalty over 100%", change: func(p *types.Params) { p.DeregistrationPenaltyBps = 10_001 }},
		{name: "zero delays", change: func(p *types.Params) {
			p.SmallContributorLock, p.UnlockDelay, p.WithdrawDelay, p.DeregistrationLock = 0, 0, 0, 0
		}, valid: true},
		{name: "delay at the cap", change: func(p *types.Params) { p.UnlockDelay = types.MaxDuration }, valid: true},
		{name: "negative small contributor lock", change: func(p *types.Params) { p.SmallContributorLock = -time.Nanosecond }},
		{name: "negative unlock delay", change: func(p *types.Params) { p.UnlockDelay = -time.Second }},
		{name: "withdraw delay over the cap", change: func(p *types.Params) { p.WithdrawDelay = types.MaxDuration + time.Nanosecond }},
		{name: "deregistration lock over the cap", change: func(p *types.Params) { p.DeregistrationLock = types.MaxDuration + time.Hour }},
		{name: "no exit per block", change: func(p *types.Params) { p.MaxExitsPerBlock = 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.change(&p)
			err := p.Validate()
			if tc.valid {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidParams)
		})
	}
}

func TestDefaultParamsAreTheReferenceNumbers(t *testing.T) {
	p := types.DefaultParams()
	require.Equal(t, "25000000000000", p.StakingRequirement.String())
	require.Equal(t, uint32(10), p.MaxContributors)
	require.Equal(t, uint32(2_500), p.MinOperatorStakeBps)
	require.Equal(t, uint32(2_500), p.SmallContributorBps)
	require.Equal(t, 30*24*time.Hour, p.SmallContributorLock)
	require.Equal(t, 15*24*time.Hour, p.UnlockDelay)
	require.Equal(t, 24*time.Hour, p.WithdrawDelay)
	require.Equal(t, 30*24*time.Hour, p.DeregistrationLock)
	require.Equal(t, uint32(20), p.DeregistrationPenaltyBps)
	require.NoError(t, p.Validate())
}
