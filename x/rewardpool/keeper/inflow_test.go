package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestInflowCountsFromNextDay funds the pool during day 1: today's reward and
// emission stay as they were, tomorrow's reward includes the inflow.
func TestInflowCountsFromNextDay(t *testing.T) {
	tests := []struct {
		name   string
		pool   math.Int
		at     time.Duration // into day 1
		amount math.Int
	}{
		{"1ns into the day", sesh(40_000_000), time.Nanosecond, sesh(1_000_000)},
		{"mid-day", sesh(40_000_000), 12 * time.Hour, sesh(1_000_000)},
		{"1ns before the day ends", sesh(40_000_000), day - time.Nanosecond, sesh(1_000_000)},
		{"1 nsesh", sesh(40_000_000), 12 * time.Hour, math.OneInt()},
		{"into an empty pool", math.ZeroInt(), 12 * time.Hour, sesh(1_000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange: a chain funded during day 1 and one that is not.
			funded, control := newFixture(t, withPool(tc.pool)), newFixture(t, withPool(tc.pool))
			ledger := newDayLedger(funded.genesis)
			depositor := testAddr(1)
			funded.bank.Mint(funded.ctx, depositor, nsesh(tc.amount))
			rewardBefore, err := funded.queries.DailyReward(funded.ctx, &types.QueryDailyRewardRequest{})
			require.NoError(t, err)

			// Act
			for _, at := range []time.Duration{0, tc.at, day, day + time.Hour} {
				ledger.add(funded.runBlock(genesisTime.Add(at)))
				control.runBlock(genesisTime.Add(at))
				if at == tc.at {
					require.NoError(t, funded.k.FundFromAccount(funded.ctx, depositor, tc.amount, types.SourceFund))
					ledger.addInflow(1, tc.amount)
					rewardAfter, err := funded.queries.DailyReward(funded.ctx, &types.QueryDailyRewardRequest{})
					require.NoError(t, err)
					require.Equal(t, rewardBefore.DayReward, rewardAfter.DayReward, "an inflow must not change today's reward")
					require.NoError(t, funded.k.CheckConservation(funded.ctx))
				}
			}

			// Assert
			ledger.check(t, types.DefaultAnnualRate, day)
			require.Len(t, ledger.days, 2)
			day1, day2 := ledger.days[0], ledger.days[1]
			require.True(t, day1.DayReward.Equal(rewardBefore.DayReward))
			require.True(t, day2.Balance.Equal(tc.pool.Sub(day1.DayReward).Add(tc.amount)))
			require.True(t, day2.DayReward.Equal(types.DayReward(day2.Balance, types.DefaultAnnualRate)))
			controlDay2 := control.emission()
			require.True(t, day2.Balance.Equal(controlDay2.DayStartBalance.Add(tc.amount)))
			day1Funded := ledger.get(ledger.emitted, 1)
			require.True(t, day1Funded.Equal(control.totals().TotalEmitted.Sub(controlDay2.DayEmitted)),
				"day 1 emitted the same on both chains")
		})
	}
}

