package types_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil/fuzzcheck"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// addr returns a distinct bech32 account address for each i.
func addr(i byte) string { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)).String() }

// FuzzMsgFundPoolValidateBasic checks that ValidateBasic never panics,
// accepts exactly a positive amount of nsesh whatever the depositor (the
// signer: the SDK checks it), and refuses anything else with the registered
// error of the first bad field.
func FuzzMsgFundPoolValidateBasic(f *testing.F) {
	f.Add(addr(1), types.Denom, []byte{0x01}, false)
	f.Add(addr(1), types.Denom, fuzzcheck.MaxInt(), false)
	f.Add(addr(1), types.Denom, []byte{}, false)
	f.Add(addr(1), types.Denom, []byte{}, true)
	f.Add(addr(1), types.Denom, []byte{0x05}, true)
	f.Add(addr(1), "stake", []byte{0x05}, false)
	f.Add(addr(1), "", []byte{0x05}, false)
	f.Add("", types.Denom, []byte{0x05}, false)
	f.Add("session1", types.Denom, []byte{0x05}, false)
	f.Add("session1", "stake", []byte{}, true)
	f.Fuzz(func(t *testing.T, depositor, denom string, amountBytes []byte, negative bool) {
		amount := fuzzcheck.Int(amountBytes, negative)
		msg := &types.MsgFundPool{Depositor: depositor, Amount: sdk.Coin{Denom: denom, Amount: amount}}

		err := msg.ValidateBasic()

		withSigner := *msg
		withSigner.Depositor = addr(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the depositor %q", depositor)
		switch {
		case denom != types.Denom:
			require.ErrorIs(t, err, types.ErrInvalidDenom)
		case amount.IsNil() || !amount.IsPositive():
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		default:
			require.NoError(t, err)
			got, err := types.ValidateFundAmount(msg.Amount)
			require.NoError(t, err)
			require.Equal(t, amount.String(), got.String())
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// FuzzMsgUpdateParamsValidateBasic checks that ValidateBasic never panics,
// accepts exactly an annual rate strictly between 0 and 1, a day of one
// minute to 366 days and 1 to 1000 catch-up days whatever the authority (the
// signer: the SDK checks it), refusing anything else with ErrInvalidParams;
// and that with any accepted params the emission arithmetic stays in bounds.
func FuzzMsgUpdateParamsValidateBasic(f *testing.F) {
	f.Add(addr(1), "0.151", int64(24*time.Hour), uint32(30))
	f.Add(addr(1), "0.999999999999999999", int64(types.MaxDayLength), uint32(types.MaxCatchupDaysLimit))
	f.Add(addr(1), "0.000000000000000001", int64(types.MinDayLength), uint32(1))
	f.Add(addr(1), "1", int64(24*time.Hour), uint32(30))
	f.Add(addr(1), "0", int64(24*time.Hour), uint32(30))
	f.Add(addr(1), "-0.1", int64(24*time.Hour), uint32(30))
	f.Add(addr(1), "", int64(24*time.Hour), uint32(30))
	f.Add(addr(1), "0.151", int64(types.MinDayLength)-1, uint32(30))
	f.Add(addr(1), "0.151", int64(types.MaxDayLength)+1, uint32(30))
	f.Add(addr(1), "0.151", int64(-1<<63), uint32(0))
	f.Add(addr(1), "0.151", int64(24*time.Hour), uint32(types.MaxCatchupDaysLimit)+1)
	f.Add("gov", "0.151", int64(24*time.Hour), uint32(30))
	f.Add("", "1", int64(24*time.Hour), uint32(30))
	f.Fuzz(func(t *testing.T, authority, rateStr string, dayLength int64, catchup uint32) {
		rate, decErr := math.LegacyNewDecFromStr(rateStr)
		if decErr != nil {
			rate = math.LegacyDec{} // what a message without the field carries
		}
		msg := &types.MsgUpdateParams{Authority: authority, Params: types.Params{
			AnnualRate: rate, DayLength: time.Duration(dayLength), MaxCatchupDays: catchup,
		}}

		err := msg.ValidateBasic()

		withSigner := *msg
		withSigner.Authority = addr(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the authority %q", authority)
		paramsOK := !rate.IsNil() && rate.IsPositive() && rate.LT(math.LegacyOneDec()) &&
			dayLength >= int64(types.MinDayLength) && dayLength <= int64(types.MaxDayLength) &&
			catchup >= 1 && catchup <= types.MaxCatchupDaysLimit
		switch {
		case !paramsOK:
			require.ErrorIs(t, err, types.ErrInvalidParams)
		default:
			require.NoError(t, err)
			// The largest pool a day can start from pays less than itself,
			// and a day's entitlement stays within its reward.
			pool := fuzzcheck.Int(fuzzcheck.MaxInt(), false)
			reward := types.DayReward(pool, rate)
			require.True(t, reward.LT(pool))
			half := time.Duration(dayLength / 2)
			require.True(t, types.Entitlement(reward, half, time.Duration(dayLength)).LTE(reward))
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}
