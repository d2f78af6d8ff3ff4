package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

func TestSubscribeCostAndSplit(t *testing.T) {
	tests := []struct {
		name      string
		price     string
		plan      uint32
		wantCost  int64
		wantPool  int64
		wantLiqui int64
	}{
		{"exact: $4.99 at $0.50", "0.5", planMonth, 9_980_000_000, 8_982_000_000, 998_000_000},
		{"rounded up: $4.99 at $3", "3", planMonth, 1_663_333_334, 1_497_000_000, 166_333_334},
		{"rounded up: $49.99 at $0.35", "0.35", planYear, 142_828_571_429, 128_545_714_286, 14_282_857_143},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			f.setPrice(tc.price)
			require.Equal(t, tc.wantCost, f.quote(tc.plan).Int64(), "quote")
			key := sessionKey(1)
			f.clearEvents()

			// Act: max_amount exactly the cost is enough.
			cost, err := f.subscribe(payers[0], key, tc.plan, math.NewInt(tc.wantCost))

			// Assert
			require.NoError(t, err)
			require.Equal(t, tc.wantCost, cost.Int64())
			require.Equal(t, startingBalance.SubRaw(tc.wantCost).String(), f.balance(payers[0]).String(), "payer")
			require.Equal(t, tc.wantCost, f.balance(f.moduleAddr).Int64(), "the purchase waits in the module account")
			require.True(t, f.balance(f.poolAddr).IsZero(), "until the end of the block")
			f.endBlock()
			require.True(t, f.balance(f.moduleAddr).IsZero(), "the end of the block moves it all on")
			require.Equal(t, tc.wantPool, f.balance(f.poolAddr).Int64(), "pool account")
			require.Equal(t, tc.wantPool, f.proInflow().Int64(), "pool inflow under source pro")
			require.Equal(t, tc.wantLiqui, f.balance(f.liquidityAddr).Int64(), "liquidity account")
			rev := f.revenue()
			require.Equal(t, tc.wantPool, rev.ToPool.Int64())
			require.Equal(t, tc.wantLiqui, rev.ToLiquidity.Int64())
			require.Equal(t, uint64(1), rev.Purchases)

			plan, err := types.DefaultParams().Plan(tc.plan)
			require.NoError(t, err)
			expiry := genesisTime.Add(plan.Duration)
			require.Equal(t, []any{&types.EventSubscribed{
				SessionPubkey: key, Payer: payers[0].String(), PlanId: tc.plan, Amount: math.NewInt(tc.wantCost),
				ToPool: math.NewInt(tc.wantPool), ToLiquidity: math.NewInt(tc.wantLiqui), Expiry: expiry,
			}}, eventsAny(f))
			sub := f.subscription(key)
			require.True(t, sub.Active)
			require.Equal(t, expiry, sub.Subscription.Expiry)
			require.Equal(t, types.Payment{
				Method: types.PAYMENT_METHOD_SESH, Payer: payers[0].String(), PlanId: tc.plan,
				Amount: math.NewInt(tc.wantCost), PeriodStart: genesisTime, PeriodEnd: expiry,
				PaidAt: &genesisTime, Purchases: 1,
			}, sub.Subscription.LastPayment)
		})
	}
}

