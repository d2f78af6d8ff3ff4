package types

import (
	"bytes"
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Liveness item kinds of LivenessEntry.
const (
	LivenessKindSignerSet uint64 = 1
	LivenessKindBatch     uint64 = 2
)

// DefaultGenesis is the genesis state of a new chain.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextTransferId: 1, NextBatchNonce: 1, NextAdminNonce: 1, Stats: ZeroStats()}
}

func genesisErr(format string, args ...any) error {
	return errorsmod.Wrapf(ErrInvalidGenesis, format, args...)
}

func validVal(s string) error {
	if _, err := sdk.ValAddressFromBech32(s); err != nil {
		return fmt.Errorf("validator %q: %w", s, err)
	}
	return nil
}

// canonicalEvm checks an EVM address as state keeps it: valid and in its
// EIP-55 spelling, so that lookups by address find it.
func canonicalEvm(s string) error {
	addr, err := ParseEvmAddress(s)
	if err != nil {
		return err
	}
	if addr.Hex() != s {
		return fmt.Errorf("EVM address %q is not in its EIP-55 spelling %s", s, addr.Hex())
	}
	return nil
}

// Validate checks a genesis state for consistency: every reference resolves,
// nothing appears twice, addresses are spelt as state keeps them, and the
// totals match the transfers in flight.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if err := gs.validateKeys(); err != nil {
		return err
	}
	if err := gs.validateDeposits(); err != nil {
		return err
	}
	batches, err := gs.validateTransfers()
	if err != nil {
		return err
	}
	if err := gs.validateBatches(batches); err != nil {
		return err
	}
	sets, err := gs.validateSignerSets()
	if err != nil {
		return err
	}
	if err := gs.validateAdmin(); err != nil {
		return err
	}
	if err := gs.validateRetired(); err != nil {
		return err
	}
	return gs.validateAccountability(sets)
}

func (gs GenesisState) validateKeys() error {
	owners := map[string]string{}
	for _, o := range gs.KeyOwners {
		if err := canonicalEvm(o.EvmAddress); err != nil {
			return genesisErr("key owner: %s", err)
		}
		if err := validVal(o.Validator); err != nil {
			return genesisErr("key owner of %s: %s", o.EvmAddress, err)
		}
		if _, ok := owners[o.EvmAddress]; ok {
			return genesisErr("key owner %s appears twice", o.EvmAddress)
		}
		owners[o.EvmAddress] = o.Validator
	}
	vals, delegates := map[string]bool{}, map[string]bool{}
	for _, k := range gs.EvmKeys {
		if err := validVal(k.Validator); err != nil {
			return genesisErr("evm key: %s", err)
		}
		if err := canonicalEvm(k.EvmAddress); err != nil {
			return genesisErr("evm key of %s: %s", k.Validator, err)
		}
		if vals[k.Validator] {
			return genesisErr("evm key of %s appears twice", k.Validator)
		}
		vals[k.Validator] = true
		if owners[k.EvmAddress] != k.Validator {
			return genesisErr("evm key %s of %s is not among the key owners as its key", k.EvmAddress, k.Validator)
		}
		if k.Delegate == "" {
			continue // registered before delegates: must register one to send bridge messages
		}
		acc, err := sdk.AccAddressFromBech32(k.Delegate)
		if err != nil {
			return genesisErr("delegate of %s: %s", k.Validator, err)
		}
		if delegates[k.Delegate] {
			return genesisErr("delegate %s serves two validators", k.Delegate)
		}
		if val, _ := sdk.ValAddressFromBech32(k.Validator); bytes.Equal(acc, val) {
			return genesisErr("the delegate of %s is its operator account", k.Validator)
		}
		delegates[k.Delegate] = true
	}
	retiredOf := map[string]bool{}
	for _, r := range gs.RetiredKeys {
		if err := canonicalEvm(r.EvmAddress); err != nil {
			return genesisErr("retired key: %s", err)
		}
		if owners[r.EvmAddress] != r.Validator {
			return genesisErr("retired key %s is not among the key owners as a key of %s", r.EvmAddress, r.Validator)
		}
		if retiredOf[r.Validator] {
			return genesisErr("%s has two retired keys that sign", r.Validator)
		}
		retiredOf[r.Validator] = true
		for _, k := range gs.EvmKeys {
			if k.EvmAddress == r.EvmAddress {
				return genesisErr("key %s is both current and retired", r.EvmAddress)
			}
		}
	}
	return nil
}

// validateSignatures checks item signatures: a known item, a well-formed
// signature, one per (item, key).
func validateSignatures(what string, sigs []ItemSignature, known func(uint64) bool) error {
	seen := map[string]bool{}
	for _, s := range sigs {
		if !known(s.Nonce) {
			return genesisErr("signature for unknown %s %d", what, s.Nonce)
		}
		if err := s.Signature.validate(); err != nil {
			return genesisErr("signature for %s %d: %s", what, s.Nonce, err)
		}
		key := fmt.Sprintf("%d/%s", s.Nonce, s.Signature.EvmAddress)
		if seen[key] {
			return genesisErr("%s signature %s appears twice", what, key)
		}
		seen[key] = true
	}
	return nil
}

