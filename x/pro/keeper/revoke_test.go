package keeper_test

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// span is a paid period as offsets from genesis, with what bought it.
type span struct {
	by         string // receipt id, or "sesh"
	start, end time.Duration
}

func spans(periods []types.Payment) []span {
	out := []span{}
	for _, p := range periods {
		by := p.ReceiptId
		if p.Method == types.PAYMENT_METHOD_SESH {
			by = "sesh"
		}
		out = append(out, span{by, p.PeriodStart.Sub(genesisTime), p.PeriodEnd.Sub(genesisTime)})
	}
	return out
}

// stackedFixture has, for sessionKey(1), at genesis: R1 (processor 0, 30
// days), then R2 (processor 0, 90 days), then a SESH purchase (30 days):
// R1 [0, 30d), R2 [30d, 120d), SESH [120d, 150d).
func stackedFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.setPrice("0.25")
	require.NoError(t, f.record(processors[0], "R1", sessionKey(1), planMonth, 1_000_001))
	require.NoError(t, f.record(processors[0], "R2", sessionKey(1), planQuarter, 3_000_003))
	_, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.NoError(t, err)
	require.Equal(t, []span{{"R1", 0, month}, {"R2", month, month + quarter}, {"sesh", month + quarter, 2*month + quarter}},
		spans(f.subscription(sessionKey(1)).Subscription.Periods))
	return f
}

func TestRevokePayment(t *testing.T) {
	const d = types.Day
	tests := []struct {
		name        string
		at          time.Duration // since genesis
		receipt     string
		wantExpiry  time.Duration // since genesis
		wantPeriods []span
		// wantRevoked: paid time was taken away, so the entitlement
		// generation is revoked and the next one opens.
		wantRevoked bool
	}{
		{
			"the current period, halfway: the rest ends now, later periods move up", 15 * d, "R1", 135 * d,
			[]span{{"R2", 15 * d, 105 * d}, {"sesh", 105 * d, 135 * d}},
			true,
		},
		{
			"the current period, at its first instant: all of it", 0, "R1", 120 * d,
			[]span{{"R2", 0, 90 * d}, {"sesh", 90 * d, 120 * d}},
			true,
		},
		{
			"a future stacked period: its full duration, later periods move up", 15 * d, "R2", 60 * d,
			[]span{{"R1", 0, 30 * d}, {"sesh", 30 * d, 60 * d}},
			true,
		},
		{
			"a period already over: nothing changes", 40 * d, "R1", 150 * d,
			[]span{{"R2", 30 * d, 120 * d}, {"sesh", 120 * d, 150 * d}},
			false,
		},
		{
			"a period exactly at its end: nothing changes", 30 * d, "R1", 150 * d,
			[]span{{"R2", 30 * d, 120 * d}, {"sesh", 120 * d, 150 * d}},
			false,
		},
		{
			"the current period, 1ns before its end", 30*d - 1, "R1", 150*d - 1,
			[]span{{"R2", 30*d - 1, 120*d - 1}, {"sesh", 120*d - 1, 150*d - 1}},
			true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := stackedFixture(t)
			f.advance(tc.at)
			balances, inflows, revenue := f.bank.All(f.ctx), f.pool.All(f.ctx), f.revenue()

			// Act
			err := f.revoke(processors[0], tc.receipt)

			// Assert
			require.NoError(t, err)
			sub := f.subscription(sessionKey(1))
			require.Equal(t, genesisTime.Add(tc.wantExpiry), sub.Subscription.Expiry)
			require.Equal(t, tc.wantPeriods, spans(sub.Subscription.Periods))
			require.True(t, sub.Active)
			receipt := f.receipt(processors[0], tc.receipt)
			require.NotNil(t, receipt.RevokedAt)
			require.Equal(t, f.now(), *receipt.RevokedAt)
			revoked := &types.EventPaymentRevoked{
				ReceiptId: tc.receipt, SessionPubkey: sessionKey(1), Expiry: genesisTime.Add(tc.wantExpiry),
				Processor: processors[0].String(), RevokedBy: processors[0].String(),
			}
			firstTag := types.RevocationTag(sessionKey(1), 1, 1)
			if tc.wantRevoked {
				require.Equal(t, []any{&types.EventEntitlementRevoked{
					SessionPubkey: sessionKey(1), Ticket: 1, Generation: 1, RevocationTag: hex.EncodeToString(firstTag),
					EffectiveAt: f.now().Add(types.DefaultRevocationDelay), NextGeneration: 2,
				}, revoked}, eventsAny(f))
				require.Equal(t, uint64(2), sub.Subscription.Generation)
				require.Equal(t, types.RevocationTag(sessionKey(1), 2, f.ctx.HeaderInfo().Height), sub.Subscription.RevocationTag)
			} else {
				require.Equal(t, []any{revoked}, eventsAny(f))
				require.Equal(t, uint64(1), sub.Subscription.Generation, "no paid time was taken: the generation stands")
				require.Equal(t, firstTag, sub.Subscription.RevocationTag)
			}
			require.False(t, sub.Subscription.Revoked)
			// The tokens stay where they went.
			require.Equal(t, balances, f.bank.All(f.ctx))
			require.Equal(t, inflows, f.pool.All(f.ctx))
			require.Equal(t, revenue, f.revenue())
		})
	}
}

