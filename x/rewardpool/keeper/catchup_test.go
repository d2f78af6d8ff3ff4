package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestHaltPaysEachMissedDay halts the chain for days: the first block after
// the halt settles each missed day as its own day, with its own reward from
// the balance the previous day left, at most max_catchup_days per block.
func TestHaltPaysEachMissedDay(t *testing.T) {
	tests := []struct {
		name       string
		maxCatchup uint32
		halt       time.Duration
	}{
		{"5.5-day halt, catch-up limit 30", 30, 5*day + 12*time.Hour},
		{"5.5-day halt, catch-up limit 5", 5, 5*day + 12*time.Hour},
		{"5.5-day halt, catch-up limit 2", 2, 5*day + 12*time.Hour},
		{"5.5-day halt, catch-up limit 1", 1, 5*day + 12*time.Hour},
		{"45.5-day halt, catch-up limit 30", 30, 45*day + 12*time.Hour},
	}
	for _, tc := range tests {
		for _, mode := range []recipientMode{eligibleRecipient, noRecipient} {
			t.Run(tc.name+"/recipient "+mode.String(), func(t *testing.T) {
				// Arrange: blocks every hour for the first 10 hours of day 1.
				params := types.DefaultParams()
				params.MaxCatchupDays = tc.maxCatchup
				f := newFixture(t, withParams(params), withRecipient(mode))
				ledger := newDayLedger(f.genesis)
				for _, at := range everyInterval(time.Hour, 10*time.Hour) {
					ledger.add(f.runBlock(at))
				}
				lastBefore := genesisTime.Add(10 * time.Hour)
				haltBlock := lastBefore.Add(tc.halt)
				missed := int(haltBlock.Sub(genesisTime) / day) // days that ended during the halt

				// Act: the block after the halt, then blocks every 5s.
				ev := f.runBlock(haltBlock)
				ledger.add(ev)
				require.Len(t, ev.started, min(missed, int(tc.maxCatchup)), "days opened by the block after the halt")
				behind := 0
				at := haltBlock
				for f.emission().DayEnd.Compare(at) <= 0 {
					behind++
					require.LessOrEqual(t, behind, missed, "catch-up does not progress")
					at = at.Add(5 * time.Second)
					ev := f.runBlock(at)
					require.LessOrEqual(t, len(ev.started), int(tc.maxCatchup))
					ledger.add(ev)
				}
				for end := at.Add(2 * day); at.Before(end); {
					at = at.Add(time.Hour)
					ledger.add(f.runBlock(at))
				}

				// Assert
				require.Equal(t, (missed+int(tc.maxCatchup)-1)/int(tc.maxCatchup)-1, behind,
					"blocks after the halt block needed to catch up")
				ledger.check(t, types.DefaultAnnualRate, day)
				require.Greater(t, len(ledger.days), missed+2)
				for i := 1; i < len(ledger.days); i++ {
					prev, cur := ledger.days[i-1].DayReward, ledger.days[i].DayReward
					if mode.pays() {
						require.True(t, cur.LT(prev), "day %d reward %s must be below day %d's %s", i+1, cur, i, prev)
					} else {
						require.True(t, cur.Equal(prev), "nothing paid: day %d reward %s must equal %s", i+1, cur, prev)
					}
				}
				require.True(t, f.totals().TotalEmitted.Equal(ledger.totalPaid()))
			})
		}
	}
}
