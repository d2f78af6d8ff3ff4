package types

import (
	"fmt"
	"math/big"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/ethereum/go-ethereum/common"
)

// Defaults of the params.
const (
	// DefaultSignerSetChangeBps makes a new signer set when the normalized
	// power moves by more than 5%.
	DefaultSignerSetChangeBps = 500
	// DefaultMaxBatchSize is the most transfers of a batch.
	DefaultMaxBatchSize = 100
	// DefaultBatchWaitBlocks lets a transfer wait about a minute (at 6 s
	// blocks) for others to share its batch.
	DefaultBatchWaitBlocks = 10
	// DefaultBatchTimeoutSeconds gives a batch six hours on the EVM side.
	DefaultBatchTimeoutSeconds = 6 * 60 * 60
	// DefaultCapPeriodSeconds refills the withdrawal bucket in a day.
	DefaultCapPeriodSeconds = 24 * 60 * 60
	// DefaultSignerSetMinBlocks makes at most one signer set per 100 blocks.
	DefaultSignerSetMinBlocks = 100
	// DefaultKeyRotationMinBlocks lets a validator change its key about once
	// a day (at 6 s blocks).
	DefaultKeyRotationMinBlocks = 14_400
	// DefaultDepositSplitTimeoutBlocks drops split deposit votes after about
	// an hour.
	DefaultDepositSplitTimeoutBlocks = 600
	// DefaultSigningWindowBlocks gives validators about 17 hours to sign.
	DefaultSigningWindowBlocks = 10_000
)

var (
	// DefaultMinTransfer is 1 SESH.
	DefaultMinTransfer = math.NewInt(1_000_000_000)
	// DefaultBridgeFee is 0.1 SESH.
	DefaultBridgeFee = math.NewInt(100_000_000)
	// DefaultWithdrawalCap is 1,000,000 SESH.
	DefaultWithdrawalCap = math.NewInt(1_000_000).MulRaw(1_000_000_000)
	// DefaultMaxSupply is 1,000,000,000 SESH, four times SESH's total supply.
	DefaultMaxSupply = math.NewInt(1_000_000_000).MulRaw(1_000_000_000)
	// DefaultLivenessSlashFraction slashes nothing: a validator that does not
	// sign is jailed.
	DefaultLivenessSlashFraction = math.LegacyZeroDec()
	// DefaultBadSignatureSlashFraction is 5%, as a double sign.
	DefaultBadSignatureSlashFraction = math.LegacyNewDecWithPrec(5, 2)

	// maxAmount bounds the amount params (2^128 - 1), as the contract bounds
	// deposits.
	maxAmount = math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), MaxDepositBits), big.NewInt(1)))
)

// DefaultParams are the params of a new chain: no contract yet, so the bridge
// moves nothing until governance (or the genesis) names one.
func DefaultParams() Params {
	return Params{
		SignerSetChangeBps:        DefaultSignerSetChangeBps,
		MinTransfer:               DefaultMinTransfer,
		BridgeFee:                 DefaultBridgeFee,
		MaxBatchSize:              DefaultMaxBatchSize,
		BatchWaitBlocks:           DefaultBatchWaitBlocks,
		BatchTimeoutSeconds:       DefaultBatchTimeoutSeconds,
		WithdrawalCap:             DefaultWithdrawalCap,
		CapPeriodSeconds:          DefaultCapPeriodSeconds,
		SignerSetMinBlocks:        DefaultSignerSetMinBlocks,
		KeyRotationMinBlocks:      DefaultKeyRotationMinBlocks,
		MaxSupply:                 DefaultMaxSupply,
		DepositSplitTimeoutBlocks: DefaultDepositSplitTimeoutBlocks,
		SigningWindowBlocks:       DefaultSigningWindowBlocks,
		LivenessSlashFraction:     DefaultLivenessSlashFraction,
		BadSignatureSlashFraction: DefaultBadSignatureSlashFraction,
	}
}