// The price can move between a quote and the block: a purchase whose cost
// rose above max_amount fails and changes nothing; with enough max_amount it
// goes through at the new cost.
func TestSubscribeSlippage(t *testing.T) {
	// Arrange: quote at $0.25, then SESH falls to $0.20, so the plan costs more.
	f := newFixture(t)
	f.setPrice("0.25")
	quoted := f.quote(planMonth)
	require.Equal(t, int64(19_960_000_000), quoted.Int64())
	f.advance(time.Minute)
	f.setPrice("0.20")
	f.advance(time.Second)
	before := f.snapshot()

	// Act
	_, errAtQuote := f.subscribe(payers[0], sessionKey(1), planMonth, quoted)
	_, errShort := f.subscribe(payers[0], sessionKey(1), planMonth, math.NewInt(24_950_000_000-1))

	// Assert
	require.ErrorIs(t, errAtQuote, types.ErrSlippage)
	require.ErrorIs(t, errShort, types.ErrSlippage)
	require.Equal(t, before, f.snapshot())
	require.Empty(t, f.events())

	cost, err := f.subscribe(payers[0], sessionKey(1), planMonth, quoted.MulRaw(2))
	require.NoError(t, err)
	require.Equal(t, int64(24_950_000_000), cost.Int64(), "charged the new cost, not max_amount")
	require.Equal(t, startingBalance.SubRaw(24_950_000_000).String(), f.balance(payers[0]).String())
}

func TestRenewalsStack(t *testing.T) {
	f := newFixture(t)
	f.setPrice("0.25")
	key := sessionKey(1)
	buy := func(plan uint32) {
		t.Helper()
		_, err := f.subscribe(payers[0], key, plan, startingBalance)
		require.NoError(t, err)
	}

	// Two purchases at once: the second starts where the first ends.
	buy(planMonth)
	buy(planQuarter)
	require.Equal(t, genesisTime.Add(month+quarter), f.subscription(key).Subscription.Expiry)

	// A renewal while active extends the current expiry, not now.
	f.advance(10 * types.Day)
	f.setPrice("0.25")
	buy(planMonth)
	sub := f.subscription(key).Subscription
	require.Equal(t, genesisTime.Add(month+quarter+month), sub.Expiry)
	require.Equal(t, genesisTime.Add(month+quarter), sub.LastPayment.PeriodStart)
	// SESH periods that meet are one period of three purchases.
	require.Len(t, sub.Periods, 1)
	require.Equal(t, uint32(3), sub.Periods[0].Purchases)
	require.Equal(t, genesisTime, sub.Periods[0].PeriodStart)
	require.Equal(t, sub.Expiry, sub.Periods[0].PeriodEnd)

	// A purchase after expiry starts now; the periods that are over are dropped.
	f.advance(month + quarter + month - 10*types.Day + 5*types.Day)
	require.False(t, f.subscription(key).Active)
	f.setPrice("0.25")
	buy(planYear)
	sub = f.subscription(key).Subscription
	require.Equal(t, f.now().Add(year), sub.Expiry)
	require.Len(t, sub.Periods, 1)
	require.Equal(t, f.now(), sub.Periods[0].PeriodStart)
	require.Equal(t, uint64(4), f.revenue().Purchases)
}

// A purchase exactly at expiry starts at expiry, which is now.
func TestSubscribeAtExpiry(t *testing.T) {
	f := newFixture(t)
	f.setPrice("0.25")
	key := sessionKey(1)
	_, err := f.subscribe(payers[0], key, planMonth, startingBalance)
	require.NoError(t, err)

	f.advance(month)
	require.False(t, f.subscription(key).Active)
	f.setPrice("0.25")
	_, err = f.subscribe(payers[0], key, planMonth, startingBalance)

	require.NoError(t, err)
	require.Equal(t, genesisTime.Add(2*month), f.subscription(key).Subscription.Expiry)
}

// Anyone may pay for any Session account: the subscription belongs to the
// key, not to the payer.
func TestGift(t *testing.T) {
	f := newFixture(t)
	f.setPrice("0.25")
	friend := strings.ToUpper(sessionKey(7))

	_, err := f.subscribe(payers[1], friend, planMonth, startingBalance)
	require.NoError(t, err)
	_, err = f.subscribe(payers[2], sessionKey(7), planMonth, startingBalance)
	require.NoError(t, err)

	got := f.subscription(sessionKey(7))
	require.True(t, got.Active)
	require.Equal(t, sessionKey(7), got.Subscription.SessionPubkey, "stored under the lowercase key")
	require.Equal(t, genesisTime.Add(2*month), got.Subscription.Expiry, "both gifts stack on the key")
	require.Equal(t, payers[2].String(), got.Subscription.LastPayment.Payer)
	require.Len(t, got.Subscription.Periods, 1, "the two gifts are one period")
	require.Equal(t, uint32(2), got.Subscription.Periods[0].Purchases)
	require.Equal(t, payers[2].String(), got.Subscription.Periods[0].Payer, "of the later payer")
	require.False(t, f.subscription(sessionKey(1)).Active, "other keys get nothing")
	cost := int64(19_960_000_000)
	require.Equal(t, startingBalance.SubRaw(cost).String(), f.balance(payers[1]).String())
	require.Equal(t, startingBalance.SubRaw(cost).String(), f.balance(payers[2]).String())
}

