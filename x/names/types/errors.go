package types

import errorsmod "cosmossdk.io/errors"

// Errors of the names module. Codes are stable: clients match on codespace
// "names" and the code.
var (
	ErrInvalidAddress     = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrInvalidName        = errorsmod.Register(ModuleName, 3, "invalid name")
	ErrInvalidNameHash    = errorsmod.Register(ModuleName, 4, "invalid name hash")
	ErrInvalidValue       = errorsmod.Register(ModuleName, 5, "invalid encrypted value")
	ErrInvalidTerm        = errorsmod.Register(ModuleName, 6, "invalid term")
	ErrInvalidAmount      = errorsmod.Register(ModuleName, 7, "invalid amount")
	ErrInvalidDenom       = errorsmod.Register(ModuleName, 8, "invalid denom")
	ErrNameTaken          = errorsmod.Register(ModuleName, 9, "name already registered")
	ErrNameNotFound       = errorsmod.Register(ModuleName, 10, "name not registered")
	ErrNotOwner           = errorsmod.Register(ModuleName, 11, "not the name's owner")
	ErrNameExpired        = errorsmod.Register(ModuleName, 12, "name expired")
	ErrNameReleased       = errorsmod.Register(ModuleName, 13, "name released")
	ErrSlippage           = errorsmod.Register(ModuleName, 14, "price above the maximum given")
	ErrTermTooLong        = errorsmod.Register(ModuleName, 15, "registration too far ahead")
	ErrNotListed          = errorsmod.Register(ModuleName, 16, "name not on sale")
	ErrBuyOwnName         = errorsmod.Register(ModuleName, 17, "cannot buy one's own name")
	ErrNothingToUpdate    = errorsmod.Register(ModuleName, 18, "nothing to update")
	ErrInvalidAuthority   = errorsmod.Register(ModuleName, 19, "invalid authority")
	ErrInvalidParams      = errorsmod.Register(ModuleName, 20, "invalid params")
	ErrInvalidGenesis     = errorsmod.Register(ModuleName, 21, "invalid genesis")
	ErrInvalidRequest     = errorsmod.Register(ModuleName, 22, "invalid request")
	ErrInvalidBackupOwner = errorsmod.Register(ModuleName, 23, "invalid backup owner")
)
