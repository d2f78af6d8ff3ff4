package types

import (
	"bytes"
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis is the genesis state of a new chain.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextTransferId: 1, Stats: ZeroStats()}
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

// Validate checks a genesis state for consistency: every reference resolves,
// nothing appears twice, and the totals match the transfers in flight.
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
	open, err := gs.validateTransfers()
	if err != nil {
		return err
	}
	if err := gs.validateVotes(open); err != nil {
		return err
	}
	return gs.validateSignerSets()
}

func (gs GenesisState) validateKeys() error {
	vals, addrs := map[string]bool{}, map[string]bool{}
	for _, k := range gs.EvmKeys {
		if err := validVal(k.Validator); err != nil {
			return genesisErr("evm key: %s", err)
		}
		addr, err := ParseEvmAddress(k.EvmAddress)
		if err != nil {
			return genesisErr("evm key of %s: %s", k.Validator, err)
		}
		if vals[k.Validator] || addrs[addr.Hex()] {
			return genesisErr("evm key %s of %s appears twice", k.EvmAddress, k.Validator)
		}
		vals[k.Validator], addrs[addr.Hex()] = true, true
	}
	return nil
}

func (gs GenesisState) validateDeposits() error {
	attested := map[string]uint64{}
	for _, a := range gs.AttestedNonces {
		if err := validVal(a.Validator); err != nil {
			return genesisErr("attested nonce: %s", err)
		}
		if _, ok := attested[a.Validator]; ok {
			return genesisErr("attested nonce of %s appears twice", a.Validator)
		}
		attested[a.Validator] = a.Nonce
	}
	votes := map[string]bool{}
	for _, v := range gs.DepositVotes {
		if err := validVal(v.Validator); err != nil {
			return genesisErr("deposit vote: %s", err)
		}
		if err := v.Claim.Validate(); err != nil {
			return genesisErr("deposit vote of %s: %s", v.Validator, err)
		}
		if v.Claim.Nonce <= gs.LastObservedNonce {
			return genesisErr("deposit vote for nonce %d, which is already observed", v.Claim.Nonce)
		}
		// A validator attests in nonce order, so its votes never pass its last
		// attested nonce; one that did would attest that nonce again and
		// overwrite the vote.
		if v.Claim.Nonce > attested[v.Validator] {
			return genesisErr("deposit vote of %s for nonce %d, beyond its attested nonce %d", v.Validator, v.Claim.Nonce, attested[v.Validator])
		}
		key := fmt.Sprintf("%d/%s", v.Claim.Nonce, v.Validator)
		if votes[key] {
			return genesisErr("deposit vote %s appears twice", key)
		}
		votes[key] = true
	}
	return nil
}

// validateTransfers returns the ids of the transfers not yet executed.
func (gs GenesisState) validateTransfers() (map[uint64]bool, error) {
	if gs.NextTransferId == 0 {
		return nil, genesisErr("next_transfer_id starts at 1")
	}
	open := map[uint64]bool{}
	seen := map[uint64]bool{}
	refunded := map[uint64]bool{}
	inFlight := math.ZeroInt()
	for _, t := range gs.Transfers {
		if t.Id == 0 || t.Id >= gs.NextTransferId || seen[t.Id] {
			return nil, genesisErr("transfer id %d is zero, repeated or not below next_transfer_id %d", t.Id, gs.NextTransferId)
		}
		seen[t.Id] = true
		if _, err := ParseEvmAddress(t.EvmRecipient); err != nil {
			return nil, genesisErr("transfer %d: %s", t.Id, err)
		}
		if t.Amount.IsNil() || !t.Amount.IsPositive() {
			return nil, genesisErr("transfer %d: amount must be positive", t.Id)
		}
		switch t.Kind {
		case TRANSFER_KIND_BRIDGE_OUT:
			if _, err := sdk.AccAddressFromBech32(t.Sender); err != nil {
				return nil, genesisErr("transfer %d: sender: %s", t.Id, err)
			}
		case TRANSFER_KIND_REFUND:
			if t.DepositNonce == 0 || t.DepositNonce > gs.LastObservedNonce {
				return nil, genesisErr("refund %d: deposit nonce %d is not an observed deposit", t.Id, t.DepositNonce)
			}
			if refunded[t.DepositNonce] {
				return nil, genesisErr("refund %d: deposit %d is refunded twice", t.Id, t.DepositNonce)
			}
			refunded[t.DepositNonce] = true
		default:
			return nil, genesisErr("transfer %d: unknown kind %d", t.Id, t.Kind)
		}
		switch t.Status {
		case TRANSFER_STATUS_PENDING, TRANSFER_STATUS_READY:
			open[t.Id] = true
			inFlight = inFlight.Add(t.Amount)
		case TRANSFER_STATUS_EXECUTED:
		default:
			return nil, genesisErr("transfer %d: unknown status %d", t.Id, t.Status)
		}
	}
	s := gs.Stats
	for i, v := range []math.Int{s.Minted, s.Burned, s.Refunded, s.Released} {
		if v.IsNil() || v.IsNegative() {
			return nil, genesisErr("stats.%s must be set and not negative", [...]string{"minted", "burned", "refunded", "released"}[i])
		}
	}
	if want := s.Burned.Add(s.Refunded).Sub(s.Released); !want.Equal(inFlight) {
		return nil, genesisErr("transfers in flight sum to %s, stats say burned + refunded - released = %s", inFlight, want)
	}
	return open, nil
}

