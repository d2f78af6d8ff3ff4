package integration

import (
	"encoding/json"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/version"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/pro"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// priceChain is a chain under the default price rules: its first three
// accounts feed the price (0.05 USD per SESH from each at genesis), the
// fourth buys.
func priceChain(t *testing.T) *testutil.Chain {
	t.Helper()
	opts := testutil.DefaultChainOptions()
	opts.Accounts = 4
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
		var gs protypes.GenesisState
		require.NoError(t, cdc.UnmarshalJSON(genesis[protypes.ModuleName], &gs))
		for _, feeder := range accounts[:3] {
			gs.Params.Feeders = append(gs.Params.Feeders, feeder.Address.String())
			gs.Prices = append(gs.Prices, protypes.PriceSubmission{
				Feeder: feeder.Address.String(), Price: math.LegacyNewDecWithPrec(5, 2),
				SubmittedAt: opts.GenesisTime, SourceTime: opts.GenesisTime,
			})
		}
		bz, err := cdc.MarshalJSON(&gs)
		require.NoError(t, err)
		genesis[protypes.ModuleName] = bz
	}
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	return c
}

// feedAll has every feeder of priceChain submit price, each in its own block.
func feedAll(t *testing.T, c *testutil.Chain, price string) {
	t.Helper()
	for _, feeder := range c.Accounts[:3] {
		res := c.Deliver(time.Second, feeder, submitPrice(c, feeder, price))
		require.Zero(t, res.Code, res.Log)
	}
}

func priceHealth(t *testing.T, c *testutil.Chain) *protypes.QueryPriceHealthResponse {
	t.Helper()
	res, err := proQuery(c).PriceHealth(c.Ctx(), &protypes.QueryPriceHealthRequest{})
	require.NoError(t, err)
	return res
}

// TestPriceHealthThroughTheApp: a dishonest feeder does not move the price;
// silent feeders make it unhealthy, purchases fail with the registered error
// while blocks go on, and it recovers when they submit again.
func TestPriceHealthThroughTheApp(t *testing.T) {
	c := priceChain(t)
	buyer := c.Accounts[3]
	buy := func(expiryHeight uint64) *sdkResult {
		res := c.Deliver(time.Second, buyer, &protypes.MsgSubscribe{
			Payer: buyer.Address.String(), SessionPubkey: sessionKey, PlanId: 1,
			MaxAmount: sdk.NewCoin(protypes.Denom, testutil.SESH.MulRaw(1_000)), ExpiryHeight: expiryHeight,
		})
		return &sdkResult{code: res.Code, codespace: res.Codespace, log: res.Log}
	}

	// One feeder of three posts a million USD per SESH: the median stays.
	res := c.Deliver(time.Second, c.Accounts[0], submitPrice(c, c.Accounts[0], "1000000"))
	require.Zero(t, res.Code, res.Log)
	require.True(t, priceHealth(t, c).Healthy)
	balance := c.Balance(buyer.Address)
	require.Zero(t, buy(0).code)
	require.Equal(t, math.NewInt(99_800_000_000), balance.Sub(c.Balance(buyer.Address)), "plan 1 at 0.05 USD")

	// A quote locked to a height that has passed is refused.
	got := buy(uint64(c.Height)) //nolint:gosec // positive
	require.Equal(t, protypes.ErrQuoteExpired.ABCICode(), got.code, got.log)

	// The feeders fall silent: after max_price_age the price is stale, and
	// purchases fail while blocks go on.
	c.NextBlock(protypes.DefaultMaxPriceAge)
	for range 5 {
		c.NextBlock(time.Minute)
	}
	health := priceHealth(t, c)
	require.False(t, health.Healthy)
	require.Equal(t, protypes.PRICE_HEALTH_STALE, health.Health)
	got = buy(0)
	require.Equal(t, protypes.ErrNoPrice.ABCICode(), got.code, got.log)
	require.Equal(t, protypes.ModuleName, got.codespace)

	// They come back: healthy again.
	feedAll(t, c, "0.05")
	require.True(t, priceHealth(t, c).Healthy)
	require.Zero(t, buy(0).code)
}

// sdkResult is the part of a transaction's result the tests compare.
type sdkResult struct {
	code      uint32
	codespace string
	log       string
}

