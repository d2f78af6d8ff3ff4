package keeper_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// refDayReward is floor(balance × rate / 365) computed with big.Rat from the
// rate's decimal string: a reference independent of types.DayReward.
func refDayReward(balance math.Int, rate math.LegacyDec) math.Int {
	r, ok := new(big.Rat).SetString(rate.String())
	if !ok {
		panic("bad rate " + rate.String())
	}
	x := new(big.Rat).Mul(new(big.Rat).SetInt(balance.BigInt()), r)
	x.Quo(x, big.NewRat(types.DaysPerYear, 1))
	return math.NewIntFromBigInt(new(big.Int).Quo(x.Num(), x.Denom()))
}

// dayLedger collects the module's events over a run, day by day, with the
// inflows the test funded, and checks them against the specification.
type dayLedger struct {
	days     []types.EventDayStarted
	emitted  map[uint64]math.Int // paid and retained, by day
	paid     map[uint64]math.Int // paid only, by day
	inflow   map[uint64]math.Int // funded during the day
	retained math.Int
}

func newDayLedger(genesis blockEvents) *dayLedger {
	l := &dayLedger{
		emitted:  map[uint64]math.Int{},
		paid:     map[uint64]math.Int{},
		inflow:   map[uint64]math.Int{},
		retained: math.ZeroInt(),
	}
	l.add(genesis)
	return l
}

func (l *dayLedger) add(ev blockEvents) {
	l.days = append(l.days, ev.started...)
	for _, e := range ev.emitted {
		l.emitted[e.Day] = l.get(l.emitted, e.Day).Add(e.Amount)
		if e.Retained {
			l.retained = l.retained.Add(e.Amount)
		} else {
			l.paid[e.Day] = l.get(l.paid, e.Day).Add(e.Amount)
		}
	}
}

func (l *dayLedger) addInflow(day uint64, amount math.Int) {
	l.inflow[day] = l.get(l.inflow, day).Add(amount)
}

func (*dayLedger) get(m map[uint64]math.Int, day uint64) math.Int {
	if v, ok := m[day]; ok {
		return v
	}
	return math.ZeroInt()
}

func (l *dayLedger) current() types.EventDayStarted { return l.days[len(l.days)-1] }

// totalPaid is the sum of every paid share.
func (l *dayLedger) totalPaid() math.Int {
	sum := math.ZeroInt()
	for _, d := range l.days {
		sum = sum.Add(l.get(l.paid, d.Day))
	}
	return sum
}

// check asserts that days are numbered 1, 2, … back to back, each lasting
// dayLength; that each day's reward is the reference reward of the balance it
// started with; that every completed day emitted exactly its reward and the
// current one no more; and that each day started from the previous day's
// balance, less what that day paid out, plus what flowed in during it.
func (l *dayLedger) check(t testing.TB, rate math.LegacyDec, dayLength time.Duration) {
	t.Helper()
	require.NotEmpty(t, l.days)
	for i, d := range l.days {
		require.Equal(t, uint64(i+1), d.Day, "days must be numbered 1, 2, … without gaps or repeats")
		require.Equal(t, dayLength, d.DayEnd.Sub(d.DayStart), "day %d length", d.Day)
		require.True(t, refDayReward(d.Balance, rate).Equal(d.DayReward),
			"day %d: reward %s, want floor(%s × %s / 365) = %s", d.Day, d.DayReward, d.Balance, rate, refDayReward(d.Balance, rate))
		emitted := l.get(l.emitted, d.Day)
		if i == len(l.days)-1 {
			require.True(t, emitted.LTE(d.DayReward), "current day %d emitted %s > reward %s", d.Day, emitted, d.DayReward)
			continue
		}
		require.True(t, emitted.Equal(d.DayReward), "day %d emitted %s, want its reward %s", d.Day, emitted, d.DayReward)
		next := l.days[i+1]
		require.Equal(t, d.DayEnd, next.DayStart, "day %d must start where day %d ended", next.Day, d.Day)
		want := d.Balance.Sub(l.get(l.paid, d.Day)).Add(l.get(l.inflow, d.Day))
		require.True(t, want.Equal(next.Balance), "day %d starts from %s, want %s", next.Day, next.Balance, want)
	}
}
