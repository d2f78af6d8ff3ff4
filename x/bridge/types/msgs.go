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

var (
	_ sdk.HasValidateBasic = (*MsgRegisterEvmKey)(nil)
	_ sdk.HasValidateBasic = (*MsgAttestDeposit)(nil)
	_ sdk.HasValidateBasic = (*MsgBridgeOut)(nil)
	_ sdk.HasValidateBasic = (*MsgSignTransfer)(nil)
	_ sdk.HasValidateBasic = (*MsgSignSignerSet)(nil)
	_ sdk.HasValidateBasic = (*MsgAttestExecution)(nil)
	_ sdk.HasValidateBasic = (*MsgUpdateParams)(nil)
)

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
	if c.Amount.BigInt().BitLen() > 256 {
		return errorsmod.Wrap(ErrInvalidClaim, "amount does not fit in uint256")
	}
	return nil
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
	return nil
}

// ValidateBasic checks the message without state.
func (m *MsgSignTransfer) ValidateBasic() error {
	if m.TransferId == 0 {
		return errorsmod.Wrap(ErrTransferNotFound, "transfer ids start at 1")
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
func (m *MsgAttestExecution) ValidateBasic() error {
	if m.TransferId == 0 {
		return errorsmod.Wrap(ErrTransferNotFound, "transfer ids start at 1")
	}
	return nil
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