func TestSplitFollowsPoolShare(t *testing.T) {
	tests := []struct {
		name     string
		bps      uint32
		wantPool int64
	}{
		{"0%: all to liquidity, the pool is not called", 0, 0},
		{"33.33%", 3_333, 6_652_668_000},
		{"100%: all to the pool", 10_000, 19_960_000_000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withParams(func(p *types.Params) { p.PoolShareBps = tc.bps }))
			f.setPrice("0.25")

			cost, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)

			require.NoError(t, err)
			require.Equal(t, int64(19_960_000_000), cost.Int64())
			f.endBlock()
			require.Equal(t, tc.wantPool, f.proInflow().Int64())
			require.Equal(t, tc.wantPool, f.balance(f.poolAddr).Int64())
			require.Equal(t, cost.Int64()-tc.wantPool, f.balance(f.liquidityAddr).Int64())
			require.Equal(t, cost.Int64()-tc.wantPool, f.revenue().ToLiquidity.Int64())
		})
	}
}

func TestSubscribeRejected(t *testing.T) {
	const cost = 19_960_000_000 // plan 1 at $0.25
	poor := testAddr(77)
	tests := []struct {
		name    string
		setup   func(f *fixture)
		msg     *types.MsgSubscribe
		wantErr error
	}{
		{"unknown plan", nil, &types.MsgSubscribe{
			Payer: payers[0].String(), SessionPubkey: sessionKey(1), PlanId: 9, MaxAmount: coin(startingBalance),
		}, types.ErrUnknownPlan},
		{"plan id zero", nil, &types.MsgSubscribe{
			Payer: payers[0].String(), SessionPubkey: sessionKey(1), PlanId: 0, MaxAmount: coin(startingBalance),
		}, types.ErrUnknownPlan},
		{"malformed Session key", nil, &types.MsgSubscribe{
			Payer: payers[0].String(), SessionPubkey: sessionKey(1)[:40], PlanId: planMonth, MaxAmount: coin(startingBalance),
		}, types.ErrInvalidSessionKey},
		{"Session key not hex", nil, &types.MsgSubscribe{
			Payer: payers[0].String(), SessionPubkey: "g" + sessionKey(1)[1:], PlanId: planMonth, MaxAmount: coin(startingBalance),
		}, types.ErrInvalidSessionKey},
		{"zero max_amount", nil, &types.MsgSubscribe{
			Payer: payers[0].String(), SessionPubkey: sessionKey(1), PlanId: planMonth, MaxAmount: coin(math.ZeroInt()),
		}, types.ErrInvalidAmount},
		{"negative max_amount", nil, &types.MsgSubscribe{
			Payer: payers[0].String(), SessionPubkey: sessionKey(1), PlanId: planMonth,
			MaxAmount: sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-cost)},
		}, types.ErrInvalidAmount},
		{"wrong denom", nil, &types.MsgSubscribe{
			Payer: payers[0].String(), SessionPubkey: sessionKey(1), PlanId: planMonth, MaxAmount: sdk.NewCoin("stake", startingBalance),
		}, types.ErrInvalidDenom},
		{"malformed payer", nil, &types.MsgSubscribe{
			Payer: "session1payer", SessionPubkey: sessionKey(1), PlanId: planMonth, MaxAmount: coin(startingBalance),
		}, types.ErrInvalidAddress},
		{"max_amount one short", nil, &types.MsgSubscribe{
			Payer: payers[0].String(), SessionPubkey: sessionKey(1), PlanId: planMonth, MaxAmount: coin(math.NewInt(cost - 1)),
		}, types.ErrSlippage},
		{"payer without funds", nil, &types.MsgSubscribe{
			Payer: poor.String(), SessionPubkey: sessionKey(1), PlanId: planMonth, MaxAmount: coin(startingBalance),
		}, sdkerrors.ErrInsufficientFunds},
		{"payer one nsesh short", func(f *fixture) {
			f.bank.Mint(f.ctx, poor, sdk.NewCoins(coin(math.NewInt(cost-1))))
		}, &types.MsgSubscribe{
			Payer: poor.String(), SessionPubkey: sessionKey(1), PlanId: planMonth, MaxAmount: coin(startingBalance),
		}, sdkerrors.ErrInsufficientFunds},
		{"payer with the pool part only: the pool transfer is undone", func(f *fixture) {
			f.bank.Mint(f.ctx, poor, sdk.NewCoins(coin(math.NewInt(cost*9/10))))
		}, &types.MsgSubscribe{
			Payer: poor.String(), SessionPubkey: sessionKey(1), PlanId: planMonth, MaxAmount: coin(startingBalance),
		}, sdkerrors.ErrInsufficientFunds},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange: an existing subscription and revenue, so "unchanged" means something.
			f := newFixture(t)
			f.setPrice("0.25")
			_, err := f.subscribe(payers[1], sessionKey(1), planMonth, startingBalance)
			require.NoError(t, err)
			if tc.setup != nil {
				tc.setup(f)
			}
			f.advance(time.Minute)
			before := f.snapshot()

			// Act
			_, err = f.subscribeMsg(tc.msg)

			// Assert
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}

