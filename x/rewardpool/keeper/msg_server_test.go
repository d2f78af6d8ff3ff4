package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// bech32 encodes addr with prefix.
func bech32(t *testing.T, prefix string, addr sdk.AccAddress) string {
	t.Helper()
	s, err := addresscodec.NewBech32Codec(prefix).BytesToString(addr)
	require.NoError(t, err)
	return s
}

func TestMsgFundPool(t *testing.T) {
	depositor := testAddr(1)
	tests := []struct {
		name    string
		msg     func(depositor string) *types.MsgFundPool
		wantErr error
	}{
		{"valid", func(d string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: d, Amount: sdk.NewCoin(types.Denom, sesh(3))}
		}, nil},
		{"whole balance", func(d string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: d, Amount: sdk.NewCoin(types.Denom, sesh(5))}
		}, nil},
		{"zero amount", func(d string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: d, Amount: sdk.NewCoin(types.Denom, math.ZeroInt())}
		}, types.ErrInvalidAmount},
		{"negative amount", func(d string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: d, Amount: sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-5)}}
		}, types.ErrInvalidAmount},
		{"nil amount", func(d string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: d, Amount: sdk.Coin{Denom: types.Denom}}
		}, types.ErrInvalidAmount},
		{"wrong denom", func(d string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: d, Amount: sdk.NewCoin("stake", sesh(1))}
		}, types.ErrInvalidDenom},
		{"display denom", func(d string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: d, Amount: sdk.NewCoin("sesh", math.OneInt())}
		}, types.ErrInvalidDenom},
		{"malformed depositor", func(string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: "session1notanaddress", Amount: sdk.NewCoin(types.Denom, sesh(1))}
		}, types.ErrInvalidAddress},
		{"depositor with another prefix", func(string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: bech32(t, "cosmos", depositor), Amount: sdk.NewCoin(types.Denom, sesh(1))}
		}, types.ErrInvalidAddress},
		{"empty depositor", func(string) *types.MsgFundPool {
			return &types.MsgFundPool{Amount: sdk.NewCoin(types.Denom, sesh(1))}
		}, types.ErrInvalidAddress},
		{"insufficient funds", func(d string) *types.MsgFundPool {
			return &types.MsgFundPool{Depositor: d, Amount: sdk.NewCoin(types.Denom, sesh(5).AddRaw(1))}
		}, sdkerrors.ErrInsufficientFunds},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			f.bank.Mint(f.ctx, depositor, nsesh(sesh(5)))
			f.runBlock(genesisTime.Add(time.Hour))
			depositorStr, err := f.addressCodec.BytesToString(depositor)
			require.NoError(t, err)
			msg := tc.msg(depositorStr)
			before := f.snapshot(depositor)

			// Act
			_, err = f.msgs.FundPool(f.ctx, msg)

			// Assert
			if tc.wantErr != nil {
				require.Error(t, err)
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.snapshot(depositor))
				return
			}
			require.NoError(t, err)
			amount := msg.Amount.Amount
			require.True(t, f.balance().Equal(before.Balances[f.poolAddr.String()].Add(amount)))
			require.True(t, f.accountBalance(depositor).Equal(sesh(5).Sub(amount)))
			require.Contains(t, f.totals().Inflows, types.SourceAmount{Source: types.SourceFund, Amount: amount})
			require.Equal(t, before.Emission, f.emission(), "an inflow must not change the current day")
			require.NoError(t, f.k.CheckConservation(f.ctx))
		})
	}
}

