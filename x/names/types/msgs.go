package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidateBasic leaves the signer's address to the SDK, which decodes it
// before a message reaches any of this, and to the Msg server, which decodes
// it again for its own use (as x/pro's messages do).

// The messages checked by ValidateBasic.
var _ = []sdk.HasValidateBasic{
	(*MsgRegisterName)(nil), (*MsgRenewName)(nil), (*MsgUpdateName)(nil), (*MsgTransferName)(nil),
	(*MsgListName)(nil), (*MsgCancelListing)(nil), (*MsgBuyName)(nil), (*MsgUpdateParams)(nil),
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

// validateFeeBound checks an optional bound on a fee: empty, or a
// non-negative amount of nsesh.
func validateFeeBound(field string, coin sdk.Coin) error {
	if coin.Denom == "" && (coin.Amount.IsNil() || coin.Amount.IsZero()) {
		return nil
	}
	if coin.Denom != Denom {
		return errorsmod.Wrapf(ErrInvalidDenom, "%s must be in %s, got %q", field, Denom, coin.Denom)
	}
	if coin.Amount.IsNil() || coin.Amount.IsNegative() {
		return errorsmod.Wrapf(ErrInvalidAmount, "%s must not be negative, got %s", field, coin.Amount)
	}
	return nil
}

func validateYears(years uint32) error {
	if !isTermYears(years) {
		return errorsmod.Wrapf(ErrInvalidTerm, "terms are of 1, 2, 5 or 10 years, got %d", years)
	}
	return nil
}

// validateBackupOwner checks an optional backup owner's address.
func validateBackupOwner(addr string) error {
	if addr == "" {
		return nil
	}
	if _, err := sdk.AccAddressFromBech32(addr); err != nil {
		return errorsmod.Wrapf(ErrInvalidBackupOwner, "%q: %s", addr, err)
	}
	return nil
}

// ValidateBasic checks the registration's form; that the value decrypts
// with the name is the Msg server's check.
func (m *MsgRegisterName) ValidateBasic() error {
	if err := ValidateName(m.Name); err != nil {
		return err
	}
	if err := ValidateEncryptedValue(m.EncryptedValue); err != nil {
		return err
	}
	if err := validateBackupOwner(m.BackupOwner); err != nil {
		return err
	}
	if err := validateYears(m.Years); err != nil {
		return err
	}
	_, err := ValidateAmount("max_amount", m.MaxAmount)
	return err
}

// ValidateBasic checks the renewal's form.
func (m *MsgRenewName) ValidateBasic() error {
	if _, _, err := ParseNameHash(m.NameHash); err != nil {
		return err
	}
	if err := validateYears(m.Years); err != nil {
		return err
	}
	_, err := ValidateAmount("max_amount", m.MaxAmount)
	return err
}

// ValidateBasic checks the update's form: it must change something.
func (m *MsgUpdateName) ValidateBasic() error {
	if _, _, err := ParseNameHash(m.NameHash); err != nil {
		return err
	}
	if len(m.EncryptedValue) > 0 {
		if err := ValidateEncryptedValue(m.EncryptedValue); err != nil {
			return err
		}
	}
	if err := validateBackupOwner(m.BackupOwner); err != nil {
		return err
	}
	if m.RemoveBackupOwner && m.BackupOwner != "" {
		return errorsmod.Wrap(ErrInvalidBackupOwner, "remove_backup_owner and a new backup_owner together")
	}
	if len(m.EncryptedValue) == 0 && m.BackupOwner == "" && !m.RemoveBackupOwner {
		return errorsmod.Wrap(ErrNothingToUpdate, "give a new encrypted_value, a backup_owner or remove_backup_owner")
	}
	return nil
}

// ValidateBasic checks the transfer's form.
func (m *MsgTransferName) ValidateBasic() error {
	if _, _, err := ParseNameHash(m.NameHash); err != nil {
		return err
	}
	if _, err := sdk.AccAddressFromBech32(m.NewOwner); err != nil {
		return errorsmod.Wrapf(ErrInvalidAddress, "new_owner %q: %s", m.NewOwner, err)
	}
	if len(m.EncryptedValue) > 0 {
		if err := ValidateEncryptedValue(m.EncryptedValue); err != nil {
			return err
		}
	}
	return validateFeeBound("max_fee", m.MaxFee)
}

// ValidateBasic checks the listing's form.
func (m *MsgListName) ValidateBasic() error {
	if _, _, err := ParseNameHash(m.NameHash); err != nil {
		return err
	}
	price, err := ValidateAmount("price", m.Price)
	if err != nil {
		return err
	}
	if !price.IsUint64() {
		return errorsmod.Wrapf(ErrInvalidAmount, "price must be below 2^64 nsesh, got %s", price)
	}
	return nil
}

// ValidateBasic checks the cancellation's form.
func (m *MsgCancelListing) ValidateBasic() error {
	_, _, err := ParseNameHash(m.NameHash)
	return err
}

// ValidateBasic checks the purchase's form.
func (m *MsgBuyName) ValidateBasic() error {
	if _, _, err := ParseNameHash(m.NameHash); err != nil {
		return err
	}
	if err := ValidateEncryptedValue(m.EncryptedValue); err != nil {
		return err
	}
	_, err := ValidateAmount("max_price", m.MaxPrice)
	return err
}

// ValidateBasic checks the params.
func (m *MsgUpdateParams) ValidateBasic() error {
	return m.Params.Validate()
}
