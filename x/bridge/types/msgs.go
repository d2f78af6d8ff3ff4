package types

import (
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidateBasic leaves the signer's address alone: the SDK decodes it
// (GetSigners) before a message reaches any of this, in CheckTx and on every
// path to the Msg server, and the Msg server decodes it again for its own
// use. Decoding it here as well (with sdk.AccAddressFromBech32, which reads
// the SDK's global config twice) cost about 6% of a block of these messages,
// ValidateBasic running three times per message.

// The messages checked by ValidateBasic.
var _ = []sdk.HasValidateBasic{
	(*MsgRegisterEvmKey)(nil), (*MsgAttestDeposit)(nil), (*MsgBridgeOut)(nil),
	(*MsgCancelBridgeOut)(nil), (*MsgSignBatch)(nil), (*MsgSignSignerSet)(nil), (*MsgSignAdminOp)(nil),
	(*MsgAttestBatch)(nil), (*MsgAttestContractState)(nil), (*MsgSubmitBadSignatureEvidence)(nil),
	(*MsgUpdateParams)(nil), (*MsgAttestRetiredContract)(nil), (*MsgSignRetiredSweep)(nil),
}

func validateSignature(sig []byte) error {
	if len(sig) != SignatureLength {
		return errorsmod.Wrapf(ErrInvalidSignature, "want %d bytes (r, s, v), got %d", SignatureLength, len(sig))
	}
	if v := sig[64]; v != 27 && v != 28 {
		return errorsmod.Wrapf(ErrInvalidSignature, "v must be 27 or 28, got %d", v)
	}
	return nil
}

// ValidateBasic checks the message without state.
func (m *MsgRegisterEvmKey) ValidateBasic() error {
	if _, err := ParseEvmAddress(m.EvmAddress); err != nil {
		return errorsmod.Wrap(ErrInvalidEvmAddress, err.Error())
	}
	if m.Delegate == "" {
		return errorsmod.Wrap(ErrInvalidDelegate, "a delegate account is required: it sends the validator's bridge messages")
	}
	if m.Delegate == m.Validator {
		return errorsmod.Wrap(ErrInvalidDelegate, "the delegate must not be the operator account: its key sits on the relayer's host")
	}
	return validateSignature(m.Signature)
}

// ValidateBasic checks the message without state.
func (m *MsgAttestDeposit) ValidateBasic() error {
	return m.Claim.Validate()
}

// Validate checks a deposit claim's fields. The recipient is not checked as an
// address: a deposit to anything else is refunded, not refused.
func (c DepositClaim) Validate() error {
	if c.Nonce == 0 {
		return errorsmod.Wrap(ErrInvalidClaim, "nonce starts at 1")
	}
	if _, err := ParseEvmAddress(c.EvmSender); err != nil {
		return errorsmod.Wrapf(ErrInvalidClaim, "evm_sender: %s", err)
	}
	if c.Recipient == "" || len(c.Recipient) > MaxRecipientLength {
		return errorsmod.Wrapf(ErrInvalidClaim, "recipient must have 1 to %d bytes, got %d", MaxRecipientLength, len(c.Recipient))
	}
	if c.Amount.IsNil() || !c.Amount.IsPositive() {
		return errorsmod.Wrapf(ErrInvalidClaim, "amount must be positive, got %s", c.Amount)
	}
	if c.Amount.BigInt().BitLen() > MaxDepositBits {
		return errorsmod.Wrapf(ErrInvalidClaim, "amount must be below 2^%d (the contract's largest deposit)", MaxDepositBits)
	}
	return nil
}

// FeeUnset reports whether the message leaves the fee to the bridge_fee
// param: no denom and no amount (an unset coin decodes with amount 0).
func (m *MsgBridgeOut) FeeUnset() bool {
	return m.Fee.Denom == "" && (m.Fee.Amount.IsNil() || m.Fee.Amount.IsZero())
}

// ValidateBasic checks the message without state.
func (m *MsgBridgeOut) ValidateBasic() error {
	if _, err := ParseEvmAddress(m.EvmRecipient); err != nil {
		return errorsmod.Wrap(ErrInvalidEvmAddress, err.Error())
	}
	if m.Amount.Denom != Denom {
		return errorsmod.Wrapf(ErrInvalidAmount, "amount must be in %s, got %q", Denom, m.Amount.Denom)
	}
	if m.Amount.Amount.IsNil() || !m.Amount.Amount.IsPositive() {
		return errorsmod.Wrapf(ErrInvalidAmount, "amount must be positive, got %s", m.Amount.Amount)
	}
	if m.Amount.Amount.BigInt().BitLen() > MaxDepositBits {
		return errorsmod.Wrapf(ErrInvalidAmount, "amount must be below 2^%d", MaxDepositBits)
	}
	if m.FeeUnset() {
		return nil // the bridge fee
	}
	if m.Fee.Denom != Denom {
		return errorsmod.Wrapf(ErrInvalidAmount, "fee must be in %s, got %q", Denom, m.Fee.Denom)
	}
	if m.Fee.Amount.IsNil() || m.Fee.Amount.IsNegative() || m.Fee.Amount.BigInt().BitLen() > MaxDepositBits {
		return errorsmod.Wrapf(ErrInvalidAmount, "fee must be at least 0 and below 2^%d, got %s", MaxDepositBits, m.Fee.Amount)
	}
	return nil
}

// ValidateBasic checks the message without state.
func (m *MsgCancelBridgeOut) ValidateBasic() error {
	if m.TransferId == 0 {
		return errorsmod.Wrap(ErrTransferNotFound, "transfer ids start at 1")
	}
	return nil
}

// ValidateBasic checks the message without state.
func (m *MsgSignBatch) ValidateBasic() error {
	if m.Nonce == 0 {
		return errorsmod.Wrap(ErrBatchNotFound, "batch nonces start at 1")
	}
	return validateSignature(m.Signature)
}

// ValidateBasic checks the message without state.
func (m *MsgSignSignerSet) ValidateBasic() error {
	if m.Nonce == 0 {
		return errorsmod.Wrap(ErrSignerSetNotFound, "signer set nonces start at 1")
	}
	return validateSignature(m.Signature)
}

// ValidateBasic checks the message without state.
func (m *MsgSignAdminOp) ValidateBasic() error {
	if m.Nonce == 0 {
		return errorsmod.Wrap(ErrAdminOpNotFound, "admin nonces start at 1")
	}
	return validateSignature(m.Signature)
}

// ValidateBasic checks the message without state.
func (m *MsgAttestBatch) ValidateBasic() error {
	if m.Nonce == 0 {
		return errorsmod.Wrap(ErrBatchNotFound, "batch nonces start at 1")
	}
	if m.Outcome != BATCH_OUTCOME_EXECUTED && m.Outcome != BATCH_OUTCOME_EXPIRED {
		return errorsmod.Wrapf(ErrInvalidRequest, "outcome must be executed or expired, got %s", m.Outcome)
	}
	return nil
}

// ValidateBasic checks the message without state.
func (m *MsgAttestContractState) ValidateBasic() error {
	if m.SignerSetNonce == 0 {
		return errorsmod.Wrap(ErrSignerSetNotFound, "the contract always holds a signer set, from nonce 1")
	}
	return nil
}

// ValidateBasic checks the message without state.
func (m *MsgSubmitBadSignatureEvidence) ValidateBasic() error {
	if err := validateSignature(m.Signature); err != nil {
		return err
	}
	_, err := m.Item.Digest(BridgeID(1, [20]byte{1}, "validate"))
	return err
}

// ValidateBasic checks the message without state.
func (m *MsgUpdateParams) ValidateBasic() error {
	return m.Params.Validate()
}

// Same reports whether two claims say the same thing: attestations count
// together only then.
func (c DepositClaim) Same(o DepositClaim) bool {
	return c.Nonce == o.Nonce && c.EvmSender == o.EvmSender && c.Recipient == o.Recipient &&
		!c.Amount.IsNil() && !o.Amount.IsNil() && c.Amount.Equal(o.Amount)
}

// ValidateBasic checks the message without state: a reconciliation lists
// strictly ascending transfer ids and sweeps nothing, a sweep report is a
// sweep and lists nothing.
func (m *MsgAttestRetiredContract) ValidateBasic() error {
	a := m.Attestation
	switch a.Stage {
	case RETIRED_STAGE_RECONCILE:
		if a.Swept {
			return errorsmod.Wrap(ErrInvalidRequest, "a reconciliation cannot report the sweep executed")
		}
		for i := 1; i < len(a.PaidTransferIds); i++ {
			if a.PaidTransferIds[i] <= a.PaidTransferIds[i-1] {
				return errorsmod.Wrapf(ErrInvalidRequest, "paid transfer ids must be strictly ascending: %d after %d", a.PaidTransferIds[i], a.PaidTransferIds[i-1])
			}
		}
	case RETIRED_STAGE_SIGN:
		if !a.Swept || a.AdminNonce != 0 || len(a.PaidTransferIds) > 0 {
			return errorsmod.Wrap(ErrInvalidRequest, "a report in the sign stage says the sweep executed, and nothing else")
		}
	default:
		return errorsmod.Wrapf(ErrInvalidRequest, "stage must be reconcile or sign, got %s", a.Stage)
	}
	return nil
}

// ValidateBasic checks the message without state.
func (m *MsgSignRetiredSweep) ValidateBasic() error {
	for _, sig := range [][]byte{m.CapSignature, m.WithdrawSignature, m.PauseSignature} {
		if err := validateSignature(sig); err != nil {
			return err
		}
	}
	return nil
}
