package types_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

func TestParamsValidate(t *testing.T) {
	require.NoError(t, types.DefaultParams().Validate())
	tests := []struct {
		name   string
		modify func(p *types.Params)
	}{
		{"no term", func(p *types.Params) { p.Terms = nil }},
		{"a term of 3 years", func(p *types.Params) { p.Terms[0].Years = 3 }},
		{"a term twice", func(p *types.Params) { p.Terms[1].Years = 1 }},
		{"a free term", func(p *types.Params) { p.Terms[0].PriceUsd = 0 }},
		{"a term over $1M", func(p *types.Params) { p.Terms[0].PriceUsd = types.MaxPriceUSD + 1 }},
		{"tiers out of order", func(p *types.Params) { p.LengthTiers[0].MaxLength = 4 }},
		{"a tier of 0 characters", func(p *types.Params) { p.LengthTiers[0].MaxLength = 0 }},
		{"a tier over 64 characters", func(p *types.Params) { p.LengthTiers[2].MaxLength = 65 }},
		{"a zero multiplier", func(p *types.Params) { p.LengthTiers[0].MultiplierBps = 0 }},
		{"a multiplier over 100x", func(p *types.Params) { p.LengthTiers[0].MultiplierBps = types.MaxMultiplierBps + 1 }},
		{"a negative grace period", func(p *types.Params) { p.GracePeriod = -time.Second }},
		{"a grace period over a year", func(p *types.Params) { p.GracePeriod = types.Year + 1 }},
		{"a premium over $10M", func(p *types.Params) { p.PremiumStartUsd = types.MaxPremiumUSD + 1 }},
		{"a premium over a year", func(p *types.Params) { p.PremiumDays = types.MaxPremiumDays + 1 }},
		{"a transfer fee over $1M", func(p *types.Params) { p.TransferFeeUsd = types.MaxPriceUSD + 1 }},
		{"a market fee over 100%", func(p *types.Params) { p.MarketFeeBps = types.BasisPoints + 1 }},
		{"a pool share over 100%", func(p *types.Params) { p.PoolShareBps = types.BasisPoints + 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.modify(&p)
			require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
		})
	}
}

func TestPriceUSD(t *testing.T) {
	p := types.DefaultParams()
	tests := []struct {
		length, years uint32
		want          uint64
	}{
		{1, 1, 50_000_000}, {3, 1, 50_000_000}, {4, 1, 20_000_000}, {5, 1, 10_000_000}, {6, 1, 5_000_000}, {64, 1, 5_000_000},
		{3, 10, 350_000_000}, {6, 2, 9_000_000}, {6, 5, 20_000_000}, {6, 10, 35_000_000},
	}
	for _, tc := range tests {
		got, err := p.PriceUSD(tc.length, tc.years)
		require.NoError(t, err)
		require.Equal(t, tc.want, got, "%d characters, %d years", tc.length, tc.years)
	}
	_, err := p.PriceUSD(6, 3)
	require.ErrorIs(t, err, types.ErrInvalidTerm)

	// A multiplier that leaves a fraction of a micro-dollar rounds up.
	p.LengthTiers = []types.LengthTier{{MaxLength: 64, MultiplierBps: 3}}
	p.Terms = []types.Term{{Years: 1, PriceUsd: 1}}
	got, err := p.PriceUSD(6, 1)
	require.NoError(t, err)
	require.Equal(t, uint64(1), got)
	// The largest price the params allow fits.
	p.Terms[0].PriceUsd, p.LengthTiers[0].MultiplierBps = types.MaxPriceUSD, types.MaxMultiplierBps
	got, err = p.PriceUSD(6, 1)
	require.NoError(t, err)
	require.Equal(t, types.MaxPriceUSD*100, got)
}

func TestStatusAt(t *testing.T) {
	p := types.DefaultParams()
	expiry := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	require.Equal(t, types.NAME_STATUS_ACTIVE, p.StatusAt(expiry, expiry.Add(-1)))
	require.Equal(t, types.NAME_STATUS_GRACE, p.StatusAt(expiry, expiry))
	require.Equal(t, types.NAME_STATUS_GRACE, p.StatusAt(expiry, expiry.Add(p.GracePeriod-1)))
	require.Equal(t, types.NAME_STATUS_RELEASED, p.StatusAt(expiry, expiry.Add(p.GracePeriod)))
	require.Equal(t, expiry.Add(p.GracePeriod+21*types.Day), p.RemovalTime(expiry))
	p.GracePeriod = 0
	require.Equal(t, types.NAME_STATUS_RELEASED, p.StatusAt(expiry, expiry), "no grace period")
}

// The premium starts at its start less its end value, halves every day,
// falls linearly within a day, never rises, and is zero at the end.
func TestPremiumDecay(t *testing.T) {
	p := types.DefaultParams() // $10,000 over 21 days
	released := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	start := p.PremiumStartUsd
	end := start >> 21
	tests := []struct {
		after time.Duration
		want  uint64
	}{
		{-time.Second, 0},
		{0, start - end},
		{types.Day / 2, start - start/4 - end},
		{types.Day, start/2 - end},
		{types.Day + types.Day/4, start/2 - start/16 - end},
		{10 * types.Day, start>>10 - end},
		{21*types.Day - 1, 1},
		{21 * types.Day, 0},
		{400 * types.Day, 0},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, p.PremiumUSD(released, released.Add(tc.after)), "after %s", tc.after)
	}
	last := p.PremiumUSD(released, released)
	for d := time.Duration(0); d <= 22*types.Day; d += 37 * time.Minute {
		now := p.PremiumUSD(released, released.Add(d))
		require.LessOrEqual(t, now, last, "after %s", d)
		last = now
	}
	p.PremiumDays = 0
	require.Zero(t, p.PremiumUSD(released, released), "no premium days, no premium")
	p.PremiumDays, p.PremiumStartUsd = 21, 0
	require.Zero(t, p.PremiumUSD(released, released))
	p.PremiumStartUsd, p.PremiumDays = types.MaxPremiumUSD, types.MaxPremiumDays
	require.Equal(t, types.MaxPremiumUSD, p.PremiumUSD(released, released), "the end value of 365 halvings is zero")
}
