package types

import (
	"fmt"
	"math/big"

	errorsmod "cosmossdk.io/errors"
	"github.com/ethereum/go-ethereum/common"
)

// EvmTransfers returns the transfers as a batch carries them to the
// contract, in order.
func EvmTransfers(transfers []Transfer) []EvmTransfer {
	out := make([]EvmTransfer, len(transfers))
	for i, t := range transfers {
		out[i] = EvmTransfer{ID: t.Id, Recipient: common.HexToAddress(t.EvmRecipient), Amount: t.Amount.BigInt(), Fee: t.Fee.BigInt()}
	}
	return out
}

// BatchDigestOf is what the validators sign for batch b, whose transfers
// are given in its order.
func BatchDigestOf(bridgeID common.Hash, b Batch, transfers []Transfer) common.Hash {
	return BatchDigest(bridgeID, b.Nonce, b.Deadline, EvmTransfers(transfers))
}

// Digest is what the validators sign for the admin operation.
func (op AdminOp) Digest(bridgeID common.Hash) common.Hash {
	switch op.Kind {
	case ADMIN_OP_KIND_PAUSE, ADMIN_OP_KIND_UNPAUSE:
		return PauseDigest(bridgeID, op.Nonce, op.Kind == ADMIN_OP_KIND_PAUSE)
	default:
		return CapDigest(bridgeID, op.Nonce, op.CapLimit.BigInt(), new(big.Int).SetUint64(op.CapPeriodSeconds))
	}
}

// Digest is the digest the item makes in the bridge bridgeID, after
// checking its fields as the contract would read them.
func (it SignedItem) Digest(bridgeID common.Hash) (common.Hash, error) {
	bad := func(format string, args ...any) (common.Hash, error) {
		return common.Hash{}, errorsmod.Wrapf(ErrInvalidEvidence, format, args...)
	}
	switch it.Kind {
	case SIGNED_ITEM_KIND_BATCH:
		if len(it.Transfers) == 0 || len(it.Transfers) > MaxBatchSize {
			return bad("a batch has 1 to %d transfers, got %d", MaxBatchSize, len(it.Transfers))
		}
		transfers := make([]EvmTransfer, len(it.Transfers))
		for i, t := range it.Transfers {
			recipient, err := parseAnyEvmAddress(t.Recipient)
			if err != nil {
				return bad("transfer %d: %s", i, err)
			}
			if err := uint256(t.Amount); err != nil {
				return bad("transfer %d amount: %s", i, err)
			}
			if err := uint256(t.Fee); err != nil {
				return bad("transfer %d fee: %s", i, err)
			}
			transfers[i] = EvmTransfer{ID: t.Id, Recipient: recipient, Amount: t.Amount.BigInt(), Fee: t.Fee.BigInt()}
		}
		return BatchDigest(bridgeID, it.Nonce, it.Deadline, transfers), nil
	case SIGNED_ITEM_KIND_SIGNER_SET:
		if len(it.Signers) != len(it.Powers) || len(it.Signers) > MaxSignerSetMembers {
			return bad("a signer set has as many powers as signers, at most %d", MaxSignerSetMembers)
		}
		signers := make([]common.Address, len(it.Signers))
		powers := make([]*big.Int, len(it.Powers))
		for i := range it.Signers {
			addr, err := parseAnyEvmAddress(it.Signers[i])
			if err != nil {
				return bad("signer %d: %s", i, err)
			}
			signers[i], powers[i] = addr, new(big.Int).SetUint64(it.Powers[i])
		}
		return SignerSetDigest(bridgeID, it.Nonce, signers, powers, new(big.Int).SetUint64(it.TotalPower)), nil
	case SIGNED_ITEM_KIND_PAUSE:
		return PauseDigest(bridgeID, it.Nonce, it.Paused), nil
	case SIGNED_ITEM_KIND_CAP:
		if err := uint256(it.CapLimit); err != nil {
			return bad("cap_limit: %s", err)
		}
		return CapDigest(bridgeID, it.Nonce, it.CapLimit.BigInt(), new(big.Int).SetUint64(it.CapPeriodSeconds)), nil
	default:
		return bad("unknown item kind %d", it.Kind)
	}
}

// parseAnyEvmAddress parses a 0x address that a contract call may carry,
// the zero address included (a signed item may name anything).
func parseAnyEvmAddress(s string) (common.Address, error) {
	if len(s) != 42 || !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("%q is not a 0x address of 40 hex digits", s)
	}
	return common.HexToAddress(s), nil
}

// uint256 checks that v fits a uint256.
func uint256(v interface {
	IsNil() bool
	IsNegative() bool
	BigInt() *big.Int
},
) error {
	if v.IsNil() || v.IsNegative() || v.BigInt().BitLen() > 256 {
		return fmt.Errorf("want 0 to 2^256 - 1")
	}
	return nil
}
