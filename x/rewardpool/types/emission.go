package types

import (
	"math/big"
	"time"

	"cosmossdk.io/math"
)

// DaysPerYear is the number of days the annual rate is spread over.
const DaysPerYear = 365

// decPrecision is 10^18, the fixed-point scale of math.LegacyDec.
var decPrecision = new(big.Int).Exp(big.NewInt(10), big.NewInt(math.LegacyPrecision), nil)

// DayReward returns floor(balance × annualRate / 365) exactly, in integers:
// a LegacyDec is an integer scaled by 10^18, so the product is divided once by
// 365 × 10^18 and no rounding happens before the final floor.
func DayReward(balance math.Int, annualRate math.LegacyDec) math.Int {
	if balance.IsNil() || !balance.IsPositive() || annualRate.IsNil() || !annualRate.IsPositive() {
		return math.ZeroInt()
	}
	num := new(big.Int).Mul(balance.BigInt(), annualRate.BigInt())
	den := new(big.Int).Mul(big.NewInt(DaysPerYear), decPrecision)
	return math.NewIntFromBigInt(num.Quo(num, den))
}

// Entitlement returns how much of dayReward the blocks of a day of length
// dayLength have earned in total after elapsed: floor(dayReward × elapsed /
// dayLength), clamped to [0, dayReward]. Each block emits the difference
// between its entitlement and what the day already emitted, so the blocks of
// a day emit exactly dayReward together, whatever their times.
func Entitlement(dayReward math.Int, elapsed, dayLength time.Duration) math.Int {
	if dayReward.IsNil() || !dayReward.IsPositive() || elapsed <= 0 || dayLength <= 0 {
		return math.ZeroInt()
	}
	if elapsed >= dayLength {
		return dayReward
	}
	num := new(big.Int).Mul(dayReward.BigInt(), big.NewInt(int64(elapsed)))
	return math.NewIntFromBigInt(num.Quo(num, big.NewInt(int64(dayLength))))
}

// Project returns, for `days` days starting with the current one, each day's
// start balance and reward, assuming every day is paid out in full and that
// dailyInflow arrives every day and counts from the following day. The
// current day keeps the reward it started with; the balance the next day
// starts from is the balance now, less what the current day still has to
// release, plus one day's inflow. Later days use DayReward, the function the
// chain itself uses when a day starts.
func Project(state EmissionState, balanceNow math.Int, annualRate math.LegacyDec, days uint32, dailyInflow math.Int) (out []ProjectedDay, total, final math.Int) {
	out = make([]ProjectedDay, 0, days)
	total = math.ZeroInt()
	if days == 0 {
		return out, total, balanceNow
	}
	out = append(out, ProjectedDay{Day: state.Day, Balance: state.DayStartBalance, DayReward: state.DayReward})
	total = total.Add(state.DayReward)
	remaining := state.DayReward.Sub(state.DayEmitted)
	balance := balanceNow.Sub(remaining).Add(dailyInflow)
	for i := uint32(1); i < days; i++ {
		reward := DayReward(balance, annualRate)
		out = append(out, ProjectedDay{Day: state.Day + uint64(i), Balance: balance, DayReward: reward})
		total = total.Add(reward)
		balance = balance.Sub(reward).Add(dailyInflow)
	}
	return out, total, balance
}
