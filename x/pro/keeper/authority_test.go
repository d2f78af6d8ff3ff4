package keeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

func (f *fixture) spend(msg *types.MsgSpendProtocolLiquidity) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.SpendProtocolLiquidity(ctx, msg)
		return err
	})
}

func (f *fixture) updateParamsMsg(msg *types.MsgUpdateParams) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.UpdateParams(ctx, msg)
		return err
	})
}

// updateParams replaces the params as governance would.
func (f *fixture) updateParams(modify func(p *types.Params)) {
	f.t.Helper()
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(f.t, err)
	modify(&p)
	require.NoError(f.t, f.updateParamsMsg(&types.MsgUpdateParams{Authority: f.authority, Params: p}))
}

// liquidityFixture has 1,996,000,000 nsesh of protocol-owned liquidity from
// one purchase (plan 1 at $0.25).
func liquidityFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.setPrice("0.25")
	_, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.NoError(t, err)
	f.endBlock()
	require.Equal(t, int64(1_996_000_000), f.balance(f.liquidityAddr).Int64())
	f.advance(time.Minute)
	return f
}

func TestSpendProtocolLiquidity(t *testing.T) {
	// Arrange
	f := liquidityFixture(t)
	recipient := testAddr(50)
	revenue := f.revenue()

	// Act
	err := f.spend(&types.MsgSpendProtocolLiquidity{
		Authority: f.authority, Recipient: recipient.String(), Amount: coin(math.NewInt(1_000_000_007)),
	})

	// Assert
	require.NoError(t, err)
	require.Equal(t, int64(995_999_993), f.balance(f.liquidityAddr).Int64())
	require.Equal(t, int64(1_000_000_007), f.balance(recipient).Int64())
	require.Equal(t, revenue, f.revenue(), "spending is not revenue")
	require.Equal(t, []any{&types.EventProtocolLiquiditySpent{
		Recipient: recipient.String(), Amount: math.NewInt(1_000_000_007),
	}}, eventsAny(f))

	// The whole rest can be spent, and then nothing more.
	all := &types.MsgSpendProtocolLiquidity{Authority: f.authority, Recipient: recipient.String(), Amount: coin(math.NewInt(995_999_993))}
	require.NoError(t, f.spend(all))
	require.True(t, f.balance(f.liquidityAddr).IsZero())
	require.ErrorIs(t, f.spend(all), sdkerrors.ErrInsufficientFunds)
}

func TestSpendProtocolLiquidityRejected(t *testing.T) {
	recipient := testAddr(50).String()
	tests := []struct {
		name    string
		msg     func(authority string) *types.MsgSpendProtocolLiquidity
		wantErr error
	}{
		{"by a payer", func(string) *types.MsgSpendProtocolLiquidity {
			return &types.MsgSpendProtocolLiquidity{Authority: payers[0].String(), Recipient: recipient, Amount: coin(math.NewInt(1))}
		}, types.ErrInvalidAuthority},
		{"by a processor to itself", func(string) *types.MsgSpendProtocolLiquidity {
			return &types.MsgSpendProtocolLiquidity{Authority: processors[0].String(), Recipient: processors[0].String(), Amount: coin(math.NewInt(1))}
		}, types.ErrInvalidAuthority},
		{"empty authority", func(string) *types.MsgSpendProtocolLiquidity {
			return &types.MsgSpendProtocolLiquidity{Recipient: recipient, Amount: coin(math.NewInt(1))}
		}, types.ErrInvalidAuthority},
		{"more than the account holds", func(a string) *types.MsgSpendProtocolLiquidity {
			return &types.MsgSpendProtocolLiquidity{Authority: a, Recipient: recipient, Amount: coin(math.NewInt(1_996_000_001))}
		}, sdkerrors.ErrInsufficientFunds},
		{"zero", func(a string) *types.MsgSpendProtocolLiquidity {
			return &types.MsgSpendProtocolLiquidity{Authority: a, Recipient: recipient, Amount: coin(math.ZeroInt())}
		}, types.ErrInvalidAmount},
		{"wrong denom", func(a string) *types.MsgSpendProtocolLiquidity {
			return &types.MsgSpendProtocolLiquidity{Authority: a, Recipient: recipient, Amount: sdk.NewInt64Coin("stake", 1)}
		}, types.ErrInvalidDenom},
		{"malformed recipient", func(a string) *types.MsgSpendProtocolLiquidity {
			return &types.MsgSpendProtocolLiquidity{Authority: a, Recipient: "session1nobody", Amount: coin(math.NewInt(1))}
		}, types.ErrInvalidAddress},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := liquidityFixture(t)
			before := f.snapshot()

			err := f.spend(tc.msg(f.authority))

			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}

func TestUpdateParams(t *testing.T) {
	// Arrange: new plans, a fourth feeder, and a 50/50 split.
	f := newFixture(t)
	p := types.DefaultParams()
	p.Plans = []types.Plan{{Id: 7, Name: "1 week", Duration: 7 * types.Day, PriceUsd: 1_000_000, MinReceiptAmount: math.NewInt(5)}}
	p.Feeders = strs(feeders[3])
	p.Processors = strs(processors[1])
	p.PoolShareBps = 5_000
	p.LiquidityLockedUntil = genesisTime
	p.MinFeeders = 1

	// Act
	err := f.updateParamsMsg(&types.MsgUpdateParams{Authority: f.authority, Params: p})

	// Assert: stored, and in effect for the next purchase.
	require.NoError(t, err)
	got, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, p, got.Params)
	require.NoError(t, f.submitPrice(feeders[3], dec("0.3")))
	cost, err := f.subscribe(payers[0], sessionKey(1), 7, startingBalance)
	require.NoError(t, err)
	require.Equal(t, int64(3_333_333_334), cost.Int64())
	f.endBlock()
	require.Equal(t, int64(1_666_666_667), f.proInflow().Int64())
	require.Equal(t, int64(1_666_666_667), f.balance(f.liquidityAddr).Int64())
	require.Equal(t, f.now().Add(7*types.Day), f.subscription(sessionKey(1)).Subscription.Expiry)
	_, err = f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.ErrorIs(t, err, types.ErrUnknownPlan, "the old plans are off sale")
}

