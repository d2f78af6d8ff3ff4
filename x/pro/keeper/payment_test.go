package keeper_test

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

func TestRecordPayment(t *testing.T) {
	// Arrange: no price is needed for a payment made elsewhere.
	f := newFixture(t)
	key := sessionKey(3)
	const amount = 1_000_000_019

	// Act
	err := f.record(processors[0], "GPA.1234-5678", strings.ToUpper(key), planQuarter, amount)

	// Assert: the processor paid, with the same split as a purchase.
	require.NoError(t, err)
	const toPool, toLiquidity = 900_000_017, 100_000_002
	require.Equal(t, startingBalance.SubRaw(amount).String(), f.balance(processors[0]).String())
	f.endBlock()
	require.Equal(t, int64(toPool), f.balance(f.poolAddr).Int64())
	require.Equal(t, int64(toPool), f.proInflow().Int64())
	require.Equal(t, int64(toLiquidity), f.balance(f.liquidityAddr).Int64())
	require.Equal(t, types.Revenue{ToPool: math.NewInt(toPool), ToLiquidity: math.NewInt(toLiquidity), Purchases: 1}, f.revenue())

	payment := types.Payment{
		Method: types.PAYMENT_METHOD_EXTERNAL, Payer: processors[0].String(), ReceiptId: "GPA.1234-5678",
		PlanId: planQuarter, Amount: math.NewInt(amount), PeriodStart: genesisTime, PeriodEnd: genesisTime.Add(quarter),
		PaidAt: &genesisTime, Purchases: 1,
	}
	sub := f.subscription(key)
	require.True(t, sub.Active)
	require.Equal(t, genesisTime.Add(quarter), sub.Subscription.Expiry)
	require.Equal(t, []types.Payment{payment}, sub.Subscription.Periods)
	receipt := f.receipt(processors[0], "GPA.1234-5678")
	require.Equal(t, types.Receipt{
		ReceiptId: "GPA.1234-5678", Processor: processors[0].String(), SessionPubkey: key, Payment: payment,
	}, receipt)
	require.Equal(t, []any{&types.EventSubscribed{
		SessionPubkey: key, Payer: processors[0].String(), PlanId: planQuarter, Amount: math.NewInt(amount),
		ToPool: math.NewInt(toPool), ToLiquidity: math.NewInt(toLiquidity), ReceiptId: "GPA.1234-5678",
		Expiry: genesisTime.Add(quarter),
	}}, eventsAny(f))
}

// External payments and SESH purchases stack on the same key.
func TestRecordPaymentStacksWithPurchases(t *testing.T) {
	f := newFixture(t)
	f.setPrice("0.25")
	key := sessionKey(3)
	_, err := f.subscribe(payers[0], key, planMonth, startingBalance)
	require.NoError(t, err)
	f.advance(types.Day)

	require.NoError(t, f.record(processors[1], "r-1", key, planYear, 5))

	sub := f.subscription(key).Subscription
	require.Equal(t, genesisTime.Add(month+year), sub.Expiry)
	require.Equal(t, genesisTime.Add(month), sub.Periods[1].PeriodStart)
	require.Equal(t, uint64(2), f.revenue().Purchases)
	require.Equal(t, "19960000005", f.revenue().ToPool.Add(f.revenue().ToLiquidity).String())
}

func TestRecordPaymentRejected(t *testing.T) {
	msg := func(modify func(m *types.MsgRecordPayment)) *types.MsgRecordPayment {
		m := &types.MsgRecordPayment{
			Processor: processors[0].String(), ReceiptId: "r-2", SessionPubkey: sessionKey(1),
			PlanId: planMonth, Amount: coin(math.NewInt(1_000)),
		}
		modify(m)
		return m
	}
	tests := []struct {
		name    string
		msg     *types.MsgRecordPayment
		wantErr error
	}{
		{"a payer is not a processor", msg(func(m *types.MsgRecordPayment) { m.Processor = payers[0].String() }), types.ErrNotProcessor},
		{"a feeder is not a processor", msg(func(m *types.MsgRecordPayment) { m.Processor = feeders[0].String() }), types.ErrNotProcessor},
		{"the authority is not a processor", msg(func(m *types.MsgRecordPayment) { m.Processor = authorityAddr().String() }), types.ErrNotProcessor},
		{"duplicate receipt", msg(func(m *types.MsgRecordPayment) { m.ReceiptId = "r-1" }), types.ErrDuplicateReceipt},
		{"revoked receipt used again", msg(func(m *types.MsgRecordPayment) { m.ReceiptId = "r-revoked" }), types.ErrDuplicateReceipt},
		{"unknown plan", msg(func(m *types.MsgRecordPayment) { m.PlanId = 4 }), types.ErrUnknownPlan},
		{"receipt id with a space", msg(func(m *types.MsgRecordPayment) { m.ReceiptId = "r 2" }), types.ErrInvalidReceipt},
		{"receipt id too long", msg(func(m *types.MsgRecordPayment) { m.ReceiptId = strings.Repeat("r", 129) }), types.ErrInvalidReceipt},
		{"malformed Session key", msg(func(m *types.MsgRecordPayment) { m.SessionPubkey = "05" + sessionKey(1) }), types.ErrInvalidSessionKey},
		{"zero amount", msg(func(m *types.MsgRecordPayment) { m.Amount = coin(math.ZeroInt()) }), types.ErrInvalidAmount},
		{"wrong denom", msg(func(m *types.MsgRecordPayment) { m.Amount = sdk.NewInt64Coin("uusdc", 1_000) }), types.ErrInvalidDenom},
		{"malformed processor", msg(func(m *types.MsgRecordPayment) { m.Processor = "processor" }), types.ErrInvalidAddress},
		{"processor without the funds", msg(func(m *types.MsgRecordPayment) {
			m.Amount = coin(startingBalance.AddRaw(1))
		}), sdkerrors.ErrInsufficientFunds},
		{"the largest amount a coin holds", msg(func(m *types.MsgRecordPayment) {
			m.Amount = coin(math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))))
		}), sdkerrors.ErrInsufficientFunds},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			require.NoError(t, f.record(processors[0], "r-1", sessionKey(1), planMonth, 1_000))
			require.NoError(t, f.record(processors[0], "r-revoked", sessionKey(2), planMonth, 1_000))
			require.NoError(t, f.revoke(processors[0], "r-revoked"))
			f.advance(time.Minute)
			before := f.snapshot()

			// Act
			err := f.recordMsg(tc.msg)

			// Assert
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}
