package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestRecipientOutageRetainsShare lets the recipient fail, or have nobody
// eligible, from midday 1 through the block that closes day 1: those shares
// stay in the pool and count for day 2's reward, the first half is paid, and
// no block fails.
func TestRecipientOutageRetainsShare(t *testing.T) {
	tests := []struct {
		name   string
		outage func(r *testRecipient, on bool)
	}{
		{"OnEmission fails", func(r *testRecipient, on bool) { r.fail = on }},
		{"nobody eligible", func(r *testRecipient, on bool) { r.eligible = !on }},
		{"eligibility check fails", func(r *testRecipient, on bool) { r.eligibilityErr = on }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			pool := sesh(40_000_000)
			f := newFixture(t, withPool(pool))
			ledger := newDayLedger(f.genesis)
			reward := f.emission().DayReward
			half := reward.QuoRaw(2)

			// Act
			for _, at := range everyInterval(10*time.Minute, day+12*time.Hour) {
				since := at.Sub(genesisTime)
				tc.outage(f.recipient, since > 12*time.Hour && since <= day)
				paidBefore, balanceBefore := f.recipientBalance(), f.balance()
				ev := f.runBlock(at)
				ledger.add(ev)
				if since > 12*time.Hour && since <= day {
					require.Len(t, ev.emitted, 1)
					require.True(t, ev.emitted[0].Retained)
					require.True(t, f.recipientBalance().Equal(paidBefore), "nothing moves during the outage")
					require.True(t, f.balance().Equal(balanceBefore))
				}
			}

			// Assert
			ledger.check(t, types.DefaultAnnualRate, day)
			require.True(t, ledger.get(ledger.paid, 1).Equal(half), "day 1 paid %s, want the first half %s", ledger.get(ledger.paid, 1), half)
			require.True(t, ledger.retained.Equal(reward.Sub(half)))
			day2 := ledger.days[1]
			require.True(t, day2.Balance.Equal(pool.Sub(half)), "the retained half stays in the pool")
			require.True(t, ledger.get(ledger.paid, 2).Equal(day2.DayReward.QuoRaw(2)), "day 2 is paid again")
			totals := f.totals()
			require.True(t, totals.TotalRetained.Equal(reward.Sub(half)))
			require.True(t, totals.TotalEmitted.Equal(f.recipient.total))
			require.True(t, f.recipientBalance().Equal(f.recipient.total))
			require.Empty(t, f.recipient.anomalies)
		})
	}
}

// TestTransferFailureRetainsShare imports a state whose day owes more than
// the pool holds: the transfer fails, the share is retained, and the block
// goes on without error.
func TestTransferFailureRetainsShare(t *testing.T) {
	// Arrange
	gs := types.DefaultGenesis()
	gs.EmissionState = &types.EmissionState{
		Day: 9, DayStart: genesisTime, DayEnd: genesisTime.Add(day),
		DayStartBalance: sesh(10), DayReward: sesh(10), DayEmitted: math.ZeroInt(),
	}
	gs.Inflows = []types.SourceAmount{{Source: types.SourceGenesis, Amount: sesh(5)}}
	f := newFixture(t, withPool(sesh(5)), withGenesis(gs))

	// Act
	ev := f.runBlock(genesisTime.Add(18 * time.Hour))

	// Assert
	require.Equal(t, []types.EventRewardsEmitted{{Day: 9, Amount: sesh(10).QuoRaw(4).MulRaw(3), Retained: true}}, ev.emitted)
	require.True(t, f.balance().Equal(sesh(5)))
	require.True(t, f.recipientBalance().IsZero())
	require.True(t, f.recipient.total.IsZero())
}
