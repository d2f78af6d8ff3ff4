package integration

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil"
	prokeeper "github.com/sessiontoken/sessionchain/x/pro/keeper"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// sessionKey is a Session account key for the tests.
const sessionKey = "9f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"

// proChain is a chain whose first account feeds the price (0.05 USD per SESH
// at genesis) and whose second account is a payment processor. One fresh
// submission makes the price, and it may double in a window, so that these
// tests can move it at will; price_test.go tests the default rules.
func proChain(t *testing.T) *testutil.Chain {
	t.Helper()
	opts := testutil.DefaultChainOptions()
	opts.EditGenesis = proGenesis(opts)
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	return c
}

// proGenesis makes the first account the feeder of a 0.05 USD price at
// genesis and the second a payment processor.
func proGenesis(opts testutil.ChainOptions) func(testing.TB, codec.Codec, map[string]json.RawMessage, []testutil.Account) {
	return func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
		var gs protypes.GenesisState
		require.NoError(t, cdc.UnmarshalJSON(genesis[protypes.ModuleName], &gs))
		gs.Params.Feeders = []string{accounts[0].Address.String()}
		gs.Params.MinFeeders = 1
		gs.Params.MaxPriceChangeBps = protypes.BasisPoints
		gs.Params.Processors = []string{accounts[1].Address.String()}
		gs.Prices = []protypes.PriceSubmission{{
			Feeder: accounts[0].Address.String(), Price: math.LegacyNewDecWithPrec(5, 2),
			SubmittedAt: opts.GenesisTime, SourceTime: opts.GenesisTime,
		}}
		bz, err := cdc.MarshalJSON(&gs)
		require.NoError(t, err)
		genesis[protypes.ModuleName] = bz
	}
}

// submitPrice is from's submission of price, read at its sources at the
// chain's latest block time.
func submitPrice(c *testutil.Chain, from testutil.Account, price string) *protypes.MsgSubmitPrice {
	return &protypes.MsgSubmitPrice{Feeder: from.Address.String(), Price: math.LegacyMustNewDecFromStr(price), SourceTime: c.Time}
}

func proQuery(c *testutil.Chain) protypes.QueryServer {
	return prokeeper.NewQueryServerImpl(c.App.ProKeeper)
}

func subscription(t *testing.T, c *testutil.Chain) *protypes.QuerySubscriptionResponse {
	t.Helper()
	res, err := proQuery(c).Subscription(c.Ctx(), &protypes.QuerySubscriptionRequest{SessionPubkey: sessionKey})
	require.NoError(t, err)
	return res
}

// TestSubscribeSplitsRevenue buys Pro through the whole app: the cost is the
// plan's USD price at the genesis price, 90% goes into the pool as Pro
// inflow and 10% into protocol-owned liquidity, and periods stack.
func TestSubscribeSplitsRevenue(t *testing.T) {
	c := proChain(t)
	payer := c.Accounts[2] // a gift: the payer has nothing to do with the key
	liquidity := authtypes.NewModuleAddress(protypes.LiquidityAccount)
	poolBefore, payerBefore := poolQuery(t, c).Balance, c.Balance(payer.Address)
	// Purchases pay both shares to the module accounts' addresses: genesis
	// made them, and they stay module accounts.
	requireModuleAccounts := func() {
		t.Helper()
		for _, name := range []string{protypes.LiquidityAccount, rptypes.PoolAccount} {
			acc := c.App.AccountKeeper.GetAccount(c.Ctx(), authtypes.NewModuleAddress(name))
			require.Implements(t, (*sdk.ModuleAccountI)(nil), acc, "the %s account", name)
		}
	}
	requireModuleAccounts()

	// $4.99 at $0.05 per SESH is 99.8 SESH.
	quote, err := proQuery(c).Quote(c.Ctx(), &protypes.QueryQuoteRequest{PlanId: 1})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(99_800_000_000), quote.Amount)

	res := c.Deliver(time.Second, payer, &protypes.MsgSubscribe{
		Payer: payer.Address.String(), SessionPubkey: sessionKey, PlanId: 1,
		MaxAmount: sdk.NewCoin(protypes.Denom, quote.Amount),
	})
	require.Zero(t, res.Code, res.Log)
	bought := c.Time

	toPool, toLiquidity := math.NewInt(89_820_000_000), math.NewInt(9_980_000_000)
	require.Equal(t, payerBefore.Sub(quote.Amount), c.Balance(payer.Address))
	require.Equal(t, poolBefore.Add(toPool), poolQuery(t, c).Balance, "no node is active: the pool grows by exactly the pool part")
	require.Equal(t, toPool, inflow(totalsQuery(t, c), rptypes.SourcePro))
	require.Equal(t, toLiquidity, c.Balance(liquidity))
	requireModuleAccounts()
	sub := subscription(t, c)
	require.True(t, sub.Active)
	require.Equal(t, bought.Add(30*protypes.Day), sub.Subscription.Expiry)
	require.Equal(t, protypes.PAYMENT_METHOD_SESH, sub.Subscription.LastPayment.Method)
	requireConservation(t, c)

	// A renewal a day later (after the feeder refreshed the price) stacks on
	// the current expiry.
	c.NextBlock(24 * time.Hour)
	feeder := c.Accounts[0]
	res = c.Deliver(time.Second, feeder, submitPrice(c, feeder, "0.05"))
	require.Zero(t, res.Code, res.Log)
	res = c.Deliver(time.Second, payer, &protypes.MsgSubscribe{
		Payer: payer.Address.String(), SessionPubkey: sessionKey, PlanId: 1,
		MaxAmount: sdk.NewCoin(protypes.Denom, quote.Amount),
	})
	require.Zero(t, res.Code, res.Log)
	require.Equal(t, bought.Add(60*protypes.Day), subscription(t, c).Subscription.Expiry)

	revenue, err := proQuery(c).Revenue(c.Ctx(), &protypes.QueryRevenueRequest{})
	require.NoError(t, err)
	require.Equal(t, toPool.MulRaw(2), revenue.Revenue.ToPool)
	require.Equal(t, toLiquidity.MulRaw(2), revenue.Revenue.ToLiquidity)
	require.Equal(t, uint64(2), revenue.Revenue.Purchases)
	require.Equal(t, toLiquidity.MulRaw(2), revenue.LiquidityBalance)
}

