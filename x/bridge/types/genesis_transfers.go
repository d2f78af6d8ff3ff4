package types

import (
	"fmt"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

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
