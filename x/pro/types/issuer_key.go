package types

import (
	"encoding/hex"
	"time"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/client/proproof"
)

// ParseIssuerKey reads an issuer's Ed25519 public key in hex and returns its
// canonical lowercase form. The key must be one libsodium verifies with:
// Session clients would refuse every proof signed by any other.
func ParseIssuerKey(s string) (string, error) {
	bz, err := hex.DecodeString(s)
	if err != nil {
		return "", errorsmod.Wrapf(ErrInvalidIssuerKey, "%q is not hex: %s", s, err)
	}
	if !proproof.UsablePublicKey(bz) {
		return "", errorsmod.Wrapf(ErrInvalidIssuerKey, "%q is not a usable Ed25519 public key (32 bytes, canonical, on the curve, not of small order)", s)
	}
	return hex.EncodeToString(bz), nil
}

// Validate checks an issuer key record.
func (k IssuerKey) Validate() error {
	canonical, err := ParseIssuerKey(k.Pubkey)
	if err != nil {
		return err
	}
	if canonical != k.Pubkey {
		return errorsmod.Wrapf(ErrInvalidIssuerKey, "%s is not lowercase", k.Pubkey)
	}
	return validateIssuerWindow(k.Description, k.NotBefore, k.NotAfter)
}

func validateIssuerWindow(description string, notBefore time.Time, notAfter *time.Time) error {
	if len(description) > MaxIssuerKeyDescription {
		return errorsmod.Wrapf(ErrInvalidIssuerKey, "description must have at most %d characters, got %d", MaxIssuerKeyDescription, len(description))
	}
	if notAfter != nil && !notAfter.After(notBefore) {
		return errorsmod.Wrapf(ErrInvalidIssuerKey, "not_after %s must be after not_before %s", notAfter.UTC(), notBefore.UTC())
	}
	return nil
}