// TestInflowsRecordedBySource funds the pool from an account and from another
// module under several sources: each is kept apart, and the pool is conserved.
func TestInflowsRecordedBySource(t *testing.T) {
	// Arrange
	f := newFixture(t)
	depositor := testAddr(1)
	funderAddr := authtypes.NewModuleAddress(funderModule)
	f.bank.Mint(f.ctx, depositor, nsesh(sesh(10)))
	f.bank.Mint(f.ctx, funderAddr, nsesh(sesh(10)))
	depositorStr, err := f.addressCodec.BytesToString(depositor)
	require.NoError(t, err)
	funderStr, err := f.addressCodec.BytesToString(funderAddr)
	require.NoError(t, err)
	f.runBlock(genesisTime.Add(time.Hour))
	before := f.balance()

	// Act
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.FundFromAccount(f.ctx, depositor, sesh(1), types.SourceFund))
	require.NoError(t, f.k.FundFromModule(f.ctx, funderModule, sesh(2), types.SourcePro))
	require.NoError(t, f.k.FundFromModule(f.ctx, funderModule, sesh(3), types.SourcePenalty))
	require.NoError(t, f.k.FundFromModule(f.ctx, funderModule, sesh(4), types.SourcePro))
	ev := parseEvents(t, f.ctx)

	// Assert
	require.Equal(t, []types.EventPoolFunded{
		{Source: types.SourceFund, Funder: depositorStr, Amount: sesh(1)},
		{Source: types.SourcePro, Funder: funderStr, Amount: sesh(2)},
		{Source: types.SourcePenalty, Funder: funderStr, Amount: sesh(3)},
		{Source: types.SourcePro, Funder: funderStr, Amount: sesh(4)},
	}, ev.funded)
	totals := f.totals()
	require.Equal(t, []types.SourceAmount{
		{Source: types.SourceFund, Amount: sesh(1)},
		{Source: types.SourceGenesis, Amount: sesh(40_000_000)},
		{Source: types.SourcePenalty, Amount: sesh(3)},
		{Source: types.SourcePro, Amount: sesh(6)},
	}, totals.Inflows)
	require.True(t, totals.TotalInflow.Equal(sesh(40_000_010)))
	require.True(t, f.balance().Equal(before.Add(sesh(10))))
	require.True(t, f.accountBalance(depositor).Equal(sesh(9)))
	require.True(t, f.accountBalance(funderAddr).Equal(sesh(1)))
	require.NoError(t, f.k.CheckConservation(f.ctx))
}

// TestInflowRejected checks that a bad inflow is refused with its error and
// changes nothing.
func TestInflowRejected(t *testing.T) {
	depositor := testAddr(1)
	tests := []struct {
		name    string
		fund    func(f *fixture) error
		wantErr error
	}{
		{"zero amount", func(f *fixture) error {
			return f.k.FundFromAccount(f.ctx, depositor, math.ZeroInt(), types.SourceFund)
		}, types.ErrInvalidAmount},
		{"negative amount", func(f *fixture) error {
			return f.k.FundFromModule(f.ctx, funderModule, math.NewInt(-5), types.SourcePro)
		}, types.ErrInvalidAmount},
		{"nil amount", func(f *fixture) error {
			return f.k.FundFromModule(f.ctx, funderModule, math.Int{}, types.SourcePro)
		}, types.ErrInvalidAmount},
		{"empty source", func(f *fixture) error {
			return f.k.FundFromAccount(f.ctx, depositor, math.OneInt(), "")
		}, types.ErrInvalidSource},
		{"upper-case source", func(f *fixture) error {
			return f.k.FundFromAccount(f.ctx, depositor, math.OneInt(), "Pro")
		}, types.ErrInvalidSource},
		{"source with a dash", func(f *fixture) error {
			return f.k.FundFromModule(f.ctx, funderModule, math.OneInt(), "node-penalty")
		}, types.ErrInvalidSource},
		{"source of 33 characters", func(f *fixture) error {
			return f.k.FundFromModule(f.ctx, funderModule, math.OneInt(), strings.Repeat("a", 33))
		}, types.ErrInvalidSource},
		{"account short of funds", func(f *fixture) error {
			return f.k.FundFromAccount(f.ctx, depositor, sesh(5).AddRaw(1), types.SourceFund)
		}, sdkerrors.ErrInsufficientFunds},
		{"module short of funds", func(f *fixture) error {
			return f.k.FundFromModule(f.ctx, funderModule, sesh(5).AddRaw(1), types.SourcePro)
		}, sdkerrors.ErrInsufficientFunds},
		{"unknown module", func(f *fixture) error {
			return f.k.FundFromModule(f.ctx, "no_such_module", math.OneInt(), types.SourcePro)
		}, sdkerrors.ErrUnknownAddress},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			f.bank.Mint(f.ctx, depositor, nsesh(sesh(5)))
			f.bank.Mint(f.ctx, authtypes.NewModuleAddress(funderModule), nsesh(sesh(5)))
			f.runBlock(genesisTime.Add(time.Hour))
			before := f.snapshot(depositor, authtypes.NewModuleAddress(funderModule))

			// Act
			err := tc.fund(f)

			// Assert
			require.Error(t, err)
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot(depositor, authtypes.NewModuleAddress(funderModule)))
			require.Empty(t, parseEvents(t, f.ctx).funded)
		})
	}
}
