package types_test

import (
	"bytes"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/testutil/fuzzcheck"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// FuzzEntitlement cuts a day into blocks at random times: each total is
// floor(reward × t / day) clamped to the day, so it never exceeds the day's
// reward and never falls as time passes (no per-block increment is
// negative), and together the blocks emit exactly the day's reward.
func FuzzEntitlement(f *testing.F) {
	f.Add([]byte{0x0f, 0x0d, 0x0d, 0x8e, 0x2b, 0x45, 0x27}, int64(24*time.Hour), uint64(1), uint16(2000))
	f.Add([]byte{1}, int64(24*time.Hour), uint64(2), uint16(3))
	f.Add([]byte{}, int64(time.Minute), uint64(3), uint16(10))
	f.Add(fuzzcheck.MaxInt(), int64(types.MaxDayLength), uint64(4), uint16(999))
	f.Add([]byte{0x01, 0x51, 0x80}, int64(1), uint64(5), uint16(0))
	f.Add([]byte{0x07}, int64(-5), uint64(6), uint16(40))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, int64(1<<63-1), uint64(1<<64-1), uint16(1<<16-1))
	f.Fuzz(func(t *testing.T, rewardBytes []byte, dayLength int64, seed uint64, blocks uint16) {
		reward := fuzzcheck.Int(rewardBytes, false)
		if dayLength <= 0 || dayLength > int64(types.MaxDayLength) {
			dayLength = 1 + (dayLength&(1<<62-1))%int64(types.MaxDayLength)
		}
		dl := time.Duration(dayLength)
		rng := rand.New(rand.NewPCG(seed, ^seed))

		times := make([]time.Duration, 0, int(blocks%2048)+1)
		for range int(blocks % 2048) {
			times = append(times, time.Duration(rng.Int64N(dayLength+1)))
		}
		slices.Sort(times)
		times = append(times, dl+time.Duration(rng.Int64N(dayLength+1))) // the block that closes the day

		sum, prev := math.ZeroInt(), math.ZeroInt()
		for _, at := range times {
			e := types.Entitlement(reward, at, dl)
			want := refEntitlement(reward, at, dl)
			if !e.Equal(want) {
				t.Fatalf("E(%d) on reward %s, day %d = %s, want %s", at, reward, dl, e, want)
			}
			if e.GT(reward) {
				t.Fatalf("E(%d) = %s exceeds the day's reward %s", at, e, reward)
			}
			inc := e.Sub(prev)
			if inc.IsNegative() {
				t.Fatalf("negative increment %s at %d (reward %s, day %d)", inc, at, reward, dl)
			}
			sum, prev = sum.Add(inc), e
		}
		if !sum.Equal(reward) {
			t.Fatalf("blocks emitted %s, day reward %s (day %d, %d blocks)", sum, reward, dl, len(times))
		}
	})
}

// refEntitlement is floor(reward × t / day) clamped to [0, reward], with big.Rat.
func refEntitlement(reward math.Int, t, day time.Duration) math.Int {
	switch {
	case t <= 0:
		return math.ZeroInt()
	case t >= day:
		return reward
	}
	x := new(big.Rat).SetFrac(new(big.Int).Mul(reward.BigInt(), big.NewInt(int64(t))), big.NewInt(int64(day)))
	return math.NewIntFromBigInt(new(big.Int).Quo(x.Num(), x.Denom()))
}

// FuzzDayReward compares DayReward with floor(balance × rate / 365) in
// big.Rat, the rate taken from its decimal string, and checks that at a rate
// the params allow (below 1) a day never pays out the whole pool.
func FuzzDayReward(f *testing.F) {
	f.Add([]byte{0x8e, 0x1b, 0xc9, 0xbf, 0x04, 0x00, 0x00}, false, int64(151_000_000_000_000_000))
	f.Add([]byte{0x09, 0x72}, false, int64(151_000_000_000_000_000))
	f.Add([]byte{0x09, 0x71}, false, int64(151_000_000_000_000_000))
	f.Add([]byte{1}, false, int64(1))
	f.Add([]byte{}, false, int64(151_000_000_000_000_000))
	f.Add([]byte{0x40, 0x00}, true, int64(151_000_000_000_000_000))
	f.Add([]byte{0x40, 0x00}, false, int64(-151_000_000_000_000_000))
	f.Add(append([]byte{0x7f}, bytes.Repeat([]byte{0xff}, 29)...), false, int64(999_999_999_999_999_999))
	f.Add(fuzzcheck.MaxInt(), false, int64(999_999_999_999_999_999))
	f.Add(fuzzcheck.MaxInt(), true, int64(1<<63-1))
	f.Fuzz(func(t *testing.T, balanceBytes []byte, negative bool, rateAtto int64) {
		balance := fuzzcheck.Int(balanceBytes, negative)
		rate := math.LegacyNewDecWithPrec(rateAtto, math.LegacyPrecision)

		got := types.DayReward(balance, rate)

		want := math.ZeroInt()
		if !balance.IsNil() && balance.IsPositive() && rate.IsPositive() {
			r, ok := new(big.Rat).SetString(rate.String())
			if !ok {
				t.Fatalf("rate %s does not parse", rate)
			}
			x := new(big.Rat).Mul(new(big.Rat).SetInt(balance.BigInt()), r)
			x.Quo(x, big.NewRat(types.DaysPerYear, 1))
			want = math.NewIntFromBigInt(new(big.Int).Quo(x.Num(), x.Denom()))
		}
		require.Equal(t, want.String(), got.String(), "DayReward(%s, %s)", balance, rate)
		if rate.LT(math.LegacyOneDec()) && got.IsPositive() {
			require.True(t, got.LT(balance), "a day at rate %s pays %s of a %s pool", rate, got, balance)
		}
	})
}

