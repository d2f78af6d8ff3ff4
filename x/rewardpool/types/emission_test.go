package types_test

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// bigRef is floor(balance × rate / 365) on big.Int, with rate as the raw
// 10^18-scaled integer of a LegacyDec; zero for a non-positive input.
func bigRef(balance math.Int, rate math.LegacyDec) math.Int {
	if balance.IsNil() || rate.IsNil() || !balance.IsPositive() || !rate.IsPositive() {
		return math.ZeroInt()
	}
	num := new(big.Int).Mul(balance.BigInt(), rate.BigInt())
	den := new(big.Int).Mul(big.NewInt(365), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
	return math.NewIntFromBigInt(num.Quo(num, den))
}

func mustInt(s string) math.Int {
	i, ok := math.NewIntFromString(s)
	if !ok {
		panic(s)
	}
	return i
}

func TestDayReward(t *testing.T) {
	rate := types.DefaultAnnualRate
	tests := []struct {
		name    string
		balance math.Int
		rate    math.LegacyDec
		want    math.Int // nil: only compare with the reference
	}{
		{"design number: 40,000,000 SESH", mustInt("40000000000000000"), rate, math.NewInt(16_547_945_205_479)},
		{"zero balance", math.ZeroInt(), rate, math.ZeroInt()},
		{"nil balance", math.Int{}, rate, math.ZeroInt()},
		{"negative balance", math.NewInt(-1_000_000), rate, math.ZeroInt()},
		{"1 nsesh", math.OneInt(), rate, math.ZeroInt()},
		{"largest balance paying 0", math.NewInt(2417), rate, math.ZeroInt()},
		{"smallest balance paying 1", math.NewInt(2418), rate, math.OneInt()},
		{"365 nsesh at 1e-18", math.NewInt(365), math.LegacyNewDecWithPrec(1, 18), math.ZeroInt()},
		{"365e18 nsesh at 1e-18", mustInt("365000000000000000000"), math.LegacyNewDecWithPrec(1, 18), math.OneInt()},
		{"rate just below 1", mustInt("365000000000000000000"), math.LegacyMustNewDecFromStr("0.999999999999999999"), mustInt("999999999999999999")},
		{"zero rate", mustInt("40000000000000000"), math.LegacyZeroDec(), math.ZeroInt()},
		{"nil rate", mustInt("40000000000000000"), math.LegacyDec{}, math.ZeroInt()},
		{"negative rate", mustInt("40000000000000000"), math.LegacyNewDecWithPrec(-151, 3), math.ZeroInt()},
		{"odd balance", mustInt("39983452054794521"), rate, math.Int{}},
		{"10^60 nsesh", mustInt("1" + strings.Repeat("0", 60)), rate, math.Int{}},
		{"every digit of the rate", mustInt("123456789012345678901234567"), math.LegacyMustNewDecFromStr("0.123456789012345678"), math.Int{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := types.DayReward(tc.balance, tc.rate)

			require.False(t, got.IsNil())
			require.True(t, got.Equal(bigRef(tc.balance, tc.rate)), "got %s, reference %s", got, bigRef(tc.balance, tc.rate))
			if !tc.want.IsNil() {
				require.True(t, got.Equal(tc.want), "got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestEntitlementClamps(t *testing.T) {
	reward := math.NewInt(16_547_945_205_479)
	day := 24 * time.Hour
	tests := []struct {
		name      string
		reward    math.Int
		elapsed   time.Duration
		dayLength time.Duration
		want      math.Int
	}{
		{"before the day", reward, -time.Second, day, math.ZeroInt()},
		{"at the start", reward, 0, day, math.ZeroInt()},
		{"1ns in", reward, time.Nanosecond, day, math.ZeroInt()}, // 16547945205479 / 86400e9 < 1
		{"a quarter in", reward, 6 * time.Hour, day, reward.QuoRaw(4)},
		{"1ns before the end", reward, day - time.Nanosecond, day, reward.SubRaw(1)},
		{"at the end", reward, day, day, reward},
		{"long after the end", reward, 1000 * day, day, reward},
		{"largest elapsed", reward, time.Duration(1<<63 - 1), day, reward},
		{"zero day length", reward, time.Hour, 0, math.ZeroInt()},
		{"negative day length", reward, time.Hour, -day, math.ZeroInt()},
		{"zero reward", math.ZeroInt(), time.Hour, day, math.ZeroInt()},
		{"negative reward", math.NewInt(-100), time.Hour, day, math.ZeroInt()},
		{"nil reward", math.Int{}, time.Hour, day, math.ZeroInt()},
		{"reward of 1 at the end", math.OneInt(), day, day, math.OneInt()},
		{"reward of 1 before the end", math.OneInt(), day - time.Nanosecond, day, math.ZeroInt()},
		{"huge reward halfway", mustInt("1" + strings.Repeat("0", 60)), day / 2, day, mustInt("5" + strings.Repeat("0", 59))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := types.Entitlement(tc.reward, tc.elapsed, tc.dayLength)

			require.True(t, got.Equal(tc.want), "got %s, want %s", got, tc.want)
		})
	}
}

func TestEntitlementMonotonic(t *testing.T) {
	for _, reward := range []math.Int{math.OneInt(), math.NewInt(86_399), math.NewInt(86_401), math.NewInt(16_547_945_205_479)} {
		day := 24 * time.Hour
		prev := math.ZeroInt()
		for elapsed := -time.Minute; elapsed <= day+time.Minute; elapsed += 997 * time.Millisecond {
			got := types.Entitlement(reward, elapsed, day)
			require.True(t, got.GTE(prev), "reward %s: E(%s) = %s < %s", reward, elapsed, got, prev)
			require.True(t, got.LTE(reward))
			prev = got
		}
		require.True(t, prev.Equal(reward))
	}
}

func TestProject(t *testing.T) {
	rate := types.DefaultAnnualRate
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	balance := mustInt("40000000000000000")
	r1 := types.DayReward(balance, rate)
	state := types.EmissionState{
		Day: 7, DayStart: start, DayEnd: start.Add(24 * time.Hour),
		DayStartBalance: balance, DayReward: r1, DayEmitted: r1.QuoRaw(3),
	}
	now := balance.Sub(state.DayEmitted) // what the pool holds after a third of the day

	t.Run("zero days", func(t *testing.T) {
		days, total, final := types.Project(state, now, rate, 0, math.ZeroInt())

		require.Empty(t, days)
		require.True(t, total.IsZero())
		require.True(t, final.Equal(now))
	})
	t.Run("three days with inflow", func(t *testing.T) {
		inflow := mustInt("1000000000000")

		days, total, final := types.Project(state, now, rate, 3, inflow)

		b2 := balance.Sub(r1).Add(inflow)
		r2 := types.DayReward(b2, rate)
		b3 := b2.Sub(r2).Add(inflow)
		r3 := types.DayReward(b3, rate)
		require.Equal(t, []types.ProjectedDay{
			{Day: 7, Balance: balance, DayReward: r1},
			{Day: 8, Balance: b2, DayReward: r2},
			{Day: 9, Balance: b3, DayReward: r3},
		}, days)
		require.True(t, total.Equal(r1.Add(r2).Add(r3)))
		require.True(t, final.Equal(b3.Sub(r3).Add(inflow)))
	})
}