func (gs GenesisState) validateVotes(open map[uint64]bool) error {
	seen := map[string]bool{}
	for _, s := range gs.TransferSignatures {
		if !open[s.TransferId] {
			return genesisErr("signature for transfer %d, which is unknown or executed", s.TransferId)
		}
		if err := s.Signature.validate(); err != nil {
			return genesisErr("signature for transfer %d: %s", s.TransferId, err)
		}
		key := fmt.Sprintf("%d/%s", s.TransferId, s.Signature.Validator)
		if seen[key] {
			return genesisErr("transfer signature %s appears twice", key)
		}
		seen[key] = true
	}
	votes := map[string]bool{}
	for _, v := range gs.ExecutionVotes {
		if !open[v.TransferId] {
			return genesisErr("execution vote for transfer %d, which is unknown or executed", v.TransferId)
		}
		if err := validVal(v.Validator); err != nil {
			return genesisErr("execution vote: %s", err)
		}
		key := fmt.Sprintf("%d/%s", v.TransferId, v.Validator)
		if votes[key] {
			return genesisErr("execution vote %s appears twice", key)
		}
		votes[key] = true
	}
	return nil
}

func (gs GenesisState) validateSignerSets() error {
	sets := map[uint64]bool{}
	for _, s := range gs.SignerSets {
		if s.Nonce == 0 || sets[s.Nonce] {
			return genesisErr("signer set nonce %d is zero or repeated", s.Nonce)
		}
		sets[s.Nonce] = true
		if err := s.Validate(); err != nil {
			return genesisErr("signer set %d: %s", s.Nonce, err)
		}
	}
	seen := map[string]bool{}
	for _, s := range gs.SignerSetSignatures {
		if !sets[s.Nonce] {
			return genesisErr("signature for unknown signer set %d", s.Nonce)
		}
		if err := s.Signature.validate(); err != nil {
			return genesisErr("signature for signer set %d: %s", s.Nonce, err)
		}
		key := fmt.Sprintf("%d/%s", s.Nonce, s.Signature.Validator)
		if seen[key] {
			return genesisErr("signer set signature %s appears twice", key)
		}
		seen[key] = true
	}
	return nil
}

func (s ValidatorSignature) validate() error {
	if err := validVal(s.Validator); err != nil {
		return err
	}
	if _, err := ParseEvmAddress(s.EvmAddress); err != nil {
		return err
	}
	return validateSignature(s.Signature)
}

// Validate checks a signer set as the contract would: members sorted by
// address without repeats, every power positive, the total their sum.
func (s SignerSet) Validate() error {
	if len(s.Members) == 0 {
		return fmt.Errorf("no members")
	}
	var total uint64
	var prev common.Address
	for i, m := range s.Members {
		if err := validVal(m.Validator); err != nil {
			return err
		}
		addr, err := ParseEvmAddress(m.EvmAddress)
		if err != nil {
			return err
		}
		if i > 0 && bytes.Compare(prev.Bytes(), addr.Bytes()) >= 0 {
			return fmt.Errorf("members not sorted by EVM address")
		}
		prev = addr
		if m.Power == 0 {
			return fmt.Errorf("member %s has no power", m.Validator)
		}
		if total+m.Power < total {
			return fmt.Errorf("total power overflows")
		}
		total += m.Power
	}
	if total != s.TotalPower {
		return fmt.Errorf("total_power %d, members sum to %d", s.TotalPower, total)
	}
	return nil
}