func TestUpdateParamsRejected(t *testing.T) {
	invalid := types.DefaultParams()
	invalid.MaxPriceAge = 0
	tests := []struct {
		name    string
		msg     func(authority string) *types.MsgUpdateParams
		wantErr error
	}{
		{"by a payer", func(string) *types.MsgUpdateParams {
			return &types.MsgUpdateParams{Authority: payers[0].String(), Params: types.DefaultParams()}
		}, types.ErrInvalidAuthority},
		{"by a feeder", func(string) *types.MsgUpdateParams {
			return &types.MsgUpdateParams{Authority: feeders[0].String(), Params: types.DefaultParams()}
		}, types.ErrInvalidAuthority},
		{"invalid params", func(a string) *types.MsgUpdateParams {
			return &types.MsgUpdateParams{Authority: a, Params: invalid}
		}, types.ErrInvalidParams},
		{"empty params", func(a string) *types.MsgUpdateParams {
			return &types.MsgUpdateParams{Authority: a}
		}, types.ErrInvalidParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.snapshot()

			err := f.updateParamsMsg(tc.msg(f.authority))

			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
		})
	}
}

func TestSpendProtocolLiquidityWaitsForTheLock(t *testing.T) {
	// Arrange: liquidity locked until a day from now.
	f := liquidityFixture(t)
	unlock := f.now().Add(24 * time.Hour)
	f.updateParams(func(p *types.Params) { p.LiquidityLockedUntil = unlock })
	recipient := testAddr(50)
	msg := &types.MsgSpendProtocolLiquidity{Authority: f.authority, Recipient: recipient.String(), Amount: coin(math.NewInt(1_000))}
	before := f.snapshot()

	// Act and assert: refused, with nothing changed, until the lock's time.
	require.ErrorIs(t, f.spend(msg), types.ErrLiquidityLocked)
	require.Equal(t, before, f.snapshot())
	require.True(t, f.balance(recipient).IsZero())
	f.advance(24*time.Hour - time.Second)
	require.ErrorIs(t, f.spend(msg), types.ErrLiquidityLocked)
	f.advance(time.Second)
	require.NoError(t, f.spend(msg))
	require.Equal(t, int64(1_000), f.balance(recipient).Int64())
}

func TestLiquidityLockOnlyMovesLater(t *testing.T) {
	f := liquidityFixture(t)
	later := f.now().Add(365 * 24 * time.Hour)
	f.updateParams(func(p *types.Params) { p.LiquidityLockedUntil = later })

	p, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	before := f.snapshot()
	for _, earlier := range []time.Time{later.Add(-time.Second), f.now(), {}} {
		p.LiquidityLockedUntil = earlier
		err := f.updateParamsMsg(&types.MsgUpdateParams{Authority: f.authority, Params: p})
		require.ErrorIs(t, err, types.ErrInvalidParams, "moving the lock to %s", earlier)
		require.ErrorContains(t, err, "can only move later")
	}
	require.Equal(t, before, f.snapshot())
	p.LiquidityLockedUntil = later.Add(time.Hour)
	require.NoError(t, f.updateParamsMsg(&types.MsgUpdateParams{Authority: f.authority, Params: p}))
}

func TestGenesisWithoutALockLocksFiveYears(t *testing.T) {
	gs := types.DefaultGenesis()
	require.True(t, gs.Params.LiquidityLockedUntil.IsZero(), "the default genesis leaves the lock to InitGenesis")
	f := newFixture(t, withParams(func(p *types.Params) { p.LiquidityLockedUntil = time.Time{} }))

	p, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, genesisTime.AddDate(5, 0, 0).UTC(), p.LiquidityLockedUntil.UTC())
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, p.LiquidityLockedUntil.UTC(), exported.Params.LiquidityLockedUntil.UTC(), "the export carries the time, not the default")
}

func TestMigrate3to4LocksTheLiquidity(t *testing.T) {
	// Arrange: the params of version 3 had no lock.
	f := liquidityFixture(t)
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	p.LiquidityLockedUntil = time.Time{}
	require.NoError(t, f.k.Params.Set(f.ctx, p))

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate3to4(f.ctx))

	// Assert: five years from the upgrade's block, and a spend is refused.
	p, err = f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, f.now().AddDate(5, 0, 0).UTC(), p.LiquidityLockedUntil.UTC())
	err = f.spend(&types.MsgSpendProtocolLiquidity{Authority: f.authority, Recipient: testAddr(50).String(), Amount: coin(math.NewInt(1))})
	require.ErrorIs(t, err, types.ErrLiquidityLocked)

	// A lock already set is kept.
	require.NoError(t, keeper.NewMigrator(f.k).Migrate3to4(f.ctx))
	again, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	require.Equal(t, p, again)
}
