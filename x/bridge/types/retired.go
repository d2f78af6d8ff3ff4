package types

import "slices"

// Same reports whether two reports of the retired contract say the same.
func (a RetiredAttestation) Same(b RetiredAttestation) bool {
	return a.Stage == b.Stage && a.AdminNonce == b.AdminNonce && a.Swept == b.Swept &&
		slices.Equal(a.PaidTransferIds, b.PaidTransferIds)
}

// validateRetired checks release 1's retired contract, the reports on it
// and the sweep's signatures.
func (gs GenesisState) validateRetired() error {
	r := gs.RetiredContract
	if r == nil {
		if len(gs.RetiredVotes) > 0 || len(gs.RetiredSweepSignatures) > 0 {
			return genesisErr("retired votes or sweep signatures without a retired contract")
		}
		return nil
	}
	if err := canonicalEvm(r.ContractAddress); err != nil {
		return genesisErr("retired contract: %v", err)
	}
	if r.Stage < RETIRED_STAGE_RECONCILE || r.Stage > RETIRED_STAGE_SWEPT {
		return genesisErr("retired contract: unknown stage %d", r.Stage)
	}
	if r.Owed.IsNil() || r.Owed.IsNegative() || r.Amount.IsNil() || r.Amount.IsNegative() {
		return genesisErr("retired contract: owed and amount must be set and not negative")
	}
	if r.Stage != RETIRED_STAGE_RECONCILE {
		if err := canonicalEvm(r.Recipient); err != nil {
			return genesisErr("retired contract's sweep recipient: %v", err)
		}
		if r.SweepId == 0 || r.SweepId >= gs.NextTransferId {
			return genesisErr("retired contract: sweep id %d was never allocated (next transfer id %d)", r.SweepId, gs.NextTransferId)
		}
	}
	voters := map[string]bool{}
	for _, v := range gs.RetiredVotes {
		if err := validVal(v.Validator); err != nil {
			return genesisErr("retired contract vote: %s", err)
		}
		if voters[v.Validator] {
			return genesisErr("retired contract: %s reported twice", v.Validator)
		}
		voters[v.Validator] = true
	}
	signing := r.Stage == RETIRED_STAGE_SIGN
	return validateSignatures("sweep operation", gs.RetiredSweepSignatures, func(n uint64) bool {
		return signing && n >= SweepOpCap && n <= SweepOpPause
	})
}