// TestSubscribeRefusals checks the errors a subscriber meets through the app.
func TestSubscribeRefusals(t *testing.T) {
	c := proChain(t)
	payer, feeder := c.Accounts[2], c.Accounts[0]
	subscribe := func(key string, plan uint32, maxAmount sdk.Coin) uint32 {
		return c.Deliver(time.Second, payer, &protypes.MsgSubscribe{
			Payer: payer.Address.String(), SessionPubkey: key, PlanId: plan, MaxAmount: maxAmount,
		}).Code
	}
	plenty := sdk.NewCoin(protypes.Denom, testutil.SESH.MulRaw(10_000))
	balance := c.Balance(payer.Address)

	require.Equal(t, protypes.ErrUnknownPlan.ABCICode(), subscribe(sessionKey, 9, plenty))
	require.Equal(t, protypes.ErrInvalidSessionKey.ABCICode(), subscribe("abcd", 1, plenty))
	require.Equal(t, protypes.ErrInvalidDenom.ABCICode(), subscribe(sessionKey, 1, sdk.NewInt64Coin("stake", 5)))
	require.Equal(t, protypes.ErrSlippage.ABCICode(), subscribe(sessionKey, 1, sdk.NewCoin(protypes.Denom, math.NewInt(99_799_999_999))),
		"one nsesh short of the quote")

	// The feeder doubles its price: the same max_amount now buys nothing.
	res := c.Deliver(time.Second, feeder, submitPrice(c, feeder, "0.10"))
	require.Zero(t, res.Code, res.Log)
	quote, err := proQuery(c).Quote(c.Ctx(), &protypes.QueryQuoteRequest{PlanId: 1})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(49_900_000_000), quote.Amount, "the new price halves the cost")

	// Someone who is not a feeder cannot move the price.
	res = c.Deliver(time.Second, payer, submitPrice(c, payer, "1"))
	require.Equal(t, protypes.ErrNotFeeder.ABCICode(), res.Code)

	// After max_price_age without a new submission there is no price.
	c.NextBlock(protypes.DefaultMaxPriceAge)
	require.Equal(t, protypes.ErrNoPrice.ABCICode(), subscribe(sessionKey, 1, plenty))
	require.False(t, subscription(t, c).Active)
	require.Equal(t, balance, c.Balance(payer.Address), "no refusal moved a token")
}

// TestExternalPaymentAndRevocation records a store purchase and refunds it.
func TestExternalPaymentAndRevocation(t *testing.T) {
	c := proChain(t)
	processor := c.Accounts[1]
	record := func(receipt string, plan uint32) uint32 {
		return c.Deliver(time.Second, processor, &protypes.MsgRecordPayment{
			Processor: processor.Address.String(), ReceiptId: receipt, SessionPubkey: sessionKey, PlanId: plan,
			Amount: sdk.NewCoin(protypes.Denom, testutil.SESH.MulRaw(95)),
		}).Code
	}
	require.Zero(t, record("store-1", 1))
	start := c.Time
	require.Zero(t, record("store-2", 2), "a second period stacks")
	require.Equal(t, start.Add(120*protypes.Day), subscription(t, c).Subscription.Expiry)
	require.Equal(t, protypes.ErrDuplicateReceipt.ABCICode(), record("store-1", 1))

	// Refund the first purchase ten days in: its last 20 days are cut and
	// the second period moves up.
	c.NextBlock(10 * protypes.Day)
	res := c.Deliver(0, processor, &protypes.MsgRevokePayment{Processor: processor.Address.String(), ReceiptId: "store-1"})
	require.Zero(t, res.Code, res.Log)
	cut := start.Add(30 * protypes.Day).Sub(c.Time)
	require.Equal(t, start.Add(120*protypes.Day).Add(-cut), subscription(t, c).Subscription.Expiry)
	revocations, err := proQuery(c).Revocations(c.Ctx(), &protypes.QueryRevocationsRequest{})
	require.NoError(t, err)
	require.Len(t, revocations.Receipts, 1)
	require.Equal(t, "store-1", revocations.Receipts[0].ReceiptId)
	require.Equal(t, testutil.SESH.MulRaw(95*2).MulRaw(9).QuoRaw(10), inflow(totalsQuery(t, c), rptypes.SourcePro),
		"the tokens stay where they went")
}