// TestUpgradeGivesThePriceItsHealth passes a software upgrade on a chain
// whose x/pro holds the price as consensus version 5 did (no source times,
// no health params, no reference price): the 5→6 migration gives each
// submission its submission time as source time, the health params their
// defaults, and starts the reference price from the price in force.
func TestUpgradeGivesThePriceItsHealth(t *testing.T) {
	const name = "v-integration-price-health"
	saved := version.Version
	t.Cleanup(func() { version.Version = saved })
	version.Version = "v-integration-old"

	c := priceChain(t)
	upgradeHeight := c.Height + 10
	id := submitProposal(t, c, c.Accounts[0], "Upgrade to "+name, &upgradetypes.MsgSoftwareUpgrade{
		Authority: govAuthority,
		Plan:      upgradetypes.Plan{Name: name, Height: upgradeHeight},
	})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	for c.Height < upgradeHeight-5 {
		c.NextBlock(time.Second)
	}
	feedAll(t, c, "0.06") // heights upgradeHeight-4 to upgradeHeight-2

	// Back to the layout of version 5, which the last block before the
	// upgrade commits.
	//nolint:staticcheck // the writes go straight to the store the next block commits, as an old chain holds them
	ctx := c.App.NewUncachedContext(false, cmtproto.Header{Height: c.Height, Time: c.Time, ChainID: c.ChainID})
	vm, err := c.App.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	vm[protypes.ModuleName] = 5
	require.NoError(t, c.App.UpgradeKeeper.SetModuleVersionMap(ctx, vm))
	params, err := c.App.ProKeeper.Params.Get(ctx)
	require.NoError(t, err)
	params.MinFeeders = 2 // governance's choice, which the migration keeps
	params.MaxSourceDelay, params.PriceWindow, params.MaxPriceChangeBps = 0, 0, 0
	params.PriceFloor, params.PriceCeiling = math.LegacyDec{}, math.LegacyDec{}
	require.NoError(t, c.App.ProKeeper.Params.Set(ctx, params))
	var stripped []protypes.PriceSubmission
	for _, feeder := range c.Accounts[:3] {
		sub, err := c.App.ProKeeper.Prices.Get(ctx, feeder.Address)
		require.NoError(t, err)
		stripped = append(stripped, sub)
		sub.SourceTime = time.Time{}
		require.NoError(t, c.App.ProKeeper.Prices.Set(ctx, feeder.Address, sub))
	}
	require.NoError(t, c.App.ProKeeper.PriceReference.Remove(ctx))
	c.NextBlock(time.Second)
	require.Equal(t, upgradeHeight-1, c.Height)

	// The old binary refuses the plan's block; the new one applies it.
	err = c.TryNextBlock(time.Second)
	require.ErrorContains(t, err, `UPGRADE "`+name+`" NEEDED at height`)
	version.Version = name
	c.Restart()
	c.NextBlock(time.Second)
	upgraded := c.Time

	vm, err = c.App.UpgradeKeeper.GetModuleVersionMap(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(pro.ConsensusVersion), vm[protypes.ModuleName])
	params, err = c.App.ProKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	defaults := protypes.DefaultParams()
	require.Equal(t, uint32(2), params.MinFeeders)
	require.Equal(t, defaults.MaxSourceDelay, params.MaxSourceDelay)
	require.Equal(t, defaults.PriceWindow, params.PriceWindow)
	require.Equal(t, defaults.MaxPriceChangeBps, params.MaxPriceChangeBps)
	require.True(t, defaults.PriceFloor.Equal(params.PriceFloor))
	require.True(t, defaults.PriceCeiling.Equal(params.PriceCeiling))
	for i, feeder := range c.Accounts[:3] {
		sub, err := c.App.ProKeeper.Prices.Get(c.Ctx(), feeder.Address)
		require.NoError(t, err)
		require.Equal(t, stripped[i].SubmittedAt, sub.SourceTime, "a version 5 submission's source time is its submission time")
	}
	ref, err := c.App.ProKeeper.PriceReference.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, "0.060000000000000000", ref.Price.String())
	require.Equal(t, upgraded, ref.Since, "the upgrade block's time")
	require.True(t, priceHealth(t, c).Healthy)

	// Purchases and submissions work under the new rules.
	subscribe(t, c, c.Accounts[3], sessionKey, 1)
	feedAll(t, c, "0.061")
}