func paramErr(format string, args ...any) error {
	return errorsmod.Wrapf(ErrInvalidParams, format, args...)
}

// Validate checks the params.
func (p Params) Validate() error {
	if p.SignerSetChangeBps == 0 || p.SignerSetChangeBps > BasisPoints {
		return paramErr("signer_set_change_bps must be in 1..%d, got %d", BasisPoints, p.SignerSetChangeBps)
	}
	if err := p.validateAmounts(); err != nil {
		return err
	}
	if p.MaxBatchSize == 0 || p.MaxBatchSize > MaxBatchSize {
		return paramErr("max_batch_size must be in 1..%d, got %d", MaxBatchSize, p.MaxBatchSize)
	}
	for _, d := range []struct {
		name string
		v    uint64
	}{
		{"batch_timeout_seconds", p.BatchTimeoutSeconds},
		{"cap_period_seconds", p.CapPeriodSeconds},
		{"deposit_split_timeout_blocks", p.DepositSplitTimeoutBlocks},
		{"signing_window_blocks", p.SigningWindowBlocks},
	} {
		if d.v == 0 {
			return paramErr("%s must be positive", d.name)
		}
	}
	for _, f := range []struct {
		name string
		v    math.LegacyDec
	}{
		{"liveness_slash_fraction", p.LivenessSlashFraction}, {"bad_signature_slash_fraction", p.BadSignatureSlashFraction},
	} {
		if f.v.IsNil() || f.v.IsNegative() || f.v.GT(math.LegacyOneDec()) {
			return paramErr("%s must be in [0, 1], got %s", f.name, f.v)
		}
	}
	if p.ContractAddress == "" {
		return nil
	}
	if p.EvmChainId == 0 {
		return paramErr("evm_chain_id must be set with contract_address")
	}
	if _, err := ParseEvmAddress(p.ContractAddress); err != nil {
		return paramErr("contract_address: %s", err)
	}
	if err := ValidateBridgeName(p.BridgeName); err != nil {
		return paramErr("bridge_name: %s", err)
	}
	return nil
}

// validateAmounts checks the nsesh params: each set, positive where it
// must be, and no more than 2^128 - 1; a bridge-out of the minimum with the
// fee fits in the cap.
func (p Params) validateAmounts() error {
	for _, a := range []struct {
		name     string
		v        math.Int
		positive bool
	}{
		{"min_transfer", p.MinTransfer, true},
		{"bridge_fee", p.BridgeFee, false},
		{"withdrawal_cap", p.WithdrawalCap, true},
		{"max_supply", p.MaxSupply, true},
	} {
		if a.v.IsNil() || a.v.IsNegative() || a.positive && a.v.IsZero() {
			return paramErr("%s must be set and positive (a fee may be zero), got %s", a.name, a.v)
		}
		if a.v.GT(maxAmount) {
			return paramErr("%s must be at most 2^128 - 1, got %s", a.name, a.v)
		}
	}
	if p.MinTransfer.Add(p.BridgeFee).GT(p.WithdrawalCap) {
		return paramErr("min_transfer %s plus bridge_fee %s is above withdrawal_cap %s: no bridge-out could pass", p.MinTransfer, p.BridgeFee, p.WithdrawalCap)
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

// SameCap reports whether two params give the contract the same withdrawal
// bucket.
func (p Params) SameCap(o Params) bool {
	return p.WithdrawalCap.Equal(o.WithdrawalCap) && p.CapPeriodSeconds == o.CapPeriodSeconds
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
	return Stats{Minted: math.ZeroInt(), Burned: math.ZeroInt(), Refunded: math.ZeroInt(), Released: math.ZeroInt(), Returned: math.ZeroInt()}
}

// InFlight is what left the chain's supply for the EVM side and was neither
// released there nor returned here.
func (s Stats) InFlight() math.Int {
	return s.Burned.Add(s.Refunded).Sub(s.Released).Sub(s.Returned)
}
