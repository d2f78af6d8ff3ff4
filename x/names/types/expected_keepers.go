package types

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// AccountKeeper is the part of x/auth the module uses.
type AccountKeeper interface {
	GetModuleAddress(moduleName string) sdk.AccAddress
	GetModuleAccount(ctx context.Context, moduleName string) sdk.ModuleAccountI
}

// BankKeeper is the part of x/bank the module uses.
type BankKeeper interface {
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	SendCoins(ctx context.Context, fromAddr, toAddr sdk.AccAddress, amt sdk.Coins) error
}

// RewardPool is the part of x/rewardpool the module uses: the pool parts of
// a block's fees go into the pool, counted as the names inflow.
type RewardPool interface {
	FundFromModule(ctx context.Context, module string, amount math.Int, source string) error
}

// PriceOracle is the part of x/pro the module uses: names are priced in
// USD and paid in SESH at x/pro's SESH/USD price. It fails closed: with no
// valid price it returns x/pro's ErrNoPrice, and nothing is sold.
type PriceOracle interface {
	// QuoteUSD returns the nsesh that pay microUSD at the price in force,
	// rounded up to the nsesh, and that price.
	QuoteUSD(ctx context.Context, microUSD uint64) (math.Int, math.LegacyDec, error)
}
