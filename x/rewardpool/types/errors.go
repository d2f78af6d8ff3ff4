package types

import errorsmod "cosmossdk.io/errors"

// Errors of the rewardpool module. Codes are stable: clients match on
// codespace "rewardpool" and the code.
var (
	ErrInvalidAddress   = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrInvalidAmount    = errorsmod.Register(ModuleName, 3, "invalid amount")
	ErrInvalidDenom     = errorsmod.Register(ModuleName, 4, "invalid denom")
	ErrInvalidAuthority = errorsmod.Register(ModuleName, 5, "invalid authority")
	ErrInvalidParams    = errorsmod.Register(ModuleName, 6, "invalid params")
	ErrInvalidGenesis   = errorsmod.Register(ModuleName, 7, "invalid genesis")
	ErrInvalidRequest   = errorsmod.Register(ModuleName, 8, "invalid request")
	ErrInvalidSource    = errorsmod.Register(ModuleName, 9, "invalid inflow source")
)