// validateSignerSets returns the kept sets' nonces.
func (gs GenesisState) validateSignerSets() (map[uint64]bool, error) {
	sets := map[uint64]bool{}
	for _, s := range gs.SignerSets {
		if s.Nonce == 0 || sets[s.Nonce] {
			return nil, genesisErr("signer set nonce %d is zero or repeated", s.Nonce)
		}
		sets[s.Nonce] = true
		if err := s.Validate(); err != nil {
			return nil, genesisErr("signer set %d: %s", s.Nonce, err)
		}
	}
	if n := gs.ContractState.SignerSetNonce; n != 0 && !sets[n] {
		return nil, genesisErr("the contract's signer set %d is not kept", n)
	}
	return sets, validateSignatures("signer set", gs.SignerSetSignatures, func(n uint64) bool { return sets[n] })
}

func (gs GenesisState) validateAdmin() error {
	if gs.NextAdminNonce == 0 {
		return genesisErr("next_admin_nonce starts at 1")
	}
	if gs.ContractState.AdminNonce >= gs.NextAdminNonce {
		return genesisErr("the contract's admin nonce %d was never made (next is %d)", gs.ContractState.AdminNonce, gs.NextAdminNonce)
	}
	ops := map[uint64]bool{}
	for _, op := range gs.AdminOps {
		if op.Nonce <= gs.ContractState.AdminNonce || op.Nonce >= gs.NextAdminNonce || ops[op.Nonce] {
			return genesisErr("admin op %d is executed, repeated or not below next_admin_nonce", op.Nonce)
		}
		ops[op.Nonce] = true
		switch op.Kind {
		case ADMIN_OP_KIND_PAUSE, ADMIN_OP_KIND_UNPAUSE, ADMIN_OP_KIND_SET_CAP:
		default:
			return genesisErr("admin op %d: unknown kind %d", op.Nonce, op.Kind)
		}
		if op.CapLimit.IsNil() || op.CapLimit.IsNegative() {
			return genesisErr("admin op %d: cap_limit must be set", op.Nonce)
		}
	}
	if err := validateSignatures("admin op", gs.AdminOpSignatures, func(n uint64) bool { return ops[n] }); err != nil {
		return err
	}
	voters := map[string]bool{}
	for _, v := range gs.ContractStateVotes {
		if err := validVal(v.Validator); err != nil {
			return genesisErr("contract state vote: %s", err)
		}
		if voters[v.Validator] {
			return genesisErr("contract state vote of %s appears twice", v.Validator)
		}
		voters[v.Validator] = true
	}
	return nil
}

func (gs GenesisState) validateAccountability(sets map[uint64]bool) error {
	for _, list := range []struct {
		name  string
		items [][]byte
		size  int
	}{
		{"produced digest", gs.ProducedDigests, common.HashLength},
		{"slashed evidence", gs.SlashedEvidence, common.HashLength + common.AddressLength},
	} {
		seen := map[string]bool{}
		for _, b := range list.items {
			if len(b) != list.size || seen[string(b)] {
				return genesisErr("%s %x has the wrong length or appears twice", list.name, b)
			}
			seen[string(b)] = true
		}
	}
	seen := map[string]bool{}
	for _, e := range gs.LivenessQueue {
		key := fmt.Sprintf("%d/%d/%d", e.Deadline, e.Kind, e.Nonce)
		if seen[key] {
			return genesisErr("liveness entry %s appears twice", key)
		}
		seen[key] = true
		switch e.Kind {
		case LivenessKindSignerSet:
			if !sets[e.Nonce] {
				return genesisErr("liveness entry for unknown signer set %d", e.Nonce)
			}
		case LivenessKindBatch:
			found := false
			for _, b := range gs.Batches {
				found = found || b.Nonce == e.Nonce
			}
			if !found {
				return genesisErr("liveness entry for unknown batch %d", e.Nonce)
			}
		default:
			return genesisErr("liveness entry of unknown kind %d", e.Kind)
		}
	}
	return nil
}

func (s ValidatorSignature) validate() error {
	if err := validVal(s.Validator); err != nil {
		return err
	}
	if err := canonicalEvm(s.EvmAddress); err != nil {
		return err
	}
	return validateSignature(s.Signature)
}

// Validate checks a signer set as the contract would: members sorted by
// address without repeats, every power positive, the total at least their
// sum.
func (s SignerSet) Validate() error {
	if len(s.Members) == 0 || len(s.Members) > MaxSignerSetMembers {
		return fmt.Errorf("want 1 to %d members, got %d", MaxSignerSetMembers, len(s.Members))
	}
	var sum uint64
	var prev common.Address
	for i, m := range s.Members {
		if err := validVal(m.Validator); err != nil {
			return err
		}
		if err := canonicalEvm(m.EvmAddress); err != nil {
			return err
		}
		addr := common.HexToAddress(m.EvmAddress)
		if i > 0 && bytes.Compare(prev.Bytes(), addr.Bytes()) >= 0 {
			return fmt.Errorf("members not sorted by EVM address")
		}
		prev = addr
		if m.Power == 0 {
			return fmt.Errorf("member %s has no power", m.Validator)
		}
		if sum+m.Power < sum {
			return fmt.Errorf("total power overflows")
		}
		sum += m.Power
	}
	if s.TotalPower < sum {
		return fmt.Errorf("total_power %d is below the members' %d", s.TotalPower, sum)
	}
	for _, v := range s.Absent {
		if err := validVal(v); err != nil {
			return err
		}
	}
	return nil
}
