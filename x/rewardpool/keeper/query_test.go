package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/keeper"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestDayOneOnDefaultPool is the number in docs/architecture.md (Reference
// numbers, Emission): day 1 on 40,000,000 SESH at 15.1% a year pays
// 16,547,945,205,479 nsesh.
func TestDayOneOnDefaultPool(t *testing.T) {
	// Arrange
	want := math.NewInt(16_547_945_205_479)

	// Act
	f := newFixture(t, withPool(sesh(40_000_000)), withGenesis(types.DefaultGenesis()))
	pool, err := f.queries.Pool(f.ctx, &types.QueryPoolRequest{})
	require.NoError(t, err)
	daily, err := f.queries.DailyReward(f.ctx, &types.QueryDailyRewardRequest{})
	require.NoError(t, err)
	params, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)

	// Assert
	require.Equal(t, types.DefaultParams(), params.Params)
	require.True(t, pool.Balance.Equal(sesh(40_000_000)))
	require.Equal(t, types.EmissionState{
		Day:             1,
		DayStart:        genesisTime,
		DayEnd:          genesisTime.Add(day),
		DayStartBalance: sesh(40_000_000),
		DayReward:       want,
		DayEmitted:      math.ZeroInt(),
	}, pool.Emission)
	require.Equal(t, uint64(1), daily.Day)
	require.True(t, daily.DayReward.Equal(want), "day reward %s, want %s", daily.DayReward, want)
	require.True(t, daily.Remaining.Equal(want))
	require.Equal(t, []types.EventDayStarted{{
		Day: 1, DayStart: genesisTime, DayEnd: genesisTime.Add(day), Balance: sesh(40_000_000), DayReward: want,
	}}, f.genesis.started)
}

// TestQueriesFollowTheDay checks Pool, DailyReward and Totals mid-day.
func TestQueriesFollowTheDay(t *testing.T) {
	// Arrange
	f := newFixture(t)
	reward := f.emission().DayReward

	// Act
	f.runBlock(genesisTime)
	f.runBlock(genesisTime.Add(6 * time.Hour))
	pool, err := f.queries.Pool(f.ctx, &types.QueryPoolRequest{})
	require.NoError(t, err)
	daily, err := f.queries.DailyReward(f.ctx, &types.QueryDailyRewardRequest{})
	require.NoError(t, err)
	totals := f.totals()

	// Assert
	quarter := reward.QuoRaw(4)
	require.True(t, pool.Emission.DayEmitted.Equal(quarter))
	require.True(t, pool.Balance.Equal(sesh(40_000_000).Sub(quarter)))
	require.True(t, daily.DayReward.Equal(reward))
	require.True(t, daily.Remaining.Equal(reward.Sub(quarter)))
	require.Equal(t, []types.SourceAmount{{Source: types.SourceGenesis, Amount: sesh(40_000_000)}}, totals.Inflows)
	require.True(t, totals.TotalInflow.Equal(sesh(40_000_000)))
	require.True(t, totals.TotalEmitted.Equal(quarter))
	require.True(t, totals.TotalRetained.IsZero())
}

func TestProjectionQueryRejects(t *testing.T) {
	tests := []struct {
		name string
		req  *types.QueryProjectionRequest
	}{
		{"nil request", nil},
		{"zero days", &types.QueryProjectionRequest{Days: 0}},
		{"too many days", &types.QueryProjectionRequest{Days: keeper.MaxProjectionDays + 1}},
		{"negative inflow", &types.QueryProjectionRequest{Days: 10, DailyInflow: "-1"}},
		{"decimal inflow", &types.QueryProjectionRequest{Days: 10, DailyInflow: "1.5"}},
		{"inflow with a denom", &types.QueryProjectionRequest{Days: 10, DailyInflow: "100nsesh"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)

			res, err := f.queries.Projection(f.ctx, tc.req)

			require.Nil(t, res)
			require.ErrorIs(t, err, types.ErrInvalidRequest)
		})
	}
}

func TestProjectionQueryLimits(t *testing.T) {
	f := newFixture(t)

	longest, err := f.queries.Projection(f.ctx, &types.QueryProjectionRequest{Days: keeper.MaxProjectionDays})
	require.NoError(t, err)
	one, err := f.queries.Projection(f.ctx, &types.QueryProjectionRequest{Days: 1, DailyInflow: ""})
	require.NoError(t, err)

	require.Len(t, longest.Days, keeper.MaxProjectionDays)
	require.True(t, longest.FinalBalance.IsPositive())
	require.True(t, longest.FinalBalance.Add(longest.TotalReward).Equal(sesh(40_000_000)),
		"without inflow, what the days pay is what leaves the pool")
	require.Equal(t, []types.ProjectedDay{{Day: 1, Balance: sesh(40_000_000), DayReward: f.emission().DayReward}}, one.Days)
	require.True(t, one.FinalBalance.Equal(sesh(40_000_000).Sub(f.emission().DayReward)))
}