func TestMsgUpdateParams(t *testing.T) {
	valid := types.Params{AnnualRate: math.LegacyNewDecWithPrec(5, 2), DayLength: 12 * time.Hour, MaxCatchupDays: 7}
	with := func(change func(*types.Params)) types.Params {
		p := types.DefaultParams()
		change(&p)
		return p
	}
	tests := []struct {
		name      string
		authority string // "" means the module's authority
		params    types.Params
		wantErr   error
	}{
		{"valid", "", valid, nil},
		{"shortest day and largest catch-up", "", with(func(p *types.Params) {
			p.DayLength, p.MaxCatchupDays = types.MinDayLength, types.MaxCatchupDaysLimit
		}), nil},
		{"not the authority", bech32(t, "session", testAddr(2)), valid, types.ErrInvalidAuthority},
		{"empty authority", "-", valid, types.ErrInvalidAuthority},
		{"annual_rate 0", "", with(func(p *types.Params) { p.AnnualRate = math.LegacyZeroDec() }), types.ErrInvalidParams},
		{"annual_rate 1", "", with(func(p *types.Params) { p.AnnualRate = math.LegacyOneDec() }), types.ErrInvalidParams},
		{"annual_rate 1.5", "", with(func(p *types.Params) { p.AnnualRate = math.LegacyNewDecWithPrec(15, 1) }), types.ErrInvalidParams},
		{"annual_rate negative", "", with(func(p *types.Params) { p.AnnualRate = math.LegacyNewDecWithPrec(-151, 3) }), types.ErrInvalidParams},
		{"annual_rate nil", "", with(func(p *types.Params) { p.AnnualRate = math.LegacyDec{} }), types.ErrInvalidParams},
		{"day_length too short", "", with(func(p *types.Params) { p.DayLength = types.MinDayLength - time.Nanosecond }), types.ErrInvalidParams},
		{"day_length zero", "", with(func(p *types.Params) { p.DayLength = 0 }), types.ErrInvalidParams},
		{"day_length negative", "", with(func(p *types.Params) { p.DayLength = -day }), types.ErrInvalidParams},
		{"day_length too long", "", with(func(p *types.Params) { p.DayLength = types.MaxDayLength + time.Nanosecond }), types.ErrInvalidParams},
		{"max_catchup_days 0", "", with(func(p *types.Params) { p.MaxCatchupDays = 0 }), types.ErrInvalidParams},
		{"max_catchup_days over the limit", "", with(func(p *types.Params) { p.MaxCatchupDays = types.MaxCatchupDaysLimit + 1 }), types.ErrInvalidParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			f.runBlock(genesisTime.Add(time.Hour))
			msg := &types.MsgUpdateParams{Authority: f.authority, Params: tc.params}
			switch tc.authority {
			case "":
			case "-":
				msg.Authority = ""
			default:
				msg.Authority = tc.authority
			}
			before := f.snapshot()

			// Act
			_, err := f.msgs.UpdateParams(f.ctx, msg)

			// Assert
			if tc.wantErr != nil {
				require.Error(t, err)
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.snapshot())
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.params, f.params())
			res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
			require.NoError(t, err)
			require.Equal(t, tc.params, res.Params)
			require.Equal(t, before.Emission, f.emission(), "new params must not change the current day")
		})
	}
}

// TestUpdatedParamsApplyFromNextDay changes day_length and annual_rate during
// day 1: day 1 keeps its length and reward, day 2 has the new ones.
func TestUpdatedParamsApplyFromNextDay(t *testing.T) {
	// Arrange
	f := newFixture(t)
	ledger := newDayLedger(f.genesis)
	newParams := types.Params{AnnualRate: math.LegacyNewDecWithPrec(5, 2), DayLength: 6 * time.Hour, MaxCatchupDays: 30}
	ledger.add(f.runBlock(genesisTime.Add(time.Hour)))

	// Act
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: newParams})
	require.NoError(t, err)
	var emittedAtNoon math.Int
	for _, at := range everyInterval(time.Minute, day+13*time.Hour)[61:] {
		ledger.add(f.runBlock(at))
		if at.Equal(genesisTime.Add(12 * time.Hour)) {
			emittedAtNoon = f.emission().DayEmitted
		}
	}

	// Assert
	require.Len(t, ledger.days, 4)
	day1 := ledger.days[0]
	require.Equal(t, day, day1.DayEnd.Sub(day1.DayStart), "day 1 keeps the length it started with")
	require.True(t, day1.DayReward.Equal(refDayReward(sesh(40_000_000), types.DefaultAnnualRate)))
	require.True(t, ledger.get(ledger.emitted, 1).Equal(day1.DayReward))
	require.True(t, emittedAtNoon.Equal(day1.DayReward.QuoRaw(2)), "day 1 still spreads its reward over 24h")
	for i, d := range ledger.days[1:] {
		require.Equal(t, genesisTime.Add(day+time.Duration(i)*newParams.DayLength), d.DayStart)
		require.Equal(t, newParams.DayLength, d.DayEnd.Sub(d.DayStart), "day %d has the new length", d.Day)
		require.True(t, d.DayReward.Equal(refDayReward(d.Balance, newParams.AnnualRate)), "day %d has the new rate", d.Day)
		require.True(t, d.Balance.Equal(ledger.days[i].Balance.Sub(ledger.days[i].DayReward)))
		if d.Day < 4 {
			require.True(t, ledger.get(ledger.emitted, d.Day).Equal(d.DayReward), "day %d emitted its reward", d.Day)
		}
	}
	cur := f.emission()
	require.Equal(t, uint64(4), cur.Day)
	require.True(t, cur.DayEmitted.Equal(types.Entitlement(cur.DayReward, time.Hour, newParams.DayLength)))
}
