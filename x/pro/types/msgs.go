package types

import (
	"encoding/hex"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

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
	(*MsgSubmitPrice)(nil), (*MsgSubscribe)(nil), (*MsgRecordPayment)(nil), (*MsgRevokePayment)(nil),
	(*MsgSpendProtocolLiquidity)(nil), (*MsgUpdateParams)(nil), (*MsgRevokeReceipt)(nil),
	(*MsgRegisterIssuerKey)(nil), (*MsgRetireIssuerKey)(nil),
}

func validateAddress(field, addr string) error {
	if _, err := sdk.AccAddressFromBech32(addr); err != nil {
		return errorsmod.Wrapf(ErrInvalidAddress, "%s %q: %s", field, addr, err)
	}
	return nil
}

// ParseSessionKey reads a Session account's Ed25519 public key in hex and
// returns its canonical lowercase form.
func ParseSessionKey(s string) (string, error) {
	bz, err := hex.DecodeString(s)
	if err != nil {
		return "", errorsmod.Wrapf(ErrInvalidSessionKey, "%q is not hex: %s", s, err)
	}
	if len(bz) != SessionPubkeySize {
		return "", errorsmod.Wrapf(ErrInvalidSessionKey, "want %d bytes, got %d", SessionPubkeySize, len(bz))
	}
	return hex.EncodeToString(bz), nil
}

// ValidateAmount checks that coin is a positive amount of nsesh.
func ValidateAmount(field string, coin sdk.Coin) (math.Int, error) {
	if coin.Denom != Denom {
		return math.Int{}, errorsmod.Wrapf(ErrInvalidDenom, "%s must be in %s, got %q", field, Denom, coin.Denom)
	}
	if coin.Amount.IsNil() || !coin.Amount.IsPositive() {
		return math.Int{}, errorsmod.Wrapf(ErrInvalidAmount, "%s must be positive, got %s", field, coin.Amount)
	}
	return coin.Amount, nil
}

// ValidateReceiptID checks an external receipt id: 1 to 128 printable ASCII
// characters.
func ValidateReceiptID(id string) error {
	if id == "" || len(id) > MaxReceiptIDLength {
		return errorsmod.Wrapf(ErrInvalidReceipt, "receipt id must have 1 to %d characters, got %d", MaxReceiptIDLength, len(id))
	}
	for _, r := range id {
		if r < 0x21 || r > 0x7e {
			return errorsmod.Wrapf(ErrInvalidReceipt, "receipt id may hold only printable ASCII without spaces, got %q", id)
		}
	}
	return nil
}

// ValidateBasic checks the submission's form; the bound and the feeder list
// are the Msg server's.
func (m *MsgSubmitPrice) ValidateBasic() error {
	if m.Price.IsNil() || !m.Price.IsPositive() {
		return errorsmod.Wrapf(ErrInvalidPrice, "price must be positive, got %s", m.Price)
	}
	return nil
}

// ValidateBasic checks the purchase's form.
func (m *MsgSubscribe) ValidateBasic() error {
	if _, err := ParseSessionKey(m.SessionPubkey); err != nil {
		return err
	}
	_, err := ValidateAmount("max_amount", m.MaxAmount)
	return err
}

// ValidateBasic checks the recorded payment's form.
func (m *MsgRecordPayment) ValidateBasic() error {
	if err := ValidateReceiptID(m.ReceiptId); err != nil {
		return err
	}
	if _, err := ParseSessionKey(m.SessionPubkey); err != nil {
		return err
	}
	_, err := ValidateAmount("amount", m.Amount)
	return err
}

// ValidateBasic checks the revocation's form.
func (m *MsgRevokePayment) ValidateBasic() error {
	return ValidateReceiptID(m.ReceiptId)
}

// ValidateBasic checks the spend's form.
func (m *MsgSpendProtocolLiquidity) ValidateBasic() error {
	if err := validateAddress("recipient", m.Recipient); err != nil {
		return err
	}
	_, err := ValidateAmount("amount", m.Amount)
	return err
}

// ValidateBasic checks the params.
func (m *MsgUpdateParams) ValidateBasic() error {
	return m.Params.Validate()
}

// ValidateBasic checks the revocation's form.
func (m *MsgRevokeReceipt) ValidateBasic() error {
	if err := validateAddress("processor", m.Processor); err != nil {
		return err
	}
	return ValidateReceiptID(m.ReceiptId)
}

// ValidateBasic checks the key and its window; a window that starts at once
// is checked against the block time by the Msg server.
func (m *MsgRegisterIssuerKey) ValidateBasic() error {
	if _, err := ParseIssuerKey(m.Pubkey); err != nil {
		return err
	}
	notBefore := time.Time{}
	if m.NotBefore != nil {
		notBefore = *m.NotBefore
	}
	return validateIssuerWindow(m.Description, notBefore, m.NotAfter)
}

// ValidateBasic checks the key.
func (m *MsgRetireIssuerKey) ValidateBasic() error {
	_, err := ParseIssuerKey(m.Pubkey)
	return err
}
