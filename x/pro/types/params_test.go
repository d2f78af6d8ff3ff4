package types_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

func TestParamsValidate(t *testing.T) {
	const year = 365 * types.Day
	tests := []struct {
		name    string
		modify  func(p *types.Params)
		wantErr error
	}{
		{"defaults", func(*types.Params) {}, nil},
		{"feeders and processors", func(p *types.Params) {
			p.Feeders = []string{testAddr(1), testAddr(2)}
			p.Processors = []string{testAddr(3)}
		}, nil},
		{"an account both feeder and processor", func(p *types.Params) {
			p.Feeders = []string{testAddr(1)}
			p.Processors = []string{testAddr(1)}
		}, nil},
		{"no plans", func(p *types.Params) { p.Plans = nil }, nil},
		{"plan id zero", func(p *types.Params) { p.Plans[0].Id = 0 }, types.ErrInvalidParams},
		{"plan id twice", func(p *types.Params) { p.Plans[1].Id = p.Plans[0].Id }, types.ErrInvalidParams},
		{"plan duration zero", func(p *types.Params) { p.Plans[0].Duration = 0 }, types.ErrInvalidParams},
		{"plan duration negative", func(p *types.Params) { p.Plans[0].Duration = -time.Second }, types.ErrInvalidParams},
		{"plan duration 1ns", func(p *types.Params) { p.Plans[0].Duration = 1 }, nil},
		{"plan duration 10 years", func(p *types.Params) { p.Plans[0].Duration = 10 * year }, nil},
		{"plan duration over 10 years", func(p *types.Params) { p.Plans[0].Duration = 10*year + 1 }, types.ErrInvalidParams},
		{"plan price zero", func(p *types.Params) { p.Plans[2].PriceUsd = 0 }, types.ErrInvalidParams},
		{"feeder malformed", func(p *types.Params) { p.Feeders = []string{"session1xyz"} }, types.ErrInvalidParams},
		{"feeder empty", func(p *types.Params) { p.Feeders = []string{""} }, types.ErrInvalidParams},
		{"feeder of another chain", func(p *types.Params) { p.Feeders = []string{otherPrefixAddr(1)} }, types.ErrInvalidParams},
		{"feeder twice", func(p *types.Params) { p.Feeders = []string{testAddr(1), testAddr(1)} }, types.ErrInvalidParams},
		// IsFeeder and IsProcessor compare strings: a feeder named in another
		// form than the lowercase one signers use would never be recognised.
		{"feeder in uppercase", func(p *types.Params) { p.Feeders = []string{strings.ToUpper(testAddr(1))} }, types.ErrInvalidParams},
		{"feeder twice, in two cases", func(p *types.Params) {
			p.Feeders = []string{testAddr(1), strings.ToUpper(testAddr(1))}
		}, types.ErrInvalidParams},
		{"processor in uppercase", func(p *types.Params) { p.Processors = []string{strings.ToUpper(testAddr(2))} }, types.ErrInvalidParams},
		{"processor malformed", func(p *types.Params) { p.Processors = []string{"nope"} }, types.ErrInvalidParams},
		{"processor twice", func(p *types.Params) { p.Processors = []string{testAddr(2), testAddr(2)} }, types.ErrInvalidParams},
		{"min_feeders zero", func(p *types.Params) { p.MinFeeders = 0 }, types.ErrInvalidParams},
		{"min_feeders above the feeder count", func(p *types.Params) { p.MinFeeders = 5 }, nil},
		{"max_price_age zero", func(p *types.Params) { p.MaxPriceAge = 0 }, types.ErrInvalidParams},
		{"max_price_age negative", func(p *types.Params) { p.MaxPriceAge = -time.Minute }, types.ErrInvalidParams},
		{"max_price_age a year", func(p *types.Params) { p.MaxPriceAge = year }, nil},
		{"max_price_age over a year", func(p *types.Params) { p.MaxPriceAge = year + 1 }, types.ErrInvalidParams},
		{"max_price_usd zero", func(p *types.Params) { p.MaxPriceUsd = 0 }, types.ErrInvalidParams},
		{"max_price_usd 10^9", func(p *types.Params) { p.MaxPriceUsd = 1_000_000_000 }, nil},
		{"max_price_usd over 10^9", func(p *types.Params) { p.MaxPriceUsd = 1_000_000_001 }, types.ErrInvalidParams},
		{"pool_share_bps zero", func(p *types.Params) { p.PoolShareBps = 0 }, nil},
		{"pool_share_bps 100%", func(p *types.Params) { p.PoolShareBps = 10_000 }, nil},
		{"pool_share_bps over 100%", func(p *types.Params) { p.PoolShareBps = 10_001 }, types.ErrInvalidParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.modify(&p)

			err := p.Validate()

			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}

func TestDefaultParams(t *testing.T) {
	p := types.DefaultParams()

	require.NoError(t, p.Validate())
	require.Equal(t, uint32(9_000), p.PoolShareBps)
	require.Empty(t, p.Feeders)
	require.Empty(t, p.Processors)
	durations := map[uint32]time.Duration{}
	for _, plan := range p.Plans {
		durations[plan.Id] = plan.Duration
	}
	require.Equal(t, map[uint32]time.Duration{1: 30 * types.Day, 2: 90 * types.Day, 3: 365 * types.Day}, durations)
}

func TestParamsPlanAndRoles(t *testing.T) {
	p := types.DefaultParams()
	p.Feeders = []string{testAddr(1)}
	p.Processors = []string{testAddr(2)}

	plan, err := p.Plan(2)
	require.NoError(t, err)
	require.Equal(t, 90*types.Day, plan.Duration)
	_, err = p.Plan(4)
	require.ErrorIs(t, err, types.ErrUnknownPlan)
	_, err = p.Plan(0)
	require.ErrorIs(t, err, types.ErrUnknownPlan)

	require.True(t, p.IsFeeder(testAddr(1)))
	require.False(t, p.IsFeeder(testAddr(2)))
	require.True(t, p.IsProcessor(testAddr(2)))
	require.False(t, p.IsProcessor(testAddr(1)))
}
