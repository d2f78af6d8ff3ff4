package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// health returns the PriceHealth query's answer.
func (f *fixture) health() *types.QueryPriceHealthResponse {
	f.t.Helper()
	res, err := f.queries.PriceHealth(f.ctx, &types.QueryPriceHealthRequest{})
	require.NoError(f.t, err)
	return res
}

// feedAll has the first n feeders submit price read now.
func (f *fixture) feedAll(n int, price string) {
	f.t.Helper()
	for _, feeder := range feeders[:n] {
		require.NoError(f.t, f.submitPrice(feeder, dec(price)))
	}
}

func TestSubmitPriceSourceTimeRejected(t *testing.T) {
	tests := []struct {
		name   string
		source func(now time.Time) time.Time
	}{
		{"missing", func(time.Time) time.Time { return time.Time{} }},
		{"the Unix epoch", func(time.Time) time.Time { return time.Unix(0, 0).UTC() }},
		{"1ns in the future", func(now time.Time) time.Time { return now.Add(1) }},
		{"an hour in the future", func(now time.Time) time.Time { return now.Add(time.Hour) }},
		{"1ns older than max_source_delay", func(now time.Time) time.Time { return now.Add(-types.DefaultMaxSourceDelay - 1) }},
		{"a day old", func(now time.Time) time.Time { return now.Add(-types.Day) }},
		{"the same as the previous", func(now time.Time) time.Time { return now.Add(-time.Minute) }},
		{"older than the previous", func(now time.Time) time.Time { return now.Add(-2 * time.Minute) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange: feeder 0's previous submission was read a minute ago.
			f := newFixture(t, withPriceDefaults())
			f.feedAll(3, "0.05")
			f.advance(time.Minute)
			before := f.snapshot()

			// Act
			err := f.submitPriceAt(feeders[0], dec("0.051"), tc.source(f.now()))

			// Assert
			require.ErrorIs(t, err, types.ErrSourceTime)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}

func TestSubmitPriceSourceTimeAccepted(t *testing.T) {
	tests := []struct {
		name    string
		prevAge time.Duration // of the feeder's previous submission
		source  func(now time.Time) time.Time
	}{
		{"the block time", time.Hour, func(now time.Time) time.Time { return now }},
		{"exactly max_source_delay old", time.Hour, func(now time.Time) time.Time { return now.Add(-types.DefaultMaxSourceDelay) }},
		{"1ns after the previous", 10 * time.Minute, func(now time.Time) time.Time { return now.Add(-10*time.Minute + 1) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t, withPriceDefaults())
			f.feedAll(3, "0.05")
			f.advance(tc.prevAge)
			source := tc.source(f.now())

			// Act
			err := f.submitPriceAt(feeders[0], dec("0.051"), source)

			// Assert: stored with both times, and announced.
			require.NoError(t, err)
			sub, err := f.k.Prices.Get(f.ctx, feeders[0])
			require.NoError(t, err)
			require.Equal(t, types.PriceSubmission{Feeder: feeders[0].String(), Price: dec("0.051"), SubmittedAt: f.now(), SourceTime: source}, sub)
			require.Equal(t, []any{&types.EventPriceSubmitted{Feeder: feeders[0].String(), Price: dec("0.051"), SourceTime: source}}, eventsAny(f))
		})
	}
}

// Review M-5: with the defaults, one feeder of three cannot move the price,
// and two cannot make a price at all.
func TestOneDishonestFeederCannotSetThePrice(t *testing.T) {
	// Arrange: three feeders at 0.05 USD; plan 1 costs 99.8 SESH.
	f := newFixture(t, withPriceDefaults())
	f.feedAll(3, "0.05")
	f.advance(time.Minute)

	// Act: one of them posts a million USD per SESH.
	require.NoError(t, f.submitPrice(feeders[0], dec("1000000")))
	cost, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)

	// Assert: the median is an honest price.
	require.NoError(t, err)
	require.Equal(t, int64(99_800_000_000), cost.Int64())
	require.Equal(t, "0.050000000000000000", f.priceNow().Price.String())

	// With one honest submission gone stale, two fresh ones make no price:
	// their mean would be the dishonest feeder's half.
	f.advance(50 * time.Minute)
	require.NoError(t, f.submitPrice(feeders[0], dec("1000000")))
	require.NoError(t, f.submitPrice(feeders[1], dec("0.05")))
	f.advance(10 * time.Minute) // feeder 2's submission is an hour old
	before := f.snapshot()
	_, err = f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.ErrorIs(t, err, types.ErrNoPrice)
	require.Equal(t, before, f.snapshot())
	require.Equal(t, types.PRICE_HEALTH_STALE, f.health().Health)
}

func TestPriceHealth(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(f *fixture)
		wantHealth types.PriceHealth
		wantErr    error
	}{
		{
			name:       "three fresh feeders agree",
			setup:      func(f *fixture) { f.feedAll(3, "0.05") },
			wantHealth: types.PRICE_HEALTH_HEALTHY,
		},
		{
			name: "governance names two feeders",
			setup: func(f *fixture) {
				f.updateParams(func(p *types.Params) { p.Feeders = strs(feeders[:2]...) })
				f.feedAll(2, "0.05")
			},
			wantHealth: types.PRICE_HEALTH_TOO_FEW_FEEDERS, wantErr: types.ErrNoPrice,
		},
		{
			name:       "no submission",
			setup:      func(*fixture) {},
			wantHealth: types.PRICE_HEALTH_STALE, wantErr: types.ErrNoPrice,
		},
		{
			name: "every source an hour old",
			setup: func(f *fixture) {
				f.feedAll(3, "0.05")
				f.advance(time.Hour)
			},
			wantHealth: types.PRICE_HEALTH_STALE, wantErr: types.ErrNoPrice,
		},
		{
			name: "a silent feeder",
			setup: func(f *fixture) {
				f.feedAll(3, "0.05")
				f.advance(40 * time.Minute)
				f.feedAll(2, "0.05")
				f.advance(20 * time.Minute)
			},
			wantHealth: types.PRICE_HEALTH_STALE, wantErr: types.ErrNoPrice,
		},
		{
			name:       "below the floor",
			setup:      func(f *fixture) { f.feedAll(3, "0.000999999999999999") },
			wantHealth: types.PRICE_HEALTH_OUT_OF_BAND, wantErr: types.ErrPriceUnhealthy,
		},
		{
			name:       "above the ceiling",
			setup:      func(f *fixture) { f.feedAll(3, "10.000000000000000001") },
			wantHealth: types.PRICE_HEALTH_OUT_OF_BAND, wantErr: types.ErrPriceUnhealthy,
		},
		{
			name: "moved more than 10% within the window",
			setup: func(f *fixture) {
				f.feedAll(3, "0.05")
				f.advance(10 * time.Minute)
				f.feedAll(3, "0.055000000000000001")
			},
			wantHealth: types.PRICE_HEALTH_DEVIATION, wantErr: types.ErrPriceUnhealthy,
		},
		{
			name: "moved exactly 10% within the window",
			setup: func(f *fixture) {
				f.feedAll(3, "0.05")
				f.advance(10 * time.Minute)
				f.feedAll(3, "0.045")
			},
			wantHealth: types.PRICE_HEALTH_HEALTHY,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t, withPriceDefaults())
			tc.setup(f)
			before := f.snapshot()

			// Act
			health := f.health()
			_, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)

			// Assert
			require.Equal(t, tc.wantHealth, health.Health)
			require.Equal(t, tc.wantErr == nil, health.Healthy)
			require.Equal(t, tc.wantErr == nil, health.Reason == "", health.Reason)
			require.Equal(t, uint32(3), health.MinFeeders)
			require.Equal(t, f.now(), health.BlockTime)
			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			_, _, _, quoteErr := f.k.Quote(f.ctx, planMonth)
			require.ErrorIs(t, quoteErr, tc.wantErr)
		})
	}
}