// A sweep that cannot complete moves nothing, does not fail the block, and
// the next block moves everything still waiting.
func TestSweepFailureMovesNothingAndRetries(t *testing.T) {
	// Arrange: two purchases wait in the module account; then it is short
	// of the liquidity parts, so the pool transfer succeeds and the
	// liquidity transfer fails.
	f := newFixture(t)
	f.setPrice("0.25")
	cost1, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.NoError(t, err)
	cost2, err := f.subscribe(payers[1], sessionKey(2), planMonth, startingBalance)
	require.NoError(t, err)
	rev := f.revenue()
	require.Equal(t, cost1.Add(cost2), rev.ToPool.Add(rev.ToLiquidity))
	require.NoError(t, f.bank.SendCoins(f.ctx, f.moduleAddr, testAddr(60), sdk.NewCoins(coin(rev.ToLiquidity))))

	// Act
	require.NoError(t, f.k.Sweep(f.ctx))

	// Assert: nothing moved, nothing recorded as swept.
	require.Equal(t, rev.ToPool, f.balance(f.moduleAddr))
	require.True(t, f.balance(f.poolAddr).IsZero())
	require.True(t, f.proInflow().IsZero())
	require.True(t, f.balance(f.liquidityAddr).IsZero())
	require.True(t, f.swept().ToPool.IsZero())

	// Act: the funds are back by the next block.
	require.NoError(t, f.bank.SendCoins(f.ctx, testAddr(60), f.moduleAddr, sdk.NewCoins(coin(rev.ToLiquidity))))
	f.advance(time.Second)

	// Assert: both purchases' parts moved on, once.
	require.True(t, f.balance(f.moduleAddr).IsZero())
	require.Equal(t, rev.ToPool, f.balance(f.poolAddr))
	require.Equal(t, rev.ToPool, f.proInflow())
	require.Equal(t, rev.ToLiquidity, f.balance(f.liquidityAddr))
	require.Equal(t, rev, f.swept())
}
