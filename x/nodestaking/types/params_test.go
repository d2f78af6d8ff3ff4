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

func TestDefaultLivenessParamsAreTheReferenceNumbers(t *testing.T) {
	p := types.DefaultParams()
	require.Equal(t, time.Hour, p.UptimeProofInterval)
	require.Equal(t, 2*time.Hour+10*time.Minute, p.UptimeProofTimeout)
	require.Equal(t, time.Hour, p.TestingPeriod)
	require.Equal(t, uint32(10), p.QuorumSize)
	require.Equal(t, uint32(7), p.QuorumThreshold)
	require.Equal(t, 2*time.Hour, p.InitialCredit)
	require.Equal(t, 48*time.Minute, p.CreditPerDay)
	require.Equal(t, 48*time.Hour, p.MaxCredit)
	require.Equal(t, 2*time.Hour, p.MinDecommissionCredit)
	require.Equal(t, uint32(2), p.RecommissionPenalty)
	require.Equal(t, uint32(100), p.MaxLivenessPerBlock)
	require.Equal(t, 20*time.Minute, p.MissedVotePenalty)
	require.Equal(t, 20*time.Minute, p.MissedSharePenalty)
	require.Equal(t, uint32(4), p.MaxMissedVotes)
	require.Equal(t, uint32(4), p.MaxFreeVotesPerBlock)
}

