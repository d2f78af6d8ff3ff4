package types

import (
	"encoding/hex"

	"golang.org/x/crypto/blake2b"

	errorsmod "cosmossdk.io/errors"
)

// Name rules. A name is 1 to MaxNameLength characters of the alphabets of
// standard and URL-safe base64 (RFC 4648): A-Z, a-z, 0-9, '+', '/', '-' and
// '_', optionally followed by one or two '=' of padding. Names are
// case-sensitive: "Alice" and "alice" are two names. The alphabet takes in
// the human names Oxen's ONS allowed (lowercase letters, digits, '-' and
// '_') and the blinded names of Session's name service draft, which are
// base64 strings.
const (
	// MinNameLength is the shortest name.
	MinNameLength = 1
	// MaxNameLength is the longest name.
	MaxNameLength = 64
	// maxPadding is how many '=' a name may end with.
	maxPadding = 2
)

// NameHashSize is the size of a name hash: BLAKE2b-256.
const NameHashSize = blake2b.Size256

// ValidateName checks a name against the rules.
func ValidateName(name string) error {
	if len(name) < MinNameLength || len(name) > MaxNameLength {
		return errorsmod.Wrapf(ErrInvalidName, "a name has %d to %d characters, got %d", MinNameLength, MaxNameLength, len(name))
	}
	body := len(name)
	for body > 0 && name[body-1] == '=' {
		body--
	}
	if len(name)-body > maxPadding {
		return errorsmod.Wrapf(ErrInvalidName, "%q ends with %d '=', at most %d are allowed", name, len(name)-body, maxPadding)
	}
	if body == 0 {
		return errorsmod.Wrapf(ErrInvalidName, "%q has no character before its padding", name)
	}
	for i := range body {
		if !nameChar(name[i]) {
			return errorsmod.Wrapf(ErrInvalidName,
				"%q has %q at position %d: names use A-Z, a-z, 0-9, '+', '/', '-', '_' and trailing '='", name, name[i], i+1)
		}
	}
	return nil
}

// nameChar reports whether c may appear in a name before its padding.
func nameChar(c byte) bool {
	switch {
	case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return true
	}
	return c == '+' || c == '/' || c == '-' || c == '_'
}

// NameHash returns the hash a name is stored under: BLAKE2b-256 of its
// bytes, as Oxen's ONS hashed its names.
func NameHash(name string) []byte {
	h := blake2b.Sum256([]byte(name))
	return h[:]
}

// NameHashHex returns NameHash in lowercase hex, as messages and queries
// carry it.
func NameHashHex(name string) string {
	return hex.EncodeToString(NameHash(name))
}

// ParseNameHash reads a name hash in hex and returns its bytes and its
// canonical lowercase form.
func ParseNameHash(s string) ([]byte, string, error) {
	bz, err := hex.DecodeString(s)
	if err != nil {
		return nil, "", errorsmod.Wrapf(ErrInvalidNameHash, "%q is not hex: %s", s, err)
	}
	if len(bz) != NameHashSize {
		return nil, "", errorsmod.Wrapf(ErrInvalidNameHash, "want %d bytes, got %d", NameHashSize, len(bz))
	}
	return bz, hex.EncodeToString(bz), nil
}
