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
	SendCoinsFromModuleToModule(ctx context.Context, senderModule, recipientModule string, amt sdk.Coins) error
	SendCoins(ctx context.Context, fromAddr, toAddr sdk.AccAddress, amt sdk.Coins) error
}

// EmissionRecipient takes the pool's per-block emission. x/nodestaking
// implements it; without one, every block's share stays in the pool.
type EmissionRecipient interface {
	// EmissionModuleAccount names the module account the emission is sent to.
	EmissionModuleAccount() string
	// CanReceiveEmission reports whether anyone is eligible for emission in
	// this block. When it is false, the block's share stays in the pool.
	CanReceiveEmission(ctx context.Context) (bool, error)
	// OnEmission is called after amount (nsesh) has been moved into the
	// emission module account, for the recipient to account for it.
	OnEmission(ctx context.Context, amount math.Int) error
}
