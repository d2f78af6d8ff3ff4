package types_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func TestParamsValidate(t *testing.T) {
	with := func(change func(*types.Params)) types.Params {
		p := types.DefaultParams()
		change(&p)
		return p
	}
	tests := []struct {
		name    string
		params  types.Params
		wantErr bool
	}{
		{"defaults", types.DefaultParams(), false},
		{"smallest rate", with(func(p *types.Params) { p.AnnualRate = math.LegacyNewDecWithPrec(1, 18) }), false},
		{"largest rate", with(func(p *types.Params) { p.AnnualRate = math.LegacyMustNewDecFromStr("0.999999999999999999") }), false},
		{"rate 0", with(func(p *types.Params) { p.AnnualRate = math.LegacyZeroDec() }), true},
		{"rate 1", with(func(p *types.Params) { p.AnnualRate = math.LegacyOneDec() }), true},
		{"rate 1.5", with(func(p *types.Params) { p.AnnualRate = math.LegacyNewDecWithPrec(15, 1) }), true},
		{"rate negative", with(func(p *types.Params) { p.AnnualRate = math.LegacyNewDecWithPrec(-1, 18) }), true},
		{"rate nil", with(func(p *types.Params) { p.AnnualRate = math.LegacyDec{} }), true},
		{"shortest day", with(func(p *types.Params) { p.DayLength = types.MinDayLength }), false},
		{"longest day", with(func(p *types.Params) { p.DayLength = types.MaxDayLength }), false},
		{"day too short", with(func(p *types.Params) { p.DayLength = types.MinDayLength - time.Nanosecond }), true},
		{"day too long", with(func(p *types.Params) { p.DayLength = types.MaxDayLength + time.Nanosecond }), true},
		{"day zero", with(func(p *types.Params) { p.DayLength = 0 }), true},
		{"day negative", with(func(p *types.Params) { p.DayLength = -time.Hour }), true},
		{"catch-up 1", with(func(p *types.Params) { p.MaxCatchupDays = 1 }), false},
		{"catch-up at the limit", with(func(p *types.Params) { p.MaxCatchupDays = types.MaxCatchupDaysLimit }), false},
		{"catch-up 0", with(func(p *types.Params) { p.MaxCatchupDays = 0 }), true},
		{"catch-up over the limit", with(func(p *types.Params) { p.MaxCatchupDays = types.MaxCatchupDaysLimit + 1 }), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.params.Validate()

			if !tc.wantErr {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidParams)
		})
	}
}

func TestDefaultParams(t *testing.T) {
	p := types.DefaultParams()

	require.Equal(t, "0.151000000000000000", p.AnnualRate.String())
	require.Equal(t, 86_400*time.Second, p.DayLength)
	require.Equal(t, uint32(30), p.MaxCatchupDays)
}