// A move larger than max_price_change_bps reaches the price only by
// persisting: the reference moves at most 10% per hourly window, and
// purchases wait meanwhile.
func TestLargeMoveNeedsToPersist(t *testing.T) {
	// Arrange: 0.05 USD in force; then the market goes to 0.08 USD.
	f := newFixture(t, withPriceDefaults())
	f.feedAll(3, "0.05")
	f.advance(time.Minute)
	f.feedAll(3, "0.08")

	// Act and assert: each hour's first submission moves the reference 10%:
	// 0.055, 0.0605, 0.06655, 0.073205; from 0.073205 the allowed move
	// reaches 0.0805255, so 0.08 is healthy in the fourth window.
	wantRefs := []string{"0.055", "0.0605", "0.06655", "0.073205"}
	for i, want := range wantRefs {
		require.Equal(t, types.PRICE_HEALTH_DEVIATION, f.health().Health, "window %d", i)
		_, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
		require.ErrorIs(t, err, types.ErrPriceUnhealthy)
		f.advance(time.Hour)
		f.feedAll(3, "0.08")
		ref, err := f.k.PriceReference.Get(f.ctx)
		require.NoError(t, err)
		require.Equal(t, dec(want).String(), ref.Price.String(), "window %d", i)
		require.Equal(t, f.now(), ref.Since)
	}
	require.Equal(t, types.PRICE_HEALTH_HEALTHY, f.health().Health)
	cost, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.NoError(t, err)
	require.Equal(t, int64(62_375_000_000), cost.Int64()) // 4.99 / 0.08
}

