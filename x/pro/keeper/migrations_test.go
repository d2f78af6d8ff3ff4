package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/header"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// v3Payment is a payment as consensus version 3 stored it (no paid_at, no
// purchase count).
func v3Payment(method types.PaymentMethod, payer, receipt string, start, end time.Duration) types.Payment {
	return types.Payment{
		Method: method, Payer: payer, ReceiptId: receipt, PlanId: planMonth, Amount: math.NewInt(100),
		PeriodStart: genesisTime.Add(start), PeriodEnd: genesisTime.Add(end),
	}
}

func TestMigrate4to5(t *testing.T) {
	// Arrange: the state of consensus version 4, written straight to the
	// store: params without the new fields, receipts keyed by id, a key with
	// three gifts in a row, one whose last payment was revoked.
	f := newFixture(t)
	old := types.DefaultParams()
	old.Plans = []types.Plan{{Id: 1, Name: "1 month", Duration: month, PriceUsd: 1}, {Id: 9, Name: "10 days and 1s", Duration: 10*types.Day + time.Second, PriceUsd: 1}}
	old.Processors = strs(processors...)
	old.GracePeriod, old.RevocationDelay, old.RevocationRetention = 0, 0, 0
	require.NoError(t, f.k.Params.Set(f.ctx, old))
	revokedAt := genesisTime
	p0, p1 := processors[0].String(), processors[1].String()
	for _, r := range []types.Receipt{
		{ReceiptId: "shared", Processor: p0, SessionPubkey: sessionKey(2), Payment: v3Payment(types.PAYMENT_METHOD_EXTERNAL, p0, "shared", 0, month)},
		{ReceiptId: "gone", Processor: p1, SessionPubkey: sessionKey(2), Payment: v3Payment(types.PAYMENT_METHOD_EXTERNAL, p1, "gone", month, 2*month), RevokedAt: &revokedAt},
	} {
		require.NoError(t, f.k.SetLegacyReceipt(f.ctx, r))
	}
	gifts := []types.Payment{
		v3Payment(types.PAYMENT_METHOD_SESH, payers[0].String(), "", 0, month),
		v3Payment(types.PAYMENT_METHOD_SESH, payers[1].String(), "", month, 2*month),
		v3Payment(types.PAYMENT_METHOD_SESH, payers[2].String(), "", 2*month, 3*month),
	}
	require.NoError(t, f.k.Subscriptions.Set(f.ctx, sessionKey(1), types.Subscription{
		SessionPubkey: sessionKey(1), Expiry: genesisTime.Add(3 * month), LastPayment: gifts[2], Periods: gifts,
	}))
	require.NoError(t, f.k.Subscriptions.Set(f.ctx, sessionKey(2), types.Subscription{
		SessionPubkey: sessionKey(2), Expiry: genesisTime.Add(month),
		LastPayment: v3Payment(types.PAYMENT_METHOD_EXTERNAL, p1, "gone", month, 2*month),
		Periods:     []types.Payment{v3Payment(types.PAYMENT_METHOD_EXTERNAL, p0, "shared", 0, month)},
	}))
	f.ctx = f.ctx.WithHeaderInfo(header.Info{Height: 42, Time: genesisTime})

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate4to5(f.ctx))

	// Assert: params with their new defaults.
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.NoError(t, params.Validate())
	require.Equal(t, "30000000000", params.Plans[0].MinReceiptAmount.String())
	require.Equal(t, "11000000000", params.Plans[1].MinReceiptAmount.String(), "one SESH per started day")
	require.Equal(t, types.DefaultGracePeriod, params.GracePeriod)
	require.Equal(t, types.DefaultRevocationDelay, params.RevocationDelay)
	require.Equal(t, types.DefaultRevocationRetention, params.RevocationRetention)

	// Receipts under their processors, the revoked one listed, none left behind.
	require.Equal(t, sessionKey(2), f.receipt(processors[0], "shared").SessionPubkey)
	require.NotNil(t, f.receipt(processors[1], "gone").RevokedAt)
	has, err := f.k.Revoked.Has(f.ctx, collectionsJoin(processors[1], "gone"))
	require.NoError(t, err)
	require.True(t, has)
	left, err := f.k.LegacyReceiptCount(f.ctx)
	require.NoError(t, err)
	require.Zero(t, left)
	require.NoError(t, f.record(processors[1], "shared", sessionKey(3), 1, 30_000_000_000), "ids are per processor now")
	require.ErrorIs(t, f.record(processors[0], "shared", sessionKey(3), 1, 30_000_000_000), types.ErrDuplicateReceipt)

	// Subscriptions: their first generation, tagged at the upgrade height;
	// the gifts joined; the revoked last payment replaced.
	gifted, err := f.k.Subscriptions.Get(f.ctx, sessionKey(1))
	require.NoError(t, err)
	require.Equal(t, uint64(1), gifted.Generation)
	require.Equal(t, types.RevocationTag(sessionKey(1), 1, 42), gifted.RevocationTag)
	require.Equal(t, types.ProofExpiryOffset(sessionKey(1), gifted.Expiry, 42), gifted.ProofExpiryOffset)
	require.Len(t, gifted.Periods, 1)
	require.Equal(t, uint32(3), gifted.Periods[0].Purchases)
	require.Equal(t, "300", gifted.Periods[0].Amount.String())
	refunded, err := f.k.Subscriptions.Get(f.ctx, sessionKey(2))
	require.NoError(t, err)
	require.Equal(t, "shared", refunded.LastPayment.ReceiptId)
	last, err := f.k.LastRevocationTicket.Get(f.ctx)
	require.NoError(t, err)
	require.Zero(t, last)
	require.Equal(t, types.UserStatusActive, f.proofStatus(sessionKey(1)).UserStatus)
}
