package types

import errorsmod "cosmossdk.io/errors"

// Errors of the pro module. Codes are stable: clients match on codespace
// "pro" and the code.
var (
	ErrInvalidAddress    = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrInvalidSessionKey = errorsmod.Register(ModuleName, 3, "invalid Session public key")
	ErrUnknownPlan       = errorsmod.Register(ModuleName, 4, "unknown plan")
	ErrInvalidAmount     = errorsmod.Register(ModuleName, 5, "invalid amount")
	ErrInvalidDenom      = errorsmod.Register(ModuleName, 6, "invalid denom")
	ErrNoPrice           = errorsmod.Register(ModuleName, 7, "no valid SESH price")
	ErrSlippage          = errorsmod.Register(ModuleName, 8, "price above max_amount")
	ErrNotFeeder         = errorsmod.Register(ModuleName, 9, "not a price feeder")
	ErrInvalidPrice      = errorsmod.Register(ModuleName, 10, "invalid price")
	ErrNotProcessor      = errorsmod.Register(ModuleName, 11, "not a payment processor")
	ErrInvalidReceipt    = errorsmod.Register(ModuleName, 12, "invalid receipt id")
	ErrDuplicateReceipt  = errorsmod.Register(ModuleName, 13, "receipt already recorded")
	ErrReceiptNotFound   = errorsmod.Register(ModuleName, 14, "receipt not found")
	ErrAlreadyRevoked    = errorsmod.Register(ModuleName, 15, "receipt already revoked")
	ErrInvalidAuthority  = errorsmod.Register(ModuleName, 16, "invalid authority")
	ErrInvalidParams     = errorsmod.Register(ModuleName, 17, "invalid params")
	ErrInvalidGenesis    = errorsmod.Register(ModuleName, 18, "invalid genesis")
	ErrInvalidRequest    = errorsmod.Register(ModuleName, 19, "invalid request")
	ErrLiquidityLocked   = errorsmod.Register(ModuleName, 20, "protocol-owned liquidity is locked")

	// Codes 60 to 79: the price's health (consensus version 6).

	ErrSourceTime     = errorsmod.Register(ModuleName, 60, "invalid price source time")
	ErrPriceUnhealthy = errorsmod.Register(ModuleName, 61, "SESH price unhealthy")
	ErrQuoteExpired   = errorsmod.Register(ModuleName, 62, "quote expired")
	// Codes 40 to 59: entitlements and issuer keys (consensus version 5).

	ErrReceiptBelowMinimum = errorsmod.Register(ModuleName, 40, "receipt amount below the plan's minimum")
	ErrInvalidIssuerKey    = errorsmod.Register(ModuleName, 41, "invalid issuer key")
	ErrIssuerKeyExists     = errorsmod.Register(ModuleName, 42, "issuer key already registered")
	ErrIssuerKeyNotFound   = errorsmod.Register(ModuleName, 43, "issuer key not found")
)
