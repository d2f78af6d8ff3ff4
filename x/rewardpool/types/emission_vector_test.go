package types_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestDayRewardYearVector is the year vector of docs/architecture.md
// (Reference numbers, Emission): 100,000 SESH without inflows, every day
// paid in full at the default rate for 365 days, emits 14,017,916,502,388
// nsesh (about 14.02%, the "14% a year") and leaves 85,982,083,497,612.
// Project, which the projection query uses, agrees with the day-by-day sum.
func TestDayRewardYearVector(t *testing.T) {
	// Arrange
	start := math.NewInt(100_000_000_000_000) // 100,000 SESH
	wantEmitted, wantLeft := math.NewInt(14_017_916_502_388), math.NewInt(85_982_083_497_612)

	// Act
	balance, emitted := start, math.ZeroInt()
	for range 365 {
		reward := types.DayReward(balance, types.DefaultAnnualRate)
		emitted = emitted.Add(reward)
		balance = balance.Sub(reward)
	}
	day1 := types.EmissionState{
		Day: 1, DayStart: time.Unix(0, 0), DayEnd: time.Unix(0, 0).Add(types.DefaultDayLength),
		DayStartBalance: start, DayReward: types.DayReward(start, types.DefaultAnnualRate), DayEmitted: math.ZeroInt(),
	}
	_, projected, final := types.Project(day1, start, types.DefaultAnnualRate, 365, math.ZeroInt())

	// Assert
	require.Equal(t, wantEmitted.String(), emitted.String(), "emitted in 365 days")
	require.Equal(t, wantLeft.String(), balance.String(), "left in the pool")
	require.Equal(t, wantEmitted.String(), projected.String(), "Project's total")
	require.Equal(t, wantLeft.String(), final.String(), "Project's final balance")
}
