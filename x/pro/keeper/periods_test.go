package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// subscriptionSize returns the size of key's stored subscription.
func (f *fixture) subscriptionSize(key string) int {
	f.t.Helper()
	sub, err := f.k.Subscriptions.Get(f.ctx, key)
	require.NoError(f.t, err)
	return sub.Size()
}

// A purchase's cost must not grow with the purchases stacked on the key
// before it (review L-1): 2,000 gifts used to make each renewal decode and
// re-encode 2,000 periods (5.8M gas). SESH periods that meet are one period
// now, so the record and the gas of the 2,000th gift are those of the 2nd.
func TestStackedGiftsDoNotGrowTheSubscription(t *testing.T) {
	f := newFixture(t)
	f.setPrice("0.25")
	key := sessionKey(1)
	gift := func() storetypes.Gas {
		t.Helper()
		f.ctx = f.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
		_, err := f.subscribe(payers[0], key, planMonth, startingBalance)
		require.NoError(t, err)
		return f.ctx.GasMeter().GasConsumed()
	}
	gift()
	second := gift()
	size := f.subscriptionSize(key)
	var last storetypes.Gas
	for range 1_998 {
		last = gift()
	}

	sub := f.subscription(key).Subscription
	require.Len(t, sub.Periods, 1)
	require.Equal(t, uint32(2_000), sub.Periods[0].Purchases)
	require.Equal(t, genesisTime.Add(2_000*month), sub.Expiry)
	require.Equal(t, genesisTime, sub.Periods[0].PeriodStart)
	require.Equal(t, math.NewInt(2_000*19_960_000_000).String(), sub.Periods[0].Amount.String(), "the period holds what all of them paid")
	// The amount's digits grow a little; the periods do not.
	require.LessOrEqual(t, f.subscriptionSize(key), size+4)
	t.Logf("gas of the 2nd gift %d, of the 2,000th %d", second, last)
	require.LessOrEqual(t, last, second+second/20, "the 2,000th gift costs what the 2nd did (within 5%%): %d against %d", last, second)
}

// Receipts' periods stay apart (each can be revoked), and a revocation that
// brings two SESH periods together joins them.
func TestRevocationJoinsTheSESHPeriodsItBringsTogether(t *testing.T) {
	f := newFixture(t)
	f.setPrice("0.25")
	key := sessionKey(2)
	_, err := f.subscribe(payers[0], key, planMonth, startingBalance)
	require.NoError(t, err)
	require.NoError(t, f.record(processors[0], "R1", key, planMonth, 5))
	require.NoError(t, f.record(processors[0], "R2", key, planMonth, 5))
	_, err = f.subscribe(payers[1], key, planMonth, startingBalance)
	require.NoError(t, err)
	require.Equal(t, []span{{"sesh", 0, month}, {"R1", month, 2 * month}, {"R2", 2 * month, 3 * month}, {"sesh", 3 * month, 4 * month}},
		spans(f.subscription(key).Subscription.Periods))

	f.advance(types.Day)
	require.NoError(t, f.revoke(processors[0], "R1"))
	require.NoError(t, f.revoke(processors[0], "R2"))

	sub := f.subscription(key).Subscription
	require.Equal(t, []span{{"sesh", 0, 2 * month}}, spans(sub.Periods))
	require.Equal(t, uint32(2), sub.Periods[0].Purchases)
	require.Equal(t, genesisTime.Add(2*month), sub.Expiry)
	require.Equal(t, uint64(3), sub.Generation, "each revocation took paid time: two generations revoked")
}

// After its only period is revoked, a subscription shows no last payment
// (review I-7: it kept showing the revoked one).
func TestRevokingTheOnlyPeriodLeavesNoLastPayment(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[1], "R1", sessionKey(2), planYear, 10))
	f.advance(100 * types.Day)

	require.NoError(t, f.revoke(processors[1], "R1"))

	sub := f.subscription(sessionKey(2)).Subscription
	require.Empty(t, sub.Periods)
	require.Equal(t, types.PAYMENT_METHOD_UNSPECIFIED, sub.LastPayment.Method)
	require.Empty(t, sub.LastPayment.ReceiptId)
	require.True(t, sub.Revoked, "no paid time is left: the revoked generation stands until the next purchase")
}