// FuzzProject projects the pool over up to 400 days from a consistent state
// (the day's reward computed from its start balance, part of it emitted,
// inflows since): every day's reward is what DayReward gives for that day's
// balance, no balance goes negative, each balance is the one before less its
// reward plus a day's inflow, and nothing is created or lost:
// final + total = balance now + emitted today + days × inflow.
func FuzzProject(f *testing.F) {
	f.Add([]byte{0x8e, 0x1b, 0xc9, 0xbf, 0x04, 0x00, 0x00}, int64(151_000_000_000_000_000), uint16(1), []byte{}, []byte{}, uint16(365))
	f.Add([]byte{1}, int64(1), uint16(0), []byte{}, []byte{}, uint16(1))
	f.Add([]byte{}, int64(151_000_000_000_000_000), uint16(9_999), []byte{5}, []byte{5}, uint16(3))
	f.Add(bytes.Repeat([]byte{0xff}, 16), int64(999_999_999_999_999_999), uint16(5_000), bytes.Repeat([]byte{0xff}, 16), bytes.Repeat([]byte{0xff}, 16), uint16(399))
	f.Add([]byte{0x09, 0x71}, int64(151_000_000_000_000_000), uint16(10_000), []byte{}, []byte{0x01, 0x00}, uint16(0))
	f.Fuzz(func(t *testing.T, startBytes []byte, rateAtto int64, elapsedBps uint16, extraBytes, inflowBytes []byte, days uint16) {
		// Amounts within the SESH supply's reach (< 2^128 nsesh); rates the
		// params allow.
		trim := func(bz []byte) []byte { return bz[max(0, len(bz)-16):] }
		startBalance := fuzzcheck.Int(trim(startBytes), false)
		if rateAtto <= 0 || rateAtto >= 1e18 {
			rateAtto = 1 + (rateAtto&(1<<62-1))%(1e18-1)
		}
		rate := math.LegacyNewDecWithPrec(rateAtto, math.LegacyPrecision)
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		state := types.EmissionState{
			Day: 3, DayStart: start, DayEnd: start.Add(24 * time.Hour),
			DayStartBalance: startBalance, DayReward: types.DayReward(startBalance, rate),
		}
		// Part of the day has passed; inflows since then sit in the pool.
		elapsed := 24 * time.Hour * time.Duration(elapsedBps%10_001) / 10_000
		state.DayEmitted = types.Entitlement(state.DayReward, elapsed, 24*time.Hour)
		now := startBalance.Sub(state.DayEmitted).Add(fuzzcheck.Int(trim(extraBytes), false))
		inflow := fuzzcheck.Int(trim(inflowBytes), false)
		n := uint32(days % 401)

		out, total, final := types.Project(state, now, rate, n, inflow)

		require.Len(t, out, int(n))
		if n == 0 {
			require.True(t, total.IsZero())
			require.Equal(t, now.String(), final.String())
			return
		}
		require.Equal(t, types.ProjectedDay{Day: state.Day, Balance: state.DayStartBalance, DayReward: state.DayReward}, out[0])
		sum := math.ZeroInt()
		balance := now.Sub(state.DayReward.Sub(state.DayEmitted)).Add(inflow)
		for i, d := range out {
			sum = sum.Add(d.DayReward)
			require.Equal(t, state.Day+uint64(i), d.Day)
			require.False(t, d.Balance.IsNegative(), "day %d starts at %s", d.Day, d.Balance)
			require.True(t, d.DayReward.LTE(d.Balance), "day %d pays %s of %s", d.Day, d.DayReward, d.Balance)
			if i == 0 {
				continue
			}
			require.Equal(t, balance.String(), d.Balance.String(), "day %d's balance", d.Day)
			require.Equal(t, types.DayReward(d.Balance, rate).String(), d.DayReward.String(), "day %d's reward", d.Day)
			balance = balance.Sub(d.DayReward).Add(inflow)
		}
		require.Equal(t, sum.String(), total.String(), "total")
		require.Equal(t, balance.String(), final.String(), "final balance")
		in := now.Add(state.DayEmitted).Add(inflow.MulRaw(int64(n)))
		require.Equal(t, in.String(), final.Add(total).String(), "final + total = now + emitted today + days × inflow")
	})
}
