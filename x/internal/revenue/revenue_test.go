package revenue_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/revenue"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// totals stands for a module's revenue totals type.
type totals = protypes.Revenue

// moves records transfers; fail makes them fail.
type moves struct {
	sent   []string
	funded []math.Int
	fail   error
}

func (m *moves) SendCoins(_ context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	if m.fail != nil {
		return m.fail
	}
	m.sent = append(m.sent, string(from)+">"+string(to)+":"+amt.String())
	return nil
}

func (m *moves) FundFromModule(_ context.Context, module string, amount math.Int, source string) error {
	if m.fail != nil {
		return m.fail
	}
	m.funded = append(m.funded, amount)
	return nil
}

func setup(t *testing.T) (sdk.Context, revenue.Ledger[totals], collections.Item[totals], collections.Item[totals], *moves) {
	t.Helper()
	key := storetypes.NewKVStoreKey("revenue")
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("t_revenue"))
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	rev := collections.NewItem(sb, collections.NewPrefix(0), "revenue", codec.CollValue[totals](cdc))
	swept := collections.NewItem(sb, collections.NewPrefix(1), "swept", codec.CollValue[totals](cdc))
	_, err := sb.Build()
	require.NoError(t, err)
	zero := totals{ToPool: math.ZeroInt(), ToLiquidity: math.ZeroInt()}
	require.NoError(t, rev.Set(ctx, zero))
	require.NoError(t, swept.Set(ctx, zero))
	m := &moves{}
	l := revenue.NewLedger(revenue.Config{
		Module: "mod", ModuleAddr: sdk.AccAddress("mod"), LiquidityAddr: sdk.AccAddress("liq"),
		Source: "src", Denom: "nsesh", Label: "test", Bank: m, Pool: m, Logger: log.NewNopLogger(),
	}, rev, swept, func(t *totals) (*math.Int, *math.Int) { return &t.ToPool, &t.ToLiquidity })
	return ctx, l, rev, swept, m
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		amount, bps, pool int64
	}{{1, 9000, 0}, {9, 9000, 8}, {10, 9000, 9}, {11, 9000, 9}, {99, 9000, 89}, {7, 0, 0}, {7, 10_000, 7}} {
		pool, liquidity := revenue.Split(math.NewInt(tc.amount), uint32(tc.bps))
		require.Equal(t, tc.pool, pool.Int64(), "%d at %d bps", tc.amount, tc.bps)
		require.Equal(t, tc.amount, pool.Add(liquidity).Int64())
	}
}

// TestPayAndSweep: a payment is one transfer in, counted split; the sweep
// moves the block's parts in one inflow and one transfer, then nothing.
func TestPayAndSweep(t *testing.T) {
	ctx, l, rev, swept, m := setup(t)
	count := func(t *totals) { t.Purchases++ }
	pool, liquidity, err := l.Pay(ctx, sdk.AccAddress("payer"), math.NewInt(1_000), 9_000, count)
	require.NoError(t, err)
	require.Equal(t, []int64{900, 100}, []int64{pool.Int64(), liquidity.Int64()})
	_, _, err = l.Pay(ctx, sdk.AccAddress("payer"), math.ZeroInt(), 9_000, count)
	require.NoError(t, err)
	require.Equal(t, []string{"payer>mod:1000nsesh"}, m.sent, "a zero payment moves nothing")
	got, err := rev.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, []int64{900, 100}, []int64{got.ToPool.Int64(), got.ToLiquidity.Int64()})
	require.Equal(t, uint64(2), got.Purchases, "a zero payment is counted")

	require.NoError(t, l.Sweep(ctx))
	require.Equal(t, []math.Int{math.NewInt(900)}, m.funded)
	require.Equal(t, "mod>liq:100nsesh", m.sent[1])
	done, err := swept.Get(ctx)
	require.NoError(t, err)
	require.True(t, done.ToPool.Equal(got.ToPool) && done.ToLiquidity.Equal(got.ToLiquidity))

	require.NoError(t, l.Sweep(ctx))
	require.Len(t, m.funded, 1, "nothing left to sweep")
	require.Len(t, m.sent, 2)
}

// TestFailedSweepWritesNothing: EndBlock goes on, the parts wait for the
// next block.
func TestFailedSweepWritesNothing(t *testing.T) {
	ctx, l, _, swept, m := setup(t)
	_, _, err := l.Pay(ctx, sdk.AccAddress("payer"), math.NewInt(50), 9_000, func(*totals) {})
	require.NoError(t, err)
	m.fail = errors.New("bank refuses")
	require.NoError(t, l.Sweep(ctx))
	done, err := swept.Get(ctx)
	require.NoError(t, err)
	require.True(t, done.ToPool.IsZero() && done.ToLiquidity.IsZero())
	m.fail = nil
	require.NoError(t, l.Sweep(ctx))
	require.Equal(t, []math.Int{math.NewInt(45)}, m.funded)
}

func TestAccountsMustBeSet(t *testing.T) {
	require.PanicsWithValue(t, "the mod module account has not been set", func() {
		revenue.Accounts(accounts{}, "mod", "liq")
	})
	require.PanicsWithValue(t, "the liq module account has not been set", func() {
		revenue.Accounts(accounts{"mod": sdk.AccAddress("m")}, "mod", "liq")
	})
}

type accounts map[string]sdk.AccAddress

func (a accounts) GetModuleAddress(name string) sdk.AccAddress { return a[name] }
