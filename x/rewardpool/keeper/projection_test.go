package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestProjectionMatchesChain asks for a 30-day projection, then runs the chain
// for those 30 days with an eligible recipient, funding the pool with the
// projected daily inflow once during each day: every projected day is the day
// the chain actually had.
func TestProjectionMatchesChain(t *testing.T) {
	const days = 30
	tests := []struct {
		name    string
		inflow  math.Int
		queryAt time.Duration // after genesis; before that day's inflow
	}{
		{"no inflow, from the start of day 1", math.ZeroInt(), 0},
		{"daily inflow, from the start of day 1", sesh(50_000), 0},
		{"no inflow, from the start of day 4", math.ZeroInt(), 3 * day},
		{"daily inflow, from 6h into day 5", sesh(50_000), 4*day + 6*time.Hour},
		{"1 nsesh daily inflow, from 6h into day 5", math.OneInt(), 4*day + 6*time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			ledger := newDayLedger(f.genesis)
			depositor := testAddr(1)
			depositorStr, err := f.addressCodec.BytesToString(depositor)
			require.NoError(t, err)
			queryDay := uint64(tc.queryAt/day) + 1
			var projection *types.QueryProjectionResponse

			// Act
			for _, at := range everyInterval(10*time.Minute, tc.queryAt.Truncate(day)+days*day) {
				ledger.add(f.runBlock(at))
				sinceGenesis := at.Sub(genesisTime)
				if sinceGenesis == tc.queryAt {
					projection, err = f.queries.Projection(f.ctx, &types.QueryProjectionRequest{Days: days, DailyInflow: tc.inflow.String()})
					require.NoError(t, err)
					state := f.emission()
					direct, total, final := types.Project(state, f.balance(), f.params().AnnualRate, days, tc.inflow)
					require.Equal(t, direct, projection.Days)
					require.True(t, total.Equal(projection.TotalReward))
					require.True(t, final.Equal(projection.FinalBalance))
				}
				if sinceGenesis%day == 12*time.Hour && tc.inflow.IsPositive() && projection != nil {
					f.bank.Mint(f.ctx, depositor, nsesh(tc.inflow))
					_, err := f.msgs.FundPool(f.ctx, &types.MsgFundPool{Depositor: depositorStr, Amount: sdk.NewCoin(types.Denom, tc.inflow)})
					require.NoError(t, err)
					ledger.addInflow(f.emission().Day, tc.inflow)
				}
			}

			// Assert
			ledger.check(t, types.DefaultAnnualRate, day)
			require.NotNil(t, projection)
			require.Len(t, projection.Days, days)
			require.Len(t, ledger.days, int(queryDay)+days, "the chain ran the projected days and opened the next")
			total := math.ZeroInt()
			for i, p := range projection.Days {
				actual := ledger.days[int(queryDay)-1+i]
				require.Equal(t, actual.Day, p.Day)
				require.True(t, actual.Balance.Equal(p.Balance), "day %d: chain started from %s, projection %s", p.Day, actual.Balance, p.Balance)
				require.True(t, actual.DayReward.Equal(p.DayReward), "day %d: chain paid %s, projection %s", p.Day, actual.DayReward, p.DayReward)
				total = total.Add(actual.DayReward)
			}
			require.True(t, total.Equal(projection.TotalReward))
			require.True(t, ledger.current().Balance.Equal(projection.FinalBalance),
				"the projection's final balance is what the day after the last starts from")
		})
	}
}
