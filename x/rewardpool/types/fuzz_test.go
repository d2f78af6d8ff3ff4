package types_test

import (
	"bytes"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// FuzzEntitlement cuts a day into blocks at random times: the per-block
// increments are never negative, each total is floor(reward × t / day)
// clamped to the day, and together the blocks emit exactly the day's reward.
func FuzzEntitlement(f *testing.F) {
	f.Add([]byte{0x0f, 0x0d, 0x0d, 0x8e, 0x2b, 0x45, 0x27}, int64(24*time.Hour), uint64(1), uint16(2000))
	f.Add([]byte{1}, int64(24*time.Hour), uint64(2), uint16(3))
	f.Add([]byte{}, int64(time.Minute), uint64(3), uint16(10))
	f.Add(bytes.Repeat([]byte{0xff}, 32), int64(types.MaxDayLength), uint64(4), uint16(999))
	f.Add([]byte{0x01, 0x51, 0x80}, int64(1), uint64(5), uint16(0))
	f.Add([]byte{0x07}, int64(-5), uint64(6), uint16(40))
	f.Fuzz(func(t *testing.T, rewardBytes []byte, dayLength int64, seed uint64, blocks uint16) {
		if len(rewardBytes) > 32 {
			rewardBytes = rewardBytes[:32]
		}
		reward := math.NewIntFromBigInt(new(big.Int).SetBytes(rewardBytes))
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
// big.Rat, the rate taken from its decimal string.
func FuzzDayReward(f *testing.F) {
	f.Add([]byte{0x8e, 0x1b, 0xc9, 0xbf, 0x04, 0x00, 0x00}, false, int64(151_000_000_000_000_000))
	f.Add([]byte{0x09, 0x72}, false, int64(151_000_000_000_000_000))
	f.Add([]byte{0x09, 0x71}, false, int64(151_000_000_000_000_000))
	f.Add([]byte{1}, false, int64(1))
	f.Add([]byte{}, false, int64(151_000_000_000_000_000))
	f.Add([]byte{0x40, 0x00}, true, int64(151_000_000_000_000_000))
	f.Add([]byte{0x40, 0x00}, false, int64(-151_000_000_000_000_000))
	f.Add(append([]byte{0x7f}, bytes.Repeat([]byte{0xff}, 29)...), false, int64(999_999_999_999_999_999))
	f.Fuzz(func(t *testing.T, balanceBytes []byte, negative bool, rateAtto int64) {
		if len(balanceBytes) > 30 {
			balanceBytes = balanceBytes[:30]
		}
		b := new(big.Int).SetBytes(balanceBytes)
		if negative {
			b.Neg(b)
		}
		balance := math.NewIntFromBigInt(b)
		rate := math.LegacyNewDecWithPrec(rateAtto, math.LegacyPrecision)

		got := types.DayReward(balance, rate)

		want := math.ZeroInt()
		if balance.IsPositive() && rate.IsPositive() {
			r, ok := new(big.Rat).SetString(rate.String())
			if !ok {
				t.Fatalf("rate %s does not parse", rate)
			}
			x := new(big.Rat).Mul(new(big.Rat).SetInt(b), r)
			x.Quo(x, big.NewRat(types.DaysPerYear, 1))
			want = math.NewIntFromBigInt(new(big.Int).Quo(x.Num(), x.Denom()))
		}
		if !got.Equal(want) {
			t.Fatalf("DayReward(%s, %s) = %s, want %s", balance, rate, got, want)
		}
	})
}
