package types

import (
	"bytes"
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
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
		if err := canonicalEvm(v.Claim.EvmSender); err != nil {
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
	if gs.DepositSplitSince < 0 {
		return genesisErr("deposit_split_since is negative")
	}
	return nil
}

// validateTransfers returns, by batch nonce, the transfers that name it.
func (gs GenesisState) validateTransfers() (map[uint64][]Transfer, error) {
	if gs.NextTransferId == 0 {
		return nil, genesisErr("next_transfer_id starts at 1")
	}
	seen := map[uint64]bool{}
	refunded := map[uint64]bool{}
	inBatch := map[uint64][]Transfer{}
	inFlight := math.ZeroInt()
	for _, t := range gs.Transfers {
		if t.Id == 0 || t.Id >= gs.NextTransferId || seen[t.Id] {
			return nil, genesisErr("transfer id %d is zero, repeated or not below next_transfer_id %d", t.Id, gs.NextTransferId)
		}
		seen[t.Id] = true
		if err := canonicalEvm(t.EvmRecipient); err != nil {
			return nil, genesisErr("transfer %d: %s", t.Id, err)
		}
		if t.Amount.IsNil() || !t.Amount.IsPositive() {
			return nil, genesisErr("transfer %d: amount must be positive", t.Id)
		}
		if t.Fee.IsNil() || t.Fee.IsNegative() {
			return nil, genesisErr("transfer %d: fee must be set and not negative", t.Id)
		}
		switch t.Kind {
		case TRANSFER_KIND_BRIDGE_OUT:
			if _, err := sdk.AccAddressFromBech32(t.Sender); err != nil {
				return nil, genesisErr("transfer %d: sender: %s", t.Id, err)
			}
		case TRANSFER_KIND_REFUND:
			// Deposit nonce 0: a deposit to a contract an upgrade retired
			// (its nonces are not this contract's).
			if t.DepositNonce > gs.LastObservedNonce {
				return nil, genesisErr("refund %d: deposit nonce %d is not an observed deposit", t.Id, t.DepositNonce)
			}
			if t.DepositNonce != 0 && refunded[t.DepositNonce] {
				return nil, genesisErr("refund %d: deposit %d is refunded twice", t.Id, t.DepositNonce)
			}
			if t.Status == TRANSFER_STATUS_RETURNED {
				return nil, genesisErr("refund %d cannot be returned: it has no sender here", t.Id)
			}
			refunded[t.DepositNonce] = true
		default:
			return nil, genesisErr("transfer %d: unknown kind %d", t.Id, t.Kind)
		}
		switch t.Status {
		case TRANSFER_STATUS_QUEUED:
			if t.BatchNonce != 0 {
				return nil, genesisErr("queued transfer %d names batch %d", t.Id, t.BatchNonce)
			}
			inFlight = inFlight.Add(t.Amount).Add(t.Fee)
		case TRANSFER_STATUS_BATCHED:
			inFlight = inFlight.Add(t.Amount).Add(t.Fee)
			inBatch[t.BatchNonce] = append(inBatch[t.BatchNonce], t)
		case TRANSFER_STATUS_EXECUTED:
			if t.BatchNonce != 0 { // 0: executed alone, before batches
				inBatch[t.BatchNonce] = append(inBatch[t.BatchNonce], t)
			}
		case TRANSFER_STATUS_RETURNED:
		default:
			return nil, genesisErr("transfer %d: unknown status %d", t.Id, t.Status)
		}
	}
	s := gs.Stats
	for i, v := range []math.Int{s.Minted, s.Burned, s.Refunded, s.Released, s.Returned} {
		if v.IsNil() || v.IsNegative() {
			return nil, genesisErr("stats.%s must be set and not negative", [...]string{"minted", "burned", "refunded", "released", "returned"}[i])
		}
	}
	if want := s.InFlight(); !want.Equal(inFlight) {
		return nil, genesisErr("transfers in flight sum to %s, stats say burned + refunded - released - returned = %s", inFlight, want)
	}
	return inBatch, nil
}

// validateBatches checks the batches against the transfers that name them.
func (gs GenesisState) validateBatches(inBatch map[uint64][]Transfer) error {
	if gs.NextBatchNonce == 0 {
		return genesisErr("next_batch_nonce starts at 1")
	}
	status := map[uint64]BatchStatus{}
	for _, b := range gs.Batches {
		if b.Nonce == 0 || b.Nonce >= gs.NextBatchNonce {
			return genesisErr("batch nonce %d is zero or not below next_batch_nonce %d", b.Nonce, gs.NextBatchNonce)
		}
		if _, ok := status[b.Nonce]; ok {
			return genesisErr("batch %d appears twice", b.Nonce)
		}
		status[b.Nonce] = b.Status
		if len(b.TransferIds) == 0 || len(b.TransferIds) > MaxBatchSize {
			return genesisErr("batch %d has %d transfers, want 1 to %d", b.Nonce, len(b.TransferIds), MaxBatchSize)
		}
		for _, v := range b.Required {
			if err := validVal(v); err != nil {
				return genesisErr("batch %d: %s", b.Nonce, err)
			}
		}
		if b.Total.IsNil() || !b.Total.IsPositive() {
			return genesisErr("batch %d: total must be positive", b.Nonce)
		}
		if b.Status == BATCH_STATUS_EXPIRED {
			continue // its transfers were returned or queued again
		}
		if b.Status != BATCH_STATUS_OPEN && b.Status != BATCH_STATUS_EXECUTED {
			return genesisErr("batch %d: unknown status %d", b.Nonce, b.Status)
		}
		want := TRANSFER_STATUS_BATCHED
		if b.Status == BATCH_STATUS_EXECUTED {
			want = TRANSFER_STATUS_EXECUTED
		}
		named := map[uint64]Transfer{}
		for _, t := range inBatch[b.Nonce] {
			named[t.Id] = t
		}
		if len(named) != len(b.TransferIds) {
			return genesisErr("batch %d lists %d transfers, %d name it", b.Nonce, len(b.TransferIds), len(named))
		}
		total := math.ZeroInt()
		for _, id := range b.TransferIds {
			t, ok := named[id]
			if !ok || t.Status != want {
				return genesisErr("batch %d: transfer %d is not %s in it", b.Nonce, id, want)
			}
			total = total.Add(t.Amount).Add(t.Fee)
		}
		if !total.Equal(b.Total) {
			return genesisErr("batch %d: total %s, its transfers sum to %s", b.Nonce, b.Total, total)
		}
	}
	for nonce := range inBatch {
		if _, ok := status[nonce]; !ok {
			return genesisErr("transfers name batch %d, which is unknown", nonce)
		}
	}
	if err := validateSignatures("batch", gs.BatchSignatures, func(n uint64) bool { _, ok := status[n]; return ok }); err != nil {
		return err
	}
	votes := map[string]bool{}
	for _, v := range gs.BatchVotes {
		if status[v.Nonce] != BATCH_STATUS_OPEN {
			return genesisErr("vote on batch %d, which is not open", v.Nonce)
		}
		if err := validVal(v.Validator); err != nil {
			return genesisErr("batch vote: %s", err)
		}
		if v.Outcome != BATCH_OUTCOME_EXECUTED && v.Outcome != BATCH_OUTCOME_EXPIRED {
			return genesisErr("batch vote: unknown outcome %d", v.Outcome)
		}
		key := fmt.Sprintf("%d/%s", v.Nonce, v.Validator)
		if votes[key] {
			return genesisErr("batch vote %s appears twice", key)
		}
		votes[key] = true
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
