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
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
	// BlockedAddr says whether the address may not receive funds (module
	// accounts): a beneficiary or a claim's recipient must not be one.
	BlockedAddr(addr sdk.AccAddress) bool
}

// RewardPool is the part of x/rewardpool the module uses: penalties go
// into the pool, and today's reward feeds the network stats.
type RewardPool interface {
	FundFromModule(ctx context.Context, module string, amount math.Int, source string) error
	DayRewardNow(ctx context.Context) (math.Int, error)
}
