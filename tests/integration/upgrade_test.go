package integration

import (
	"strings"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/version"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	"github.com/sessiontoken/sessionchain/x/pro"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestUpgradeRunsModuleMigrations passes a software-upgrade proposal on a
// chain whose x/pro store has the layout of consensus version 1 (no index
// of active subscriptions). At the plan's height the running binary halts;
// the app restarted as the binary named after the plan runs the handler,
// which runs x/pro's 1→2 migration: the
// index and the count are built from the subscriptions, the stored module
// version is 2, and the chain goes on with the subscriptions intact. It
// runs x/nodestaking's 1→2 migration too, which makes the module account.
func TestUpgradeRunsModuleMigrations(t *testing.T) {
	const name = "v-integration-upgrade"
	saved := version.Version
	t.Cleanup(func() { version.Version = saved })
	version.Version = "v-integration-old"

	c := proChain(t)
	payer := c.Accounts[2]
	keys := []string{sessionKey, "1f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"}
	for _, key := range keys {
		subscribe(t, c, payer, key, 1)
	}
	c.NextBlock(time.Second)
	active, err := c.App.ProKeeper.ActiveCount.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(2), active)
	before := subscriptionsOf(t, c, keys)

	// Back to the layout of version 1, as a chain started by the previous
	// release holds it.
	//nolint:staticcheck // the writes go straight to the store the next block commits, as an old chain holds them
	ctx := c.App.NewUncachedContext(false, cmtproto.Header{Height: c.Height, Time: c.Time, ChainID: c.ChainID})
	vm, err := c.App.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	vm[protypes.ModuleName] = 1
	vm[nstypes.ModuleName] = 1
	require.NoError(t, c.App.UpgradeKeeper.SetModuleVersionMap(ctx, vm))
	toProV4Layout(t, c, ctx)
	before = withoutEntitlements(before)
	require.NoError(t, c.App.ProKeeper.Active.Clear(ctx, nil))
	require.NoError(t, c.App.ProKeeper.ActiveCount.Remove(ctx))
	// Before version 4 the params had no liquidity lock.
	params, err := c.App.ProKeeper.Params.Get(ctx)
	require.NoError(t, err)
	params.LiquidityLockedUntil = time.Time{}
	require.NoError(t, c.App.ProKeeper.Params.Set(ctx, params))
	// Swept (version 3) stays: the blocks up to the upgrade run this
	// binary's EndBlock, which reads it.
	// Version 1 of x/nodestaking made its module account with the first
	// stake, and version 1 of x/pro protocol_liquidity with the first
	// purchase: a chain without either has neither account. Before version
	// 3 x/pro had no account of its own.
	nodestakingAddr := authtypes.NewModuleAddress(nstypes.ModuleName)
	liquidityAddr := authtypes.NewModuleAddress(protypes.LiquidityAccount)
	proAddr := authtypes.NewModuleAddress(protypes.ModuleName)
	for _, addr := range []sdk.AccAddress{nodestakingAddr, liquidityAddr, proAddr} {
		acc := c.App.AccountKeeper.GetAccount(ctx, addr)
		require.NotNil(t, acc)
		c.App.AccountKeeper.RemoveAccount(ctx, acc)
	}
	c.NextBlock(time.Second)

	upgradeHeight := c.Height + 10
	id := submitProposal(t, c, c.Accounts[0], "Upgrade to "+name, &upgradetypes.MsgSoftwareUpgrade{
		Authority: govAuthority,
		Plan:      upgradetypes.Plan{Name: name, Height: upgradeHeight},
	})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	for c.Height < upgradeHeight-1 {
		c.NextBlock(time.Second)
	}
	done, err := c.App.UpgradeKeeper.GetDoneHeight(c.Ctx(), name)
	require.NoError(t, err)
	require.Zero(t, done, "not applied before its height")

	// The old binary has no handler for the plan: it refuses the block.
	err = c.TryNextBlock(time.Second)
	require.ErrorContains(t, err, `UPGRADE "`+name+`" NEEDED at height`)

	// The new binary, named after the plan, applies it at that height.
	version.Version = name
	c.Restart()
	c.NextBlock(time.Second)
	done, err = c.App.UpgradeKeeper.GetDoneHeight(c.Ctx(), name)
	require.NoError(t, err)
	require.Equal(t, upgradeHeight, done)
	vm, err = c.App.UpgradeKeeper.GetModuleVersionMap(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(pro.ConsensusVersion), vm[protypes.ModuleName], "x/pro's stored version after the migration")
	require.Equal(t, uint64(nodestaking.ConsensusVersion), vm[nstypes.ModuleName], "x/nodestaking's stored version after the migration")
	require.Implements(t, (*sdk.ModuleAccountI)(nil), c.App.AccountKeeper.GetAccount(c.Ctx(), nodestakingAddr),
		"x/nodestaking's 1→2 migration made its module account, which stakes are sent to")
	require.Implements(t, (*sdk.ModuleAccountI)(nil), c.App.AccountKeeper.GetAccount(c.Ctx(), liquidityAddr),
		"x/pro's 1→2 migration made the protocol_liquidity module account")
	require.Implements(t, (*sdk.ModuleAccountI)(nil), c.App.AccountKeeper.GetAccount(c.Ctx(), proAddr),
		"x/pro's 2→3 migration made its module account, which purchases pay into")
	revenue, err := c.App.ProKeeper.Revenue.Get(c.Ctx())
	require.NoError(t, err)
	swept, err := c.App.ProKeeper.Swept.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, revenue, swept, "x/pro's 2→3 migration counts the purchases before it as swept")
	params, err = c.App.ProKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, c.Time.AddDate(5, 0, 0).UTC(), params.LiquidityLockedUntil.UTC(),
		"x/pro's 3→4 migration locks the protocol-owned liquidity five years from the upgrade block")
	active, err = c.App.ProKeeper.ActiveCount.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(2), active, "the migration counted both subscriptions")
	require.Equal(t, before, withoutEntitlements(subscriptionsOf(t, c, keys)), "subscriptions across the upgrade")
	for _, s := range subscriptionsOf(t, c, keys) {
		require.Equal(t, uint64(1), s.Generation, "x/pro's 4→5 migration opened the first generation")
	}

	// A purchase after the upgrade reaches the pool and protocol_liquidity
	// by the end of its block (the chain checks the invariants after every
	// block).
	feeder := c.Accounts[0]
	res := c.Deliver(time.Second, feeder, submitPrice(c, feeder, "0.05"))
	require.Zero(t, res.Code, res.Log)
	subscribe(t, c, c.Accounts[1], strings.Repeat("cd", 32), 1)
	revenueAfter, err := c.App.ProKeeper.Revenue.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, revenue.Purchases+1, revenueAfter.Purchases)
	proInflow, err := c.App.RewardPoolKeeper.Inflows.Get(c.Ctx(), rptypes.SourcePro)
	require.NoError(t, err)
	require.Equal(t, revenueAfter.ToPool.String(), proInflow.String())
	require.True(t, c.App.BankKeeper.GetBalance(c.Ctx(), proAddr, protypes.Denom).IsZero())

	// The index works after the upgrade: both end and leave the count.
	c.NextBlock(31 * 24 * time.Hour)
	active, err = c.App.ProKeeper.ActiveCount.Get(c.Ctx())
	require.NoError(t, err)
	require.Zero(t, active)
}

// subscribe buys plan for key as payer at the current quote.
func subscribe(t *testing.T, c *testutil.Chain, payer testutil.Account, key string, plan uint32) {
	t.Helper()
	quote, err := proQuery(c).Quote(c.Ctx(), &protypes.QueryQuoteRequest{PlanId: plan})
	require.NoError(t, err)
	res := c.Deliver(time.Second, payer, &protypes.MsgSubscribe{
		Payer: payer.Address.String(), SessionPubkey: key, PlanId: plan,
		MaxAmount: sdk.NewCoin(protypes.Denom, quote.Amount),
	})
	require.Zero(t, res.Code, res.Log)
}

// subscriptionsOf returns the subscriptions of keys.
func subscriptionsOf(t *testing.T, c *testutil.Chain, keys []string) []protypes.Subscription {
	t.Helper()
	var out []protypes.Subscription
	for _, key := range keys {
		sub, err := c.App.ProKeeper.Subscriptions.Get(c.Ctx(), key)
		require.NoError(t, err)
		out = append(out, sub)
	}
	return out
}