// Within a window the reference stays where the window began, however many
// submissions arrive: moves of 10% each cannot compound.
func TestReferenceMovesOncePerWindow(t *testing.T) {
	f := newFixture(t, withPriceDefaults())
	f.feedAll(3, "0.05")
	for range 5 {
		f.advance(5 * time.Minute)
		f.feedAll(3, "0.055")
	}
	ref, err := f.k.PriceReference.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, dec("0.05").String(), ref.Price.String())
	require.Equal(t, genesisTime, ref.Since)

	f.advance(5 * time.Minute)
	f.feedAll(3, "0.0605")
	require.Equal(t, types.PRICE_HEALTH_DEVIATION, f.health().Health)
}

func TestPriceQueryShowsHealthAndBounds(t *testing.T) {
	f := newFixture(t, withPriceDefaults())
	f.feedAll(3, "0.05")
	f.advance(10 * time.Minute)
	require.NoError(t, f.submitPrice(feeders[0], dec("0.07")))
	require.NoError(t, f.submitPrice(feeders[1], dec("0.07")))

	res, err := f.queries.Price(f.ctx, &types.QueryPriceRequest{})

	require.NoError(t, err)
	require.False(t, res.Valid)
	require.True(t, res.Price.IsZero())
	require.Equal(t, types.PRICE_HEALTH_DEVIATION, res.Health)
	require.Contains(t, res.Reason, "moved more than 1000 bps")
	require.Equal(t, "0.070000000000000000", res.Median.String())
	require.Equal(t, &types.PriceReference{Price: dec("0.05"), Since: genesisTime}, res.Reference)
	require.Equal(t, "0.045000000000000000", res.Lowest.String())
	require.Equal(t, "0.055000000000000000", res.Highest.String())
	require.Len(t, res.Inputs, 3)
	for _, in := range res.Inputs {
		require.True(t, in.Fresh)
		require.Equal(t, res.BlockTime.Sub(in.SourceTime), in.Age)
	}
}

