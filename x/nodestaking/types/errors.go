package types

import (
	"google.golang.org/grpc/codes"

	errorsmod "cosmossdk.io/errors"
)

// Errors of the nodestaking module. Codes are stable: clients match on
// codespace "nodestaking" and the code. The errors of bad query input carry
// the gRPC code InvalidArgument (HTTP 400 over REST).
var (
	ErrInvalidAddress   = errorsmod.RegisterWithGRPCCode(ModuleName, 2, codes.InvalidArgument, "invalid address")
	ErrInvalidPubkey    = errorsmod.RegisterWithGRPCCode(ModuleName, 3, codes.InvalidArgument, "invalid node public key")
	ErrInvalidSignature = errorsmod.Register(ModuleName, 4, "invalid node key signature")
	ErrNodeExists       = errorsmod.Register(ModuleName, 5, "node key already registered")
	ErrNodeNotFound     = errorsmod.Register(ModuleName, 6, "node not found")
	ErrInvalidFee       = errorsmod.Register(ModuleName, 7, "invalid operator fee")
	ErrInvalidAmount    = errorsmod.Register(ModuleName, 8, "invalid amount")
	ErrInvalidDenom     = errorsmod.Register(ModuleName, 9, "invalid denom")
	ErrStakeTooLow      = errorsmod.Register(ModuleName, 10, "stake below the minimum")
	ErrStakeTooHigh     = errorsmod.Register(ModuleName, 11, "stake above what is left")
	ErrNodeFull         = errorsmod.Register(ModuleName, 12, "no contributor spot left")
	ErrInvalidReserved  = errorsmod.Register(ModuleName, 13, "invalid reserved spots")
	ErrWrongStatus      = errorsmod.Register(ModuleName, 14, "node status does not allow this")
	ErrNotContributor   = errorsmod.Register(ModuleName, 15, "not a contributor of the node")
	ErrTooEarly         = errorsmod.Register(ModuleName, 16, "too early")
	ErrNothingToClaim   = errorsmod.Register(ModuleName, 17, "nothing to claim")
	ErrInvalidAuthority = errorsmod.Register(ModuleName, 18, "invalid authority")
	ErrInvalidParams    = errorsmod.Register(ModuleName, 19, "invalid params")
	ErrInvalidGenesis   = errorsmod.Register(ModuleName, 20, "invalid genesis")
	ErrInvalidRequest   = errorsmod.RegisterWithGRPCCode(ModuleName, 21, codes.InvalidArgument, "invalid request")
	ErrProofSequence    = errorsmod.Register(ModuleName, 22, "wrong uptime proof sequence")
	ErrProofTooSoon     = errorsmod.Register(ModuleName, 23, "uptime proof too soon")
	ErrWrongPeriod      = errorsmod.Register(ModuleName, 24, "not the current testing period")
	ErrNotQuorumMember  = errorsmod.Register(ModuleName, 25, "voter is not in the quorum")
	ErrAlreadyVoted     = errorsmod.Register(ModuleName, 26, "already voted")
	ErrVoteDecided      = errorsmod.Register(ModuleName, 27, "the quorum has decided this period")
	ErrInvalidState     = errorsmod.Register(ModuleName, 28, "invalid node state")
	ErrInvalidEndpoint  = errorsmod.Register(ModuleName, 29, "invalid node endpoint")
	ErrStaleProof       = errorsmod.Register(ModuleName, 30, "uptime proof names a block too old")
	ErrUnknownBlock     = errorsmod.Register(ModuleName, 31, "uptime proof names no recent block of this chain")
	ErrProofOverdue     = errorsmod.Register(ModuleName, 32, "uptime proof overdue")
	ErrNotProven        = errorsmod.Register(ModuleName, 33, "node has not proven it is up again")
	ErrQuorumTooSmall   = errorsmod.Register(ModuleName, 34, "quorum too small to decide")
	ErrNotOperator      = errorsmod.Register(ModuleName, 50, "not the node's operator")
	ErrInvalidSeedProof = errorsmod.Register(ModuleName, 70, "invalid seed proof")
	ErrSameKey          = errorsmod.Register(ModuleName, 80, "new key is the node's current signing key")
	ErrKeyUsed          = errorsmod.Register(ModuleName, 81, "node key already used")
	ErrRotationTooSoon  = errorsmod.Register(ModuleName, 82, "key rotation too soon")
	ErrRotationStatus   = errorsmod.Register(ModuleName, 83, "node status does not allow a key rotation")
	ErrRotationSig      = errorsmod.Register(ModuleName, 84, "not the new key's signature of the rotation")
	ErrFeeAboveMax      = errorsmod.Register(ModuleName, 90, "node fee above the contributor's maximum")
)
