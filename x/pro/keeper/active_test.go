package keeper_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// sessionKeyN returns a distinct canonical Session key for each i.
func sessionKeyN(i int) string {
	sum := sha256.Sum256(binary.BigEndian.AppendUint64([]byte("n"), uint64(i))) //nolint:gosec // i >= 0
	return hex.EncodeToString(sum[:])
}

func TestActiveSubscriptionsCount(t *testing.T) {
	f := newFixture(t)
	f.setPrice("0.25")
	maxPay := math.NewInt(1_000_000_000_000)

	_, err := f.subscribe(payers[0], sessionKey(1), planMonth, maxPay)
	require.NoError(t, err)
	_, err = f.subscribe(payers[1], sessionKey(2), planQuarter, maxPay)
	require.NoError(t, err)
	f.endBlock()
	require.Equal(t, 2, f.activeCount(), "two new subscriptions")

	// Renewing a running subscription does not count it twice.
	_, err = f.subscribe(payers[0], sessionKey(1), planMonth, maxPay)
	require.NoError(t, err)
	f.endBlock()
	require.Equal(t, 2, f.activeCount(), "a renewal")

	// Key 1 runs to day 60, key 2 to day 90: the block at day 60 ends key 1.
	f.advance(60*types.Day - time.Nanosecond)
	f.endBlock()
	require.Equal(t, 2, f.activeCount(), "a nanosecond before key 1 ends")
	f.advance(time.Nanosecond)
	f.endBlock()
	require.Equal(t, 1, f.activeCount(), "key 1 ended at day 60")

	// Buying again after it ended counts it again.
	f.setPrice("0.25")
	_, err = f.subscribe(payers[0], sessionKey(1), planMonth, maxPay)
	require.NoError(t, err)
	f.endBlock()
	require.Equal(t, 2, f.activeCount(), "key 1 renewed after it ended")

	f.advance(365 * types.Day)
	f.endBlock()
	require.Zero(t, f.activeCount(), "everything ended")
}

func TestActiveSubscriptionsRevokedOnlyPeriod(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[0], "r-1", sessionKey(3), planMonth, 499))
	f.endBlock()
	require.Equal(t, 1, f.activeCount())

	f.advance(types.Day)
	require.NoError(t, f.revoke(processors[0], "r-1"))
	require.Zero(t, f.activeCount(), "the only period was revoked: not active, at once")
	f.endBlock()
	require.Zero(t, f.activeCount())
}

func TestActiveSubscriptionsBoundedPerBlock(t *testing.T) {
	f := newFixture(t)
	n := types.MaxExpiriesPerBlock + 5
	for i := range n {
		require.NoError(t, f.record(processors[0], fmt.Sprintf("r-%d", i), sessionKeyN(i), planMonth, 499))
	}
	f.endBlock()
	require.Equal(t, n, f.activeCount())

	f.advance(month)
	f.endBlock()
	require.Equal(t, 5, f.activeCount(), "one block takes at most MaxExpiriesPerBlock")
	f.advance(time.Second)
	f.endBlock()
	require.Zero(t, f.activeCount(), "the next block takes the rest")
}

func TestActiveSubscriptionsRebuiltAtGenesis(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[0], "r-1", sessionKey(1), planMonth, 499))
	require.NoError(t, f.record(processors[0], "r-2", sessionKey(2), planYear, 4999))
	f.advance(month + types.Day)
	// Key 1 ended but no EndBlock ran: still counted until one does.
	require.Equal(t, 2, f.activeCount())

	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	g := newFixture(t, withGenesis(gs))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())
	require.NoError(t, g.k.InitGenesis(g.ctx, gs))
	require.Equal(t, 1, g.activeCount(), "genesis counts the subscriptions that run past its time")
}

func TestMigrate1to2BuildsTheActiveIndex(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[0], "r-1", sessionKey(1), planMonth, 499))
	require.NoError(t, f.record(processors[0], "r-2", sessionKey(2), planYear, 4999))
	require.NoError(t, f.record(processors[0], "r-3", sessionKey(3), planMonth, 499))
	f.advance(month + types.Day)
	// The layout of version 1: no index, no count.
	require.NoError(t, f.k.Active.Clear(f.ctx, nil))
	require.NoError(t, f.k.ActiveCount.Remove(f.ctx))

	require.NoError(t, keeper.NewMigrator(f.k).Migrate1to2(f.ctx))
	require.Equal(t, 1, f.activeCount(), "only the year plan runs past now")

	f.advance(year)
	f.endBlock()
	require.Zero(t, f.activeCount())
}

func TestActiveSubscriptionsFarFuture(t *testing.T) {
	gs := types.DefaultGenesis()
	gs.Subscriptions = []types.Subscription{{
		SessionPubkey: sessionKey(1),
		Expiry:        time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), // past int64 nanoseconds
	}}
	f := newFixture(t, withGenesis(gs))
	f.endBlock()
	require.Equal(t, 1, f.activeCount(), "an expiry past 2262 is not due")
	f.advance(100 * year)
	f.endBlock()
	require.Equal(t, 1, f.activeCount())
}
