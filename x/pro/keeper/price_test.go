package keeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// allFeeders names all four feeders.
func allFeeders(p *types.Params) { p.Feeders = strs(feeders...) }

func (f *fixture) priceNow() keeper.PriceState {
	f.t.Helper()
	s, err := f.k.PriceNow(f.ctx)
	require.NoError(f.t, err)
	return s
}

func TestPriceIsTheMedianOfFreshSubmissions(t *testing.T) {
	tests := []struct {
		name      string
		prices    []string // submitted by feeders[0], feeders[1], … in order
		wantPrice string
		wantQuote int64 // plan 1, $4.99
	}{
		{"1 feeder", []string{"0.25"}, "0.25", 19_960_000_000},
		{"2 feeders: mean of both", []string{"0.30", "0.25"}, "0.275", 18_145_454_546},
		{"3 feeders: the middle one", []string{"0.40", "0.10", "0.20"}, "0.20", 24_950_000_000},
		{"4 feeders: mean of the middle two", []string{"0.50", "0.10", "0.40", "0.20"}, "0.30", 16_633_333_334},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t, withParams(allFeeders))
			for i, p := range tc.prices {
				require.NoError(t, f.submitPrice(feeders[i], dec(p)))
			}

			// Act
			state := f.priceNow()
			cost, price, _, err := f.k.Quote(f.ctx, planMonth)

			// Assert
			require.NoError(t, err)
			require.True(t, state.Valid)
			require.Len(t, state.Fresh, len(tc.prices))
			require.Empty(t, state.Stale)
			require.Equal(t, dec(tc.wantPrice).String(), state.Price.String())
			require.Equal(t, dec(tc.wantPrice).String(), price.String())
			require.Equal(t, math.NewInt(tc.wantQuote).String(), cost.String())
		})
	}
}

// A submission is fresh while its age is below max_price_age (1 hour):
// exactly at max_price_age it is stale.
func TestPriceFreshness(t *testing.T) {
	tests := []struct {
		name  string
		age   time.Duration
		fresh bool
	}{
		{"just submitted", 0, true},
		{"1ns before max_price_age", time.Hour - 1, true},
		{"exactly max_price_age", time.Hour, false},
		{"1ns after max_price_age", time.Hour + 1, false},
		{"a day old", types.Day, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			f.setPrice("0.25")

			// Act
			f.advance(tc.age)
			state := f.priceNow()
			_, _, _, err := f.k.Quote(f.ctx, planMonth)

			// Assert
			require.Equal(t, tc.fresh, state.Valid)
			if tc.fresh {
				require.Len(t, state.Fresh, 1)
				require.Empty(t, state.Stale)
				require.NoError(t, err)
				return
			}
			require.Empty(t, state.Fresh)
			require.Len(t, state.Stale, 1)
			require.True(t, state.Price.IsZero())
			require.ErrorIs(t, err, types.ErrNoPrice)
		})
	}
}

func TestPriceIgnoresStaleSubmissions(t *testing.T) {
	// Arrange: feeder 0 at t, feeders 1 and 2 half an hour later.
	f := newFixture(t)
	require.NoError(t, f.submitPrice(feeders[0], dec("0.10")))
	f.advance(30 * time.Minute)
	require.NoError(t, f.submitPrice(feeders[1], dec("0.20")))
	require.NoError(t, f.submitPrice(feeders[2], dec("0.30")))

	// Act: feeder 0's submission is exactly max_price_age old.
	f.advance(30 * time.Minute)
	state := f.priceNow()

	// Assert: the median of 0.20 and 0.30, not of all three (0.20).
	require.True(t, state.Valid)
	require.Equal(t, "0.250000000000000000", state.Price.String())
	require.Len(t, state.Stale, 1)
	require.Equal(t, feeders[0].String(), state.Stale[0].Feeder)
	require.Len(t, state.Fresh, 2)
}

func TestTooFewFreshFeedersMeansNoPrice(t *testing.T) {
	// Arrange: two fresh submissions needed, one given.
	f := newFixture(t, withParams(func(p *types.Params) { p.MinFeeders = 2 }))
	require.NoError(t, f.submitPrice(feeders[0], dec("0.25")))
	before := f.snapshot()

	// Act
	state := f.priceNow()
	_, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)

	// Assert
	require.False(t, state.Valid)
	require.Len(t, state.Fresh, 1)
	require.ErrorIs(t, err, types.ErrNoPrice)
	require.Equal(t, before, f.snapshot())

	// A second feeder makes the price valid and the purchase go through.
	require.NoError(t, f.submitPrice(feeders[1], dec("0.30")))
	cost, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.NoError(t, err)
	require.Equal(t, int64(18_145_454_546), cost.Int64())
}