func TestParamsValidateLiveness(t *testing.T) {
	tests := []struct {
		name   string
		change func(*types.Params)
		valid  bool
	}{
		{name: "proof interval equal to the timeout", change: func(p *types.Params) { p.UptimeProofInterval = p.UptimeProofTimeout }, valid: true},
		{name: "no proof interval", change: func(p *types.Params) { p.UptimeProofInterval = 0 }, valid: true},
		{name: "proof interval above the timeout", change: func(p *types.Params) { p.UptimeProofInterval = p.UptimeProofTimeout + 1 }},
		{name: "negative proof interval", change: func(p *types.Params) { p.UptimeProofInterval = -time.Second }},
		{name: "timeout of a second, halts off", change: func(p *types.Params) {
			p.UptimeProofInterval, p.UptimeProofTimeout, p.HaltThreshold = time.Second, time.Second, 0
		}, valid: true},
		{name: "timeout of a second, halts over 10 minutes", change: func(p *types.Params) { p.UptimeProofInterval, p.UptimeProofTimeout = time.Second, time.Second }},
		{name: "halt threshold of a second", change: func(p *types.Params) { p.HaltThreshold = time.Second }, valid: true},
		{name: "halt threshold under a second", change: func(p *types.Params) { p.HaltThreshold = time.Second - 1 }},
		{name: "negative halt threshold", change: func(p *types.Params) { p.HaltThreshold = -time.Minute }},
		{name: "halt threshold just below the timeout", change: func(p *types.Params) { p.HaltThreshold = p.UptimeProofTimeout - 1 }, valid: true},
		{name: "halt threshold at the timeout", change: func(p *types.Params) { p.HaltThreshold = p.UptimeProofTimeout }},
		{name: "timeout under a second", change: func(p *types.Params) { p.UptimeProofInterval, p.UptimeProofTimeout = 0, time.Second-1 }},
		{name: "timeout at the cap", change: func(p *types.Params) { p.UptimeProofTimeout = types.MaxDuration }, valid: true},
		{name: "timeout over the cap", change: func(p *types.Params) { p.UptimeProofTimeout = types.MaxDuration + 1 }},
		{name: "testing period of a second", change: func(p *types.Params) { p.TestingPeriod = time.Second }, valid: true},
		{name: "testing period under a second", change: func(p *types.Params) { p.TestingPeriod = time.Millisecond }},
		{name: "no testing period", change: func(p *types.Params) { p.TestingPeriod = 0 }},
		{name: "testing period over the cap", change: func(p *types.Params) { p.TestingPeriod = types.MaxDuration + 1 }},
		{name: "quorum of one", change: func(p *types.Params) { p.QuorumSize, p.QuorumThreshold = 1, 1 }, valid: true},
		{name: "quorum at the cap", change: func(p *types.Params) { p.QuorumSize = types.MaxQuorumSize }, valid: true},
		{name: "no quorum", change: func(p *types.Params) { p.QuorumSize = 0 }},
		{name: "quorum over the cap", change: func(p *types.Params) { p.QuorumSize = types.MaxQuorumSize + 1 }},
		{name: "unanimity", change: func(p *types.Params) { p.QuorumThreshold = p.QuorumSize }, valid: true},
		{name: "threshold above the quorum", change: func(p *types.Params) { p.QuorumThreshold = p.QuorumSize + 1 }},
		{name: "no threshold", change: func(p *types.Params) { p.QuorumThreshold = 0 }},
		{name: "no initial credit", change: func(p *types.Params) { p.InitialCredit = 0 }, valid: true},
		{name: "initial credit at the cap", change: func(p *types.Params) { p.InitialCredit = p.MaxCredit }, valid: true},
		{name: "initial credit above the cap", change: func(p *types.Params) { p.InitialCredit = p.MaxCredit + 1 }},
		{name: "negative initial credit", change: func(p *types.Params) { p.InitialCredit = -1 }},
		{name: "no credit per day", change: func(p *types.Params) { p.CreditPerDay = 0 }, valid: true},
		{name: "negative credit per day", change: func(p *types.Params) { p.CreditPerDay = -time.Minute }},
		{name: "credit per day over the cap", change: func(p *types.Params) { p.CreditPerDay = types.MaxDuration + 1 }},
		{name: "max credit over the cap", change: func(p *types.Params) { p.MaxCredit = types.MaxDuration + 1 }},
		{name: "no minimum credit: every failing node is decommissioned", change: func(p *types.Params) { p.MinDecommissionCredit = 0 }, valid: true},
		{name: "negative minimum credit", change: func(p *types.Params) { p.MinDecommissionCredit = -1 }},
		{name: "minimum credit above the cap: every failing node is deregistered", change: func(p *types.Params) {
			p.MinDecommissionCredit = p.MaxCredit + 1
		}, valid: true},
		{name: "no recommission penalty", change: func(p *types.Params) { p.RecommissionPenalty = 0 }, valid: true},
		{name: "recommission penalty of 100", change: func(p *types.Params) { p.RecommissionPenalty = 100 }, valid: true},
		{name: "recommission penalty over 100", change: func(p *types.Params) { p.RecommissionPenalty = 101 }},
		{name: "missed votes cost nothing and fail no one", change: func(p *types.Params) { p.MissedVotePenalty, p.MaxMissedVotes = 0, 0 }, valid: true},
		{name: "negative missed vote penalty", change: func(p *types.Params) { p.MissedVotePenalty = -time.Second }},
		{name: "missed vote penalty over the cap", change: func(p *types.Params) { p.MissedVotePenalty = types.MaxDuration + 1 }},
		{name: "withheld shares cost nothing", change: func(p *types.Params) { p.MissedSharePenalty = 0 }, valid: true},
		{name: "negative missed share penalty", change: func(p *types.Params) { p.MissedSharePenalty = -time.Second }},
		{name: "missed share penalty over the cap", change: func(p *types.Params) { p.MissedSharePenalty = types.MaxDuration + 1 }},
		{name: "no free votes", change: func(p *types.Params) { p.MaxFreeVotesPerBlock = 0 }, valid: true},
		{name: "free votes at the cap", change: func(p *types.Params) { p.MaxFreeVotesPerBlock = types.MaxFreeVotesPerBlockLimit }, valid: true},
		{name: "free votes over the cap", change: func(p *types.Params) { p.MaxFreeVotesPerBlock = types.MaxFreeVotesPerBlockLimit + 1 }},
		{name: "no liveness work per block", change: func(p *types.Params) { p.MaxLivenessPerBlock = 0 }},
		{name: "one liveness deadline per block", change: func(p *types.Params) { p.MaxLivenessPerBlock = 1 }, valid: true},
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