func TestSubscribeQuoteExpiry(t *testing.T) {
	tests := []struct {
		name    string
		expiry  uint64
		wantErr error
	}{
		{"no expiry", 0, nil},
		{"expires at this block", 5, nil},
		{"expires later", 6, nil},
		{"expired a block ago", 4, types.ErrQuoteExpired},
		{"expired long ago", 1, types.ErrQuoteExpired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange: block 5.
			f := newFixture(t)
			f.setPrice("0.25")
			for range 4 {
				f.advance(time.Second)
			}
			require.Equal(t, int64(5), f.ctx.HeaderInfo().Height)
			before := f.snapshot()

			// Act
			_, err := f.subscribeMsg(&types.MsgSubscribe{
				Payer: payers[0].String(), SessionPubkey: sessionKey(1), PlanId: planMonth,
				MaxAmount: coin(startingBalance), ExpiryHeight: tc.expiry,
			})

			// Assert
			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
		})
	}
}

// The reference price goes through export and import unchanged.
func TestGenesisCarriesThePriceReference(t *testing.T) {
	f := newFixture(t, withPriceDefaults())
	f.feedAll(3, "0.05")
	f.advance(2 * time.Hour)
	f.feedAll(3, "0.052")
	want := &types.PriceReference{Price: dec("0.052"), Since: f.now()}

	g, exported := reimport(t, f)

	require.Equal(t, want, exported.PriceReference)
	ref, err := g.k.PriceReference.Get(g.ctx)
	require.NoError(t, err)
	require.Equal(t, *want, ref)
	require.Equal(t, f.queryAll(), g.queryAll())
}

// An export of a release before consensus version 5 has no source times:
// import takes the submission times.
func TestGenesisWithoutSourceTimes(t *testing.T) {
	gs := types.DefaultGenesis()
	gs.Params.Feeders = strs(feeders[:3]...)
	gs.Params.LiquidityLockedUntil = genesisTime
	for _, feeder := range feeders[:3] {
		gs.Prices = append(gs.Prices, types.PriceSubmission{Feeder: feeder.String(), Price: dec("0.05"), SubmittedAt: genesisTime.Add(-time.Minute)})
	}

	f := newFixture(t, withGenesis(gs))

	for _, feeder := range feeders[:3] {
		sub, err := f.k.Prices.Get(f.ctx, feeder)
		require.NoError(t, err)
		require.Equal(t, genesisTime.Add(-time.Minute), sub.SourceTime)
	}
	require.True(t, f.health().Healthy)
}

func TestMigrate5to6(t *testing.T) {
	// Arrange: a version 5 store: submissions without source times, params
	// without the health fields, no reference.
	f := newFixture(t)
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	p.MinFeeders = 2
	p.MaxSourceDelay, p.PriceWindow, p.MaxPriceChangeBps = 0, 0, 0
	p.PriceFloor, p.PriceCeiling = math.LegacyDec{}, math.LegacyDec{}
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	for i, feeder := range feeders[:3] {
		sub := types.PriceSubmission{Feeder: feeder.String(), Price: dec("0.05"), SubmittedAt: genesisTime.Add(time.Duration(i) * time.Minute)}
		require.NoError(t, f.k.Prices.Set(f.ctx, feeder, sub))
	}
	f.advance(10 * time.Minute)

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate5to6(f.ctx))

	// Assert
	got, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	d := types.DefaultParams()
	require.Equal(t, uint32(2), got.MinFeeders, "governance's choice stays")
	require.Equal(t, d.MaxSourceDelay, got.MaxSourceDelay)
	require.Equal(t, d.PriceWindow, got.PriceWindow)
	require.Equal(t, d.MaxPriceChangeBps, got.MaxPriceChangeBps)
	require.Equal(t, d.PriceFloor.String(), got.PriceFloor.String())
	require.Equal(t, d.PriceCeiling.String(), got.PriceCeiling.String())
	for i, feeder := range feeders[:3] {
		sub, err := f.k.Prices.Get(f.ctx, feeder)
		require.NoError(t, err)
		require.Equal(t, genesisTime.Add(time.Duration(i)*time.Minute), sub.SourceTime)
	}
	ref, err := f.k.PriceReference.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, types.PriceReference{Price: dec("0.05"), Since: f.now()}, ref)
	require.True(t, f.health().Healthy)
}
