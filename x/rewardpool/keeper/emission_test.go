package keeper_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// blockSchedule is a sequence of block times, the first at genesis.
type blockSchedule struct {
	name  string
	times []time.Time
}

// everyInterval returns blocks every `step` from genesis up to `until` after it.
func everyInterval(step, until time.Duration) []time.Time {
	var out []time.Time
	for d := time.Duration(0); d <= until; d += step {
		out = append(out, genesisTime.Add(d))
	}
	return out
}

// seededGaps returns blocks separated by random gaps of 1ns to maxGap, from a
// fixed seed, up to `until` after genesis.
func seededGaps(seed uint64, maxGap, until time.Duration) []time.Time {
	rng := rand.New(rand.NewPCG(seed, seed^0x5e55))
	out := []time.Time{genesisTime}
	for d := time.Duration(0); ; {
		d += 1 + time.Duration(rng.Int64N(int64(maxGap)))
		if d > until {
			return out
		}
		out = append(out, genesisTime.Add(d))
	}
}

// oncePerDay returns the genesis block and then one block in each of the
// next `days` days, offset(k) after that day's start.
func oncePerDay(days int, offset func(k int) time.Duration) []time.Time {
	out := []time.Time{genesisTime}
	for k := 1; k <= days; k++ {
		out = append(out, genesisTime.Add(time.Duration(k)*day+offset(k)))
	}
	return out
}

func emissionSchedules() []blockSchedule {
	return []blockSchedule{
		{"every 5s for 2 days", everyInterval(5*time.Second, 2*day+time.Hour)},
		{"seeded irregular gaps up to 20m for 4 days", seededGaps(42, 20*time.Minute, 4*day+7*time.Hour)},
		{"seeded irregular gaps up to 6h for 10 days", seededGaps(7, 6*time.Hour, 10*day)},
		{"one block exactly on each day boundary", oncePerDay(8, func(int) time.Duration { return 0 })},
		{"one block a day at odd offsets", oncePerDay(8, func(k int) time.Duration {
			return (time.Duration(k*7919)*time.Second + time.Duration(k)*time.Nanosecond) % day
		})},
		{"3001 blocks a day for 3 days", everyInterval(day/3001, 3*day+time.Minute)},
	}
}

// TestEmissionFollowsDailyFormula drives many block-time sequences and checks
// that each day's blocks emit exactly that day's reward, that the next day's
// reward comes from the balance at rollover, and where the emission went.
func TestEmissionFollowsDailyFormula(t *testing.T) {
	pool := sesh(40_000_000)
	modes := []recipientMode{eligibleRecipient, noRecipient, ineligibleRecipient, erroringRecipient, failingRecipient}
	for _, sched := range emissionSchedules() {
		for _, mode := range modes {
			t.Run(sched.name+"/recipient "+mode.String(), func(t *testing.T) {
				if testing.Short() && len(sched.times) > 2000 && mode != eligibleRecipient && mode != noRecipient {
					t.Skip("long schedule: run without -short")
				}
				// Arrange
				f := newFixture(t, withPool(pool), withRecipient(mode))
				ledger := newDayLedger(f.genesis)
				var paidShares []math.Int

				// Act
				for _, at := range sched.times {
					ev := f.runBlock(at)
					ledger.add(ev)
					for _, e := range ev.emitted {
						require.Equal(t, !mode.pays(), e.Retained, "share of day %d", e.Day)
						if !e.Retained {
							paidShares = append(paidShares, e.Amount)
						}
					}
					if !mode.pays() {
						require.True(t, f.balance().Equal(pool), "a retained share must stay in the pool")
					}
				}

				// Assert
				ledger.check(t, types.DefaultAnnualRate, day)
				last := sched.times[len(sched.times)-1]
				cur := ledger.current()
				require.Equal(t, f.emission().Day, cur.Day)
				require.True(t, types.Entitlement(cur.DayReward, last.Sub(cur.DayStart), day).Equal(ledger.get(ledger.emitted, cur.Day)),
					"the current day has emitted its entitlement at the last block")
				require.True(t, f.emission().DayEmitted.Equal(ledger.get(ledger.emitted, cur.Day)))

				paid := ledger.totalPaid()
				totals := f.totals()
				require.True(t, totals.TotalEmitted.Equal(paid), "total emitted %s, paid %s", totals.TotalEmitted, paid)
				require.True(t, totals.TotalRetained.Equal(ledger.retained))
				require.True(t, f.balance().Equal(pool.Sub(paid)))
				require.True(t, f.recipientBalance().Equal(paid))
				if f.recipient != nil {
					require.True(t, f.recipient.total.Equal(paid), "recipient got %s, paid %s", f.recipient.total, paid)
					require.Empty(t, f.recipient.anomalies)
					require.Equal(t, paidShares, f.recipient.received, "the recipient is told of each paid share")
				}
				if mode.pays() {
					require.True(t, paid.IsPositive())
					require.True(t, ledger.retained.IsZero())
				} else {
					require.True(t, paid.IsZero())
					require.True(t, ledger.retained.IsPositive())
				}
			})
		}
	}
}

// TestEmissionSmallPools runs pools too small to pay anything, and one just
// large enough to pay a single nsesh on day 1 and nothing after.
func TestEmissionSmallPools(t *testing.T) {
	tests := []struct {
		name       string
		pool       math.Int
		wantReward []int64 // day 1, 2, …
	}{
		{"empty pool", math.ZeroInt(), []int64{0, 0, 0, 0}},
		{"pool of 1 nsesh", math.OneInt(), []int64{0, 0, 0, 0}},
		{"largest pool paying nothing", math.NewInt(2417), []int64{0, 0, 0, 0}},
		{"smallest pool paying 1 nsesh", math.NewInt(2418), []int64{1, 0, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withPool(tc.pool))
			ledger := newDayLedger(f.genesis)

			for _, at := range everyInterval(10*time.Minute, 3*day) {
				ledger.add(f.runBlock(at))
			}

			ledger.check(t, types.DefaultAnnualRate, day)
			require.Len(t, ledger.days, len(tc.wantReward))
			want := math.ZeroInt()
			for i, d := range ledger.days {
				require.Equal(t, tc.wantReward[i], d.DayReward.Int64(), "day %d", d.Day)
				want = want.Add(d.DayReward)
			}
			require.True(t, f.totals().TotalEmitted.Equal(want))
			require.True(t, f.recipient.total.Equal(want))
			require.True(t, f.balance().Equal(tc.pool.Sub(want)))
		})
	}
}
