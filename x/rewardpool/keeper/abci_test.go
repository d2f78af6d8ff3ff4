package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestBeginBlockerEdgeStates runs BeginBlocker on states at the edges of what
// genesis, params and block times allow. runBlock fails the test on a panic,
// an error or broken conservation; each case also checks what happened.
func TestBeginBlockerEdgeStates(t *testing.T) {
	farBehind := func(maxCatchup uint32) *types.GenesisState {
		gs := types.DefaultGenesis()
		gs.Params.MaxCatchupDays = maxCatchup
		start := genesisTime.Add(-10_000 * day)
		gs.EmissionState = &types.EmissionState{
			Day: 1, DayStart: start, DayEnd: start.Add(day),
			DayStartBalance: sesh(1_000), DayReward: types.DayReward(sesh(1_000), gs.Params.AnnualRate), DayEmitted: math.ZeroInt(),
		}
		gs.Inflows = []types.SourceAmount{{Source: types.SourceGenesis, Amount: sesh(1_000)}}
		return gs
	}
	withDayLength := func(d time.Duration) types.Params {
		p := types.DefaultParams()
		p.DayLength = d
		return p
	}
	hugePool, ok := math.NewIntFromString("1" + strings.Repeat("0", 69))
	require.True(t, ok)

	tests := []struct {
		name   string
		opts   []fixtureOption
		blocks []time.Time
		check  func(t *testing.T, f *fixture, ledger *dayLedger)
	}{
		{
			"10,000 days behind, catch-up limit 30",
			[]fixtureOption{withPool(sesh(1_000)), withGenesis(farBehind(30))},
			[]time.Time{genesisTime, genesisTime.Add(time.Second), genesisTime.Add(2 * time.Second)},
			func(t *testing.T, f *fixture, ledger *dayLedger) {
				require.Equal(t, uint64(1+3*30), f.emission().Day, "30 days settled per block")
			},
		},
		{
			"10,000 days behind, catch-up limit 1000",
			[]fixtureOption{withPool(sesh(1_000)), withGenesis(farBehind(types.MaxCatchupDaysLimit))},
			[]time.Time{genesisTime, genesisTime.Add(time.Second)},
			func(t *testing.T, f *fixture, ledger *dayLedger) {
				require.Equal(t, uint64(1+2*1000), f.emission().Day)
			},
		},
		{
			"block time before the day started",
			nil,
			[]time.Time{genesisTime.Add(-time.Hour), genesisTime.Add(-time.Nanosecond), genesisTime},
			func(t *testing.T, f *fixture, ledger *dayLedger) {
				require.True(t, f.totals().TotalEmitted.IsZero())
				require.True(t, f.emission().DayEmitted.IsZero())
			},
		},
		{
			"shortest day, blocks every 7s",
			[]fixtureOption{withParams(withDayLength(types.MinDayLength))},
			everyInterval(7*time.Second, 2*time.Hour),
			func(t *testing.T, f *fixture, ledger *dayLedger) {
				ledger.check(t, types.DefaultAnnualRate, types.MinDayLength)
				require.Equal(t, 120, len(ledger.days), "the last block, at 1h59m56s, is in day 120")
			},
		},
		{
			"longest day, one block a year",
			[]fixtureOption{withParams(withDayLength(types.MaxDayLength))},
			[]time.Time{genesisTime.Add(365 * day), genesisTime.Add(2 * types.MaxDayLength)},
			func(t *testing.T, f *fixture, ledger *dayLedger) {
				ledger.check(t, types.DefaultAnnualRate, types.MaxDayLength)
				require.Equal(t, 3, len(ledger.days))
			},
		},
		{
			"pool of 10^69 nsesh",
			[]fixtureOption{withPool(hugePool)},
			everyInterval(time.Hour, 3*day),
			func(t *testing.T, f *fixture, ledger *dayLedger) {
				ledger.check(t, types.DefaultAnnualRate, day)
				require.True(t, f.totals().TotalEmitted.Equal(ledger.totalPaid()))
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts...)
			ledger := newDayLedger(f.genesis)

			for _, at := range tc.blocks {
				ledger.add(f.runBlock(at))
			}

			tc.check(t, f, ledger)
		})
	}
}
