package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
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
	if _, err := ParseEvmAddress(p.ContractAddress); err != nil {
		return errorsmod.Wrapf(ErrInvalidParams, "contract_address: %s", err)
	}
	return nil
}

// Configured reports whether a bridge contract is named.
func (p Params) Configured() bool { return p.ContractAddress != "" }

// ZeroStats are the running totals of a bridge that moved nothing yet.
func ZeroStats() Stats {
	return Stats{Minted: math.ZeroInt(), Burned: math.ZeroInt(), Refunded: math.ZeroInt(), Released: math.ZeroInt()}
}