// Revoking the only period halfway ends the subscription now.
func TestRevokeOnlyPeriod(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[1], "R1", sessionKey(2), planYear, 10))
	f.advance(100 * types.Day)

	require.NoError(t, f.revoke(processors[1], "R1"))

	sub := f.subscription(sessionKey(2))
	require.False(t, sub.Active)
	require.Equal(t, f.now(), sub.Subscription.Expiry)
	require.Empty(t, sub.Subscription.Periods)
}

func TestRevokePaymentRejected(t *testing.T) {
	tests := []struct {
		name      string
		processor sdk.AccAddress
		receipt   string
		wantErr   error
	}{
		{"twice", processors[0], "R0", types.ErrAlreadyRevoked},
		{"by the other processor, which has no receipt of that id", processors[1], "R1", types.ErrReceiptNotFound},
		{"by the payer of a purchase", payers[0], "R1", types.ErrReceiptNotFound},
		{"by a malformed address", sdk.AccAddress{}, "R1", types.ErrInvalidAddress},
		{"unknown receipt", processors[0], "R9", types.ErrReceiptNotFound},
		{"receipt id invalid", processors[0], "R 1", types.ErrInvalidReceipt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange: R0 is revoked already.
			f := stackedFixture(t)
			f.advance(time.Hour)
			require.NoError(t, f.record(processors[0], "R0", sessionKey(1), planMonth, 7))
			require.NoError(t, f.revoke(processors[0], "R0"))
			f.advance(10 * types.Day)
			before := f.snapshot()

			// Act
			err := f.revoke(tc.processor, tc.receipt)

			// Assert
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}

func TestRevocationsQuery(t *testing.T) {
	// Arrange: five revoked receipts, revoked out of order, and one kept.
	f := newFixture(t)
	for _, id := range []string{"r-c", "r-a", "r-e", "r-b", "r-d", "r-kept"} {
		require.NoError(t, f.record(processors[0], id, sessionKey(4), planMonth, 100))
	}
	f.advance(types.Day)
	for _, id := range []string{"r-d", "r-a", "r-e", "r-c", "r-b"} {
		require.NoError(t, f.revoke(processors[0], id))
	}

	// Act: read in pages of two.
	var got []string
	var pages int
	var next []byte
	for {
		res, err := f.queries.Revocations(f.ctx, &types.QueryRevocationsRequest{
			Pagination: &query.PageRequest{Key: next, Limit: 2, CountTotal: next == nil},
		})
		require.NoError(t, err)
		pages++
		if pages == 1 {
			require.Equal(t, uint64(5), res.Pagination.Total)
		}
		require.LessOrEqual(t, len(res.Receipts), 2)
		for _, r := range res.Receipts {
			require.NotNil(t, r.RevokedAt)
			require.Equal(t, f.now(), *r.RevokedAt)
			got = append(got, r.ReceiptId)
		}
		next = res.Pagination.NextKey
		if next == nil {
			break
		}
	}

	// Assert
	require.Equal(t, []string{"r-a", "r-b", "r-c", "r-d", "r-e"}, got)
	require.Equal(t, 3, pages)
	_, err := f.queries.Revocations(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

// After the last purchase is revoked, the subscription shows the payment
// that still stands as its last one.
func TestRevokeLastPaymentShowsTheOneThatStands(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[1], "R1", sessionKey(3), planMonth, 10))
	require.NoError(t, f.record(processors[1], "R2", sessionKey(3), planYear, 10))
	require.Equal(t, "R2", f.subscription(sessionKey(3)).Subscription.LastPayment.ReceiptId)

	require.NoError(t, f.revoke(processors[1], "R2"))

	sub := f.subscription(sessionKey(3))
	require.True(t, sub.Active)
	require.Equal(t, "R1", sub.Subscription.LastPayment.ReceiptId)
	require.Equal(t, sub.Subscription.Expiry, sub.Subscription.LastPayment.PeriodEnd)
}