func TestNoSubmissionsMeansNoPrice(t *testing.T) {
	f := newFixture(t)
	before := f.snapshot()

	_, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)

	require.ErrorIs(t, err, types.ErrNoPrice)
	require.False(t, f.priceNow().Valid)
	require.Equal(t, before, f.snapshot())
}

func TestRemovedFeedersSubmissionIsIgnored(t *testing.T) {
	// Arrange: feeders 0 and 1 submit; the median is 0.20.
	f := newFixture(t)
	require.NoError(t, f.submitPrice(feeders[0], dec("0.10")))
	f.advance(time.Second) // a new update window: the reference follows the median
	require.NoError(t, f.submitPrice(feeders[1], dec("0.30")))
	require.Equal(t, "0.200000000000000000", f.priceNow().Price.String())

	// Act: governance removes feeder 0.
	f.updateParams(func(p *types.Params) { p.Feeders = strs(feeders[1], feeders[2]) })
	state := f.priceNow()

	// Assert: only feeder 1's price counts, and feeder 0 is listed nowhere.
	require.True(t, state.Valid)
	require.Equal(t, "0.300000000000000000", state.Price.String())
	require.Len(t, state.Fresh, 1)
	require.Equal(t, feeders[1].String(), state.Fresh[0].Feeder)
	require.Empty(t, state.Stale)
	require.ErrorIs(t, f.submitPrice(feeders[0], dec("0.10")), types.ErrNotFeeder)
}

func TestSubmitPriceRejected(t *testing.T) {
	tests := []struct {
		name    string
		feeder  string
		price   math.LegacyDec
		wantErr error
	}{
		{"not a feeder", outsider.String(), dec("0.25"), types.ErrNotFeeder},
		{"a feeder not named", feeders[3].String(), dec("0.25"), types.ErrNotFeeder},
		{"a processor", processors[0].String(), dec("0.25"), types.ErrNotFeeder},
		{"zero", feeders[0].String(), math.LegacyZeroDec(), types.ErrInvalidPrice},
		{"negative", feeders[0].String(), dec("-0.25"), types.ErrInvalidPrice},
		{"nil", feeders[0].String(), math.LegacyDec{}, types.ErrInvalidPrice},
		{"above max_price_usd", feeders[0].String(), dec("1000000.000000000000000001"), types.ErrInvalidPrice},
		{"malformed feeder", "session1feeder", dec("0.25"), types.ErrInvalidAddress},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			f.setPrice("0.25")
			f.advance(time.Minute)
			before := f.snapshot()

			// Act
			err := f.deliver(func(ctx context.Context) error {
				_, err := f.msgs.SubmitPrice(ctx, &types.MsgSubmitPrice{Feeder: tc.feeder, Price: tc.price})
				return err
			})

			// Assert
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}

func TestSubmitPriceBound(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.MaxPriceUsd, p.PriceCeiling = 5, dec("5") }))

	require.ErrorIs(t, f.submitPrice(feeders[0], dec("5.000000000000000001")), types.ErrInvalidPrice)
	require.NoError(t, f.submitPrice(feeders[0], dec("5")))
	require.NoError(t, f.submitPrice(feeders[1], math.LegacySmallestDec()))
}

func TestSubmitPriceReplacesTheFeedersLast(t *testing.T) {
	// Arrange
	f := newFixture(t)
	f.setPrice("0.25")
	f.advance(50 * time.Minute)

	// Act
	f.setPrice("0.125")

	// Assert: one submission, the new price, dated now; still fresh an hour after the first.
	state := f.priceNow()
	require.Len(t, state.Fresh, 1)
	require.Equal(t, "0.125000000000000000", state.Fresh[0].Price.String())
	require.Equal(t, f.now(), state.Fresh[0].SubmittedAt)
	require.Equal(t, []any{&types.EventPriceSubmitted{Feeder: feeders[0].String(), Price: dec("0.125"), SourceTime: f.now()}}, eventsAny(f))
	f.advance(30 * time.Minute)
	require.True(t, f.priceNow().Valid)
}
