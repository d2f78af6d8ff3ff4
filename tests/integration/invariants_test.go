package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestInvariantsCatchBrokenConservation runs a chain whose pool pays a node
// for a few hours, then breaks each conservation invariant in a branch of
// its state and requires the check every block runs to name it: a check
// that cannot fail would prove nothing.
func TestInvariantsCatchBrokenConservation(t *testing.T) {
	opts := testutil.DefaultChainOptions()
	opts.EditGenesis = testutil.WithoutUptimeTimeout
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	operator := c.Accounts[0]
	reg, _ := testutil.RegisterNodeMsg(t, c.ChainID, operator.Address, sesh(25_000), 0)
	require.Zero(t, c.Deliver(time.Second, operator, reg).Code)
	for range 3 {
		c.NextBlock(time.Hour)
	}
	require.NoError(t, c.Invariants(c.Ctx()))

	coins := sdk.NewCoins(sdk.NewCoin(rptypes.Denom, sesh(1)))
	for _, tc := range []struct {
		name   string
		tamper func(ctx sdk.Context)
		want   string
	}{
		{"tokens reach the pool without an inflow", func(ctx sdk.Context) {
			require.NoError(t, c.App.BankKeeper.SendCoinsFromAccountToModule(ctx, operator.Address, rptypes.PoolAccount, coins))
		}, "rewardpool conservation broken"},
		{"emission recorded twice", func(ctx sdk.Context) {
			emitted, err := c.App.RewardPoolKeeper.TotalEmitted.Get(ctx)
			require.NoError(t, err)
			require.NoError(t, c.App.RewardPoolKeeper.TotalEmitted.Set(ctx, emitted.AddRaw(1)))
		}, "emission: the pool emitted"},
		{"the node module holds what nobody is owed", func(ctx sdk.Context) {
			require.NoError(t, c.App.BankKeeper.SendCoinsFromAccountToModule(ctx, operator.Address, nstypes.ModuleName, coins))
		}, "nodestaking: module balance"},
		{"a purchase's liquidity part swept but never arrived", func(ctx sdk.Context) {
			revenue, err := c.App.ProKeeper.Revenue.Get(ctx)
			require.NoError(t, err)
			revenue.ToLiquidity = revenue.ToLiquidity.AddRaw(1)
			require.NoError(t, c.App.ProKeeper.Revenue.Set(ctx, revenue))
			require.NoError(t, c.App.ProKeeper.Swept.Set(ctx, revenue))
		}, "liquidity: gained"},
		{"a purchase that never paid the module account", func(ctx sdk.Context) {
			revenue, err := c.App.ProKeeper.Revenue.Get(ctx)
			require.NoError(t, err)
			revenue.ToPool = revenue.ToPool.AddRaw(9)
			require.NoError(t, c.App.ProKeeper.Revenue.Set(ctx, revenue))
		}, "pro: the module account holds 0, the payments not yet swept are 9"},
		{"a names fee's liquidity part swept but never arrived", func(ctx sdk.Context) {
			revenue, err := c.App.NamesKeeper.Revenue.Get(ctx)
			require.NoError(t, err)
			revenue.ToLiquidity = revenue.ToLiquidity.AddRaw(1)
			require.NoError(t, c.App.NamesKeeper.Revenue.Set(ctx, revenue))
			require.NoError(t, c.App.NamesKeeper.Swept.Set(ctx, revenue))
		}, "liquidity: gained"},
		{"a names fee's pool part swept but never arrived", func(ctx sdk.Context) {
			revenue, err := c.App.NamesKeeper.Revenue.Get(ctx)
			require.NoError(t, err)
			revenue.ToPool = revenue.ToPool.AddRaw(1)
			require.NoError(t, c.App.NamesKeeper.Revenue.Set(ctx, revenue))
			require.NoError(t, c.App.NamesKeeper.Swept.Set(ctx, revenue))
		}, "names: pool parts swept 1 != the pool's names inflow 0"},
		{"a names fee that never paid the module account", func(ctx sdk.Context) {
			revenue, err := c.App.NamesKeeper.Revenue.Get(ctx)
			require.NoError(t, err)
			revenue.ToLiquidity = revenue.ToLiquidity.AddRaw(4)
			require.NoError(t, c.App.NamesKeeper.Revenue.Set(ctx, revenue))
		}, "names: the module account holds 0, the payments not yet swept are 4"},
		{"tokens left in the names module account", func(ctx sdk.Context) {
			require.NoError(t, c.App.BankKeeper.SendCoinsFromAccountToModule(ctx, operator.Address, namestypes.ModuleName, coins))
		}, "names: the module account holds 1000000000"},
		{"a transfer out that burned nothing", func(ctx sdk.Context) {
			require.NoError(t, c.App.BridgeKeeper.Transfers.Set(ctx, 7, bridgetypes.Transfer{
				Id: 7, Kind: bridgetypes.TRANSFER_KIND_BRIDGE_OUT, Status: bridgetypes.TRANSFER_STATUS_PENDING,
				Sender: operator.Address.String(), EvmRecipient: "0x000000000000000000000000000000000000dEaD", Amount: sesh(1),
			}))
		}, "bridge: in flight"},
		{"tokens minted outside the bridge's accounts", func(ctx sdk.Context) {
			require.NoError(t, c.App.BankKeeper.MintCoins(ctx, bridgetypes.ModuleName, coins))
			require.NoError(t, c.App.BankKeeper.SendCoinsFromModuleToModule(ctx, bridgetypes.ModuleName, authtypes.FeeCollectorName, coins))
		}, "supply:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, _ := c.Ctx().CacheContext()
			tc.tamper(ctx)
			err := c.Invariants(ctx)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
	require.NoError(t, c.Invariants(c.Ctx()), "the tampering stayed in its branches")
}
