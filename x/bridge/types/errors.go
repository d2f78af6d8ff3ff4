package types

import errorsmod "cosmossdk.io/errors"

// Errors of the bridge module. Codes are stable: clients and relayers match on
// codespace "bridge" and the code.
var (
	ErrInvalidAddress         = errorsmod.Register(ModuleName, 2, "invalid address")
	ErrNotValidator           = errorsmod.Register(ModuleName, 3, "not a bonded validator")
	ErrInvalidEvmAddress      = errorsmod.Register(ModuleName, 4, "invalid EVM address")
	ErrInvalidSignature       = errorsmod.Register(ModuleName, 5, "invalid signature")
	ErrEvmKeyInUse            = errorsmod.Register(ModuleName, 6, "EVM address registered by another validator")
	ErrNoEvmKey               = errorsmod.Register(ModuleName, 7, "validator has no EVM key")
	ErrPaused                 = errorsmod.Register(ModuleName, 8, "bridge paused")
	ErrNotConfigured          = errorsmod.Register(ModuleName, 9, "bridge contract not configured")
	ErrNonceOutOfOrder        = errorsmod.Register(ModuleName, 10, "deposit nonce out of order")
	ErrConflictingAttestation = errorsmod.Register(ModuleName, 11, "conflicting attestation")
	ErrDuplicateAttestation   = errorsmod.Register(ModuleName, 12, "already attested")
	ErrInvalidClaim           = errorsmod.Register(ModuleName, 13, "invalid deposit claim")
	ErrInvalidAmount          = errorsmod.Register(ModuleName, 14, "invalid amount")
	ErrInsufficientBalance    = errorsmod.Register(ModuleName, 15, "insufficient balance")
	ErrTransferNotFound       = errorsmod.Register(ModuleName, 16, "transfer not found")
	ErrTransferExecuted       = errorsmod.Register(ModuleName, 17, "transfer already executed")
	ErrAlreadySigned          = errorsmod.Register(ModuleName, 18, "already signed")
	ErrSignerSetNotFound      = errorsmod.Register(ModuleName, 19, "signer set not found")
	ErrNotLatestSignerSet     = errorsmod.Register(ModuleName, 20, "not the latest signer set")
	ErrInvalidAuthority       = errorsmod.Register(ModuleName, 21, "invalid authority")
	ErrInvalidParams          = errorsmod.Register(ModuleName, 22, "invalid params")
	ErrInvalidGenesis         = errorsmod.Register(ModuleName, 23, "invalid genesis")
	ErrInvalidRequest         = errorsmod.Register(ModuleName, 24, "invalid request")
	ErrIdentityFixed          = errorsmod.Register(ModuleName, 25, "bridge identity is fixed")
)
