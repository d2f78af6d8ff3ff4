package types

import (
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/ethereum/go-ethereum/common"
)

// DefaultSignerSetChangeBps makes a new signer set when the normalized power
// moves by more than 5%.
const DefaultSignerSetChangeBps = 500

// DefaultParams are the params of a new chain: no contract yet, so the bridge
// moves nothing until governance (or the genesis) names one.
func DefaultParams() Params {
	return Params{SignerSetChangeBps: DefaultSignerSetChangeBps}
}

// Validate checks the params.
func (p Params) Validate() error {
	if p.SignerSetChangeBps == 0 || p.SignerSetChangeBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidParams, "signer_set_change_bps must be in 1..%d, got %d", BasisPoints, p.SignerSetChangeBps)
	}
	if p.ContractAddress == "" {
		return nil
	}
	if p.EvmChainId == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "evm_chain_id must be set with contract_address")
	}
	if err := ValidateBridgeName(p.BridgeName); err != nil {
		return errorsmod.Wrapf(ErrInvalidParams, "bridge_name: %s", err)
	}
	if _, err := ParseEvmAddress(p.ContractAddress); err != nil {
		return errorsmod.Wrapf(ErrInvalidParams, "contract_address: %s", err)
	}
	return nil
}

// MaxBridgeNameLength bounds the bridge name, which the contract stores.
const MaxBridgeNameLength = 64

// ValidateBridgeName checks a bridge name: 1 to MaxBridgeNameLength
// printable ASCII characters, as chain ids are written.
func ValidateBridgeName(name string) error {
	if name == "" || len(name) > MaxBridgeNameLength {
		return fmt.Errorf("want 1 to %d characters, got %d", MaxBridgeNameLength, len(name))
	}
	for _, r := range name {
		if r < 0x21 || r > 0x7e {
			return fmt.Errorf("%q: only printable ASCII without spaces", name)
		}
	}
	return nil
}

// SameIdentity reports whether two params name the same bridge: EVM chain,
// contract and bridge name, which together make the bridge id.
func (p Params) SameIdentity(o Params) bool {
	return p.EvmChainId == o.EvmChainId && p.ContractAddress == o.ContractAddress && p.BridgeName == o.BridgeName
}

// BridgeID is the id of the bridge the params name (zero hash when none is
// configured).
func (p Params) BridgeID() common.Hash {
	if !p.Configured() {
		return common.Hash{}
	}
	return BridgeID(p.EvmChainId, common.HexToAddress(p.ContractAddress), p.BridgeName)
}

// Configured reports whether a bridge contract is named.
func (p Params) Configured() bool { return p.ContractAddress != "" }

// ZeroStats are the running totals of a bridge that moved nothing yet.
func ZeroStats() Stats {
	return Stats{Minted: math.ZeroInt(), Burned: math.ZeroInt(), Refunded: math.ZeroInt(), Released: math.ZeroInt()}
}
