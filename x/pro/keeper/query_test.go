package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/header"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

func TestSubscriptionQuery(t *testing.T) {
	// Arrange: key 1 bought a month at genesis, key 2 a year.
	f := newFixture(t)
	f.setPrice("0.25")
	for _, b := range []struct {
		key  string
		plan uint32
	}{{sessionKey(1), planMonth}, {sessionKey(2), planYear}} {
		_, err := f.subscribe(payers[0], b.key, b.plan, startingBalance)
		require.NoError(t, err)
	}
	tests := []struct {
		name       string
		at         time.Duration
		key        string
		wantActive bool
		wantExpiry time.Time
		wantErr    error
	}{
		{"active", 29 * types.Day, sessionKey(1), true, genesisTime.Add(month), nil},
		{"asked in uppercase", 0, strings.ToUpper(sessionKey(1)), true, genesisTime.Add(month), nil},
		{"1ns before expiry", month - 1, sessionKey(1), true, genesisTime.Add(month), nil},
		{"at expiry: inactive", month, sessionKey(1), false, genesisTime.Add(month), nil},
		{"expired", 31 * types.Day, sessionKey(1), false, genesisTime.Add(month), nil},
		{"another key still active", 31 * types.Day, sessionKey(2), true, genesisTime.Add(year), nil},
		{"never subscribed: inactive, not an error", 0, sessionKey(9), false, time.Time{}, nil},
		{"malformed key", 0, "abc", false, time.Time{}, types.ErrInvalidSessionKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := f.ctx.WithHeaderInfo(header.Info{Height: 2, Time: genesisTime.Add(tc.at)})

			res, err := f.queries.Subscription(ctx, &types.QuerySubscriptionRequest{SessionPubkey: tc.key})

			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantActive, res.Active)
			require.Equal(t, strings.ToLower(tc.key), res.Subscription.SessionPubkey)
			require.True(t, tc.wantExpiry.Equal(res.Subscription.Expiry), "expiry %s", res.Subscription.Expiry)
		})
	}
	_, err := f.queries.Subscription(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestQuoteQuery(t *testing.T) {
	f := newFixture(t)
	_, err := f.queries.Quote(f.ctx, &types.QueryQuoteRequest{PlanId: planMonth})
	require.ErrorIs(t, err, types.ErrNoPrice, "no price yet")

	f.setPrice("0.35")
	res, err := f.queries.Quote(f.ctx, &types.QueryQuoteRequest{PlanId: planQuarter})

	require.NoError(t, err)
	require.Equal(t, "37114285715", res.Amount.String())
	require.Equal(t, "0.350000000000000000", res.Price.String())
	require.Equal(t, fixturePlans()[1], res.Plan)
	_, err = f.queries.Quote(f.ctx, &types.QueryQuoteRequest{PlanId: 4})
	require.ErrorIs(t, err, types.ErrUnknownPlan)
	_, err = f.queries.Quote(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

func TestPriceQuery(t *testing.T) {
	// Arrange: feeder 0 at t, feeder 1 at t+20m, feeder 2 at t+40m; asked at t+65m.
	f := newFixture(t)
	empty, err := f.queries.Price(f.ctx, &types.QueryPriceRequest{})
	require.NoError(t, err)
	require.Equal(t, &types.QueryPriceResponse{
		Price: math.LegacyZeroDec(), Fresh: []types.PriceSubmission{}, Stale: []types.PriceSubmission{},
		Health: types.PRICE_HEALTH_STALE, Reason: "0 of 3 feeders have a source younger than 1h0m0s, 1 are needed",
		Median: math.LegacyZeroDec(), Lowest: math.LegacySmallestDec(), Highest: dec("1000000"),
		Inputs: []types.PriceInput{}, BlockTime: genesisTime,
	}, empty)
	require.NoError(t, f.submitPrice(feeders[0], dec("0.10")))
	f.advance(20 * time.Minute)
	require.NoError(t, f.submitPrice(feeders[1], dec("0.20")))
	f.advance(20 * time.Minute)
	require.NoError(t, f.submitPrice(feeders[2], dec("0.40")))
	f.advance(25 * time.Minute)

	// Act
	res, err := f.queries.Price(f.ctx, &types.QueryPriceRequest{})

	// Assert
	require.NoError(t, err)
	require.True(t, res.Valid)
	require.Equal(t, "0.300000000000000000", res.Price.String())
	at := func(d time.Duration) time.Time { return genesisTime.Add(d) }
	require.Equal(t, []types.PriceSubmission{{Feeder: feeders[0].String(), Price: dec("0.10"), SubmittedAt: genesisTime, SourceTime: genesisTime}}, res.Stale)
	require.ElementsMatch(t, []types.PriceSubmission{
		{Feeder: feeders[1].String(), Price: dec("0.20"), SubmittedAt: at(20 * time.Minute), SourceTime: at(20 * time.Minute)},
		{Feeder: feeders[2].String(), Price: dec("0.40"), SubmittedAt: at(40 * time.Minute), SourceTime: at(40 * time.Minute)},
	}, res.Fresh)
	require.NotNil(t, res.OldestFresh)
	require.Equal(t, at(20*time.Minute), *res.OldestFresh)
	require.Equal(t, types.PRICE_HEALTH_HEALTHY, res.Health)
	require.Empty(t, res.Reason)
	require.Equal(t, at(65*time.Minute), res.BlockTime)
	require.ElementsMatch(t, []types.PriceInput{
		{Feeder: feeders[0].String(), Price: dec("0.10"), SourceTime: genesisTime, SubmittedAt: genesisTime, Age: 65 * time.Minute},
		{Feeder: feeders[1].String(), Price: dec("0.20"), SourceTime: at(20 * time.Minute), SubmittedAt: at(20 * time.Minute), Age: 45 * time.Minute, Fresh: true},
		{Feeder: feeders[2].String(), Price: dec("0.40"), SourceTime: at(40 * time.Minute), SubmittedAt: at(40 * time.Minute), Age: 25 * time.Minute, Fresh: true},
	}, res.Inputs)

	// Everything stale: not valid, no oldest fresh.
	f.advance(time.Hour)
	res, err = f.queries.Price(f.ctx, &types.QueryPriceRequest{})
	require.NoError(t, err)
	require.False(t, res.Valid)
	require.True(t, res.Price.IsZero())
	require.Len(t, res.Stale, 3)
	require.Empty(t, res.Fresh)
	require.Nil(t, res.OldestFresh)
}

func TestPlansQuery(t *testing.T) {
	f := newFixture(t)

	res, err := f.queries.Plans(f.ctx, &types.QueryPlansRequest{})

	require.NoError(t, err)
	require.Equal(t, fixturePlans(), res.Plans)
}

func TestRevenueQuery(t *testing.T) {
	// Arrange
	f := newFixture(t)
	res, err := f.queries.Revenue(f.ctx, &types.QueryRevenueRequest{})
	require.NoError(t, err)
	require.True(t, res.Revenue.ToPool.IsZero())
	require.True(t, res.Revenue.ToLiquidity.IsZero())
	require.Zero(t, res.Revenue.Purchases)
	require.True(t, res.LiquidityBalance.IsZero())

	f.setPrice("0.25")
	_, err = f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance) // 19,960,000,000
	require.NoError(t, err)
	require.NoError(t, f.record(processors[0], "r-1", sessionKey(2), planYear, 99)) // 89 + 10
	f.endBlock()
	require.NoError(t, f.spend(&types.MsgSpendProtocolLiquidity{
		Authority: f.authority, Recipient: testAddr(50).String(), Amount: coin(math.NewInt(6)),
	}))

	// Act
	res, err = f.queries.Revenue(f.ctx, &types.QueryRevenueRequest{})

	// Assert: totals count what came in; the balance is what is left.
	require.NoError(t, err)
	require.Equal(t, "17964000089", res.Revenue.ToPool.String())
	require.Equal(t, "1996000010", res.Revenue.ToLiquidity.String())
	require.Equal(t, uint64(2), res.Revenue.Purchases)
	require.Equal(t, "1996000004", res.LiquidityBalance.String())
}
