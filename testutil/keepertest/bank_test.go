package keepertest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func coins(n int64) sdk.Coins { return sdk.NewCoins(sdk.NewInt64Coin(keepertest.Denom, n)) }

func TestBankRefusesOverdraft(t *testing.T) {
	e := newEnv(t)
	e.Bank.Mint(e.Ctx, alice, sdk.NewCoins(sdk.NewInt64Coin("other", 5)))
	before := e.State(e.Ctx)

	err := e.Bank.SendCoins(e.Ctx, alice, bob, coins(101))
	keepertest.RequireRejected(t, err, sdkerrors.ErrInsufficientFunds, before, e.State(e.Ctx))

	// Every coin or none: the nsesh would do, the other denom would not.
	err = e.Bank.SendCoins(e.Ctx, alice, bob, coins(1).Add(sdk.NewInt64Coin("other", 6)))
	keepertest.RequireRejected(t, err, sdkerrors.ErrInsufficientFunds, before, e.State(e.Ctx))

	require.NoError(t, e.Bank.SendCoins(e.Ctx, alice, bob, coins(100)))
	require.Equal(t, "0", e.Balance(e.Ctx, alice).String())
	require.Equal(t, map[string]string{bob.String() + "/nsesh": "100", alice.String() + "/other": "5"}, e.Bank.All(e.Ctx))
}

func TestBankLockedCoinsDoNotMove(t *testing.T) {
	e := newEnv(t)
	e.Bank.Lock(e.Ctx, alice, sdk.NewInt64Coin(keepertest.Denom, 60))
	require.Equal(t, "40", e.Bank.SpendableCoin(e.Ctx, alice, keepertest.Denom).Amount.String())
	require.ErrorIs(t, e.Bank.SendCoins(e.Ctx, alice, bob, coins(41)), sdkerrors.ErrInsufficientFunds)
	require.NoError(t, e.Bank.SendCoins(e.Ctx, alice, bob, coins(40)))
	require.Equal(t, "60", e.Balance(e.Ctx, alice).String(), "the locked part stays")
}

func TestBankMintsOnlyForMinters(t *testing.T) {
	e := newEnv(t, keepertest.WithBank(keepertest.WithMinters("minter")))
	require.ErrorIs(t, e.Bank.MintCoins(e.Ctx, rewardpooltypes.PoolAccount, coins(1)), sdkerrors.ErrUnauthorized)
	require.ErrorIs(t, e.Bank.MintCoins(e.Ctx, "unknown", coins(1)), sdkerrors.ErrUnauthorized)

	require.NoError(t, e.Bank.MintCoins(e.Ctx, "minter", coins(10)))
	require.Equal(t, "110", e.Bank.GetSupply(e.Ctx, keepertest.Denom).Amount.String())
	require.ErrorIs(t, e.Bank.BurnCoins(e.Ctx, "minter", coins(11)), sdkerrors.ErrInsufficientFunds)
	require.NoError(t, e.Bank.BurnCoins(e.Ctx, "minter", coins(4)))
	require.Equal(t, "106", e.Bank.GetSupply(e.Ctx, keepertest.Denom).Amount.String())
	require.Equal(t, "6", e.Balance(e.Ctx, authtypes.NewModuleAddress("minter")).String())
}

func TestBankModuleAccounts(t *testing.T) {
	e := newEnv(t, keepertest.WithBank(keepertest.WithBlockedModules(rewardpooltypes.PoolAccount)))
	poolAddr := authtypes.NewModuleAddress(rewardpooltypes.PoolAccount)
	require.True(t, e.Bank.BlockedAddr(poolAddr))
	require.ErrorIs(t, e.Bank.SendCoinsFromAccountToModule(e.Ctx, alice, "unknown", coins(1)), sdkerrors.ErrUnknownAddress)
	require.NoError(t, e.Bank.SendCoinsFromAccountToModule(e.Ctx, alice, "minter", coins(10)))
	err := e.Bank.SendCoinsFromModuleToAccount(e.Ctx, "minter", poolAddr, coins(1))
	require.ErrorIs(t, err, sdkerrors.ErrUnauthorized, "a blocked address receives nothing from a module")
	require.NoError(t, e.Bank.SendCoinsFromModuleToAccount(e.Ctx, "minter", bob, coins(3)))
	require.Equal(t, "3", e.Balance(e.Ctx, bob).String())
}

func TestPoolFundFromModule(t *testing.T) {
	e := newEnv(t)
	require.NoError(t, e.Bank.SendCoinsFromAccountToModule(e.Ctx, alice, "minter", coins(10)))
	before := e.State(e.Ctx)
	err := e.Pool.FundFromModule(e.Ctx, "minter", math.ZeroInt(), rewardpooltypes.SourcePro)
	keepertest.RequireRejected(t, err, rewardpooltypes.ErrInvalidAmount, before, e.State(e.Ctx))
	err = e.Pool.FundFromModule(e.Ctx, "minter", math.NewInt(11), rewardpooltypes.SourcePro)
	keepertest.RequireRejected(t, err, sdkerrors.ErrInsufficientFunds, before, e.State(e.Ctx))

	require.NoError(t, e.Pool.FundFromModule(e.Ctx, "minter", math.NewInt(4), rewardpooltypes.SourcePro))
	require.Equal(t, "4", e.Pool.Inflow(e.Ctx, rewardpooltypes.SourcePro).String())
	require.Equal(t, map[string]string{rewardpooltypes.SourcePro: "4"}, e.Pool.All(e.Ctx))
	require.Equal(t, "4", e.Balance(e.Ctx, authtypes.NewModuleAddress(rewardpooltypes.PoolAccount)).String())
}

func TestPricesFailClosed(t *testing.T) {
	var p keepertest.Prices
	_, _, err := p.QuoteUSD(t.Context(), 1)
	require.ErrorIs(t, err, protypes.ErrNoPrice)
	p.Set(math.LegacyMustNewDecFromStr("0.05"))
	amount, price, err := p.QuoteUSD(t.Context(), 1_000_000)
	require.NoError(t, err)
	require.Equal(t, protypes.QuoteNsesh(1_000_000, price), amount)
	p.Clear()
	_, _, err = p.QuoteUSD(t.Context(), 1)
	require.ErrorIs(t, err, protypes.ErrNoPrice)
}
