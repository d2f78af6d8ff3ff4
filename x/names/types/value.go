package types

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/chacha20poly1305"

	errorsmod "cosmossdk.io/errors"
)

// A name's value is a Session ID, optionally followed by a Lokinet address:
// 33 or 65 bytes. It is stored encrypted with XChaCha20-Poly1305 under a key
// only the name gives (EncryptionKey), the 24-byte nonce appended, as Oxen's
// ONS stored its records: 73 or 105 bytes on chain.
const (
	// SessionIDSize is the size of a Session ID: the 0x05 prefix, then the
	// account's X25519 public key.
	SessionIDSize = 33
	// SessionIDPrefix is the first byte of a Session ID.
	SessionIDPrefix = 0x05
	// LokinetKeySize is the size of a Lokinet address: an Ed25519 key.
	LokinetKeySize = 32
	// NonceSize is the size of the nonce appended to a value.
	NonceSize = chacha20poly1305.NonceSizeX
	// sealOverhead is what encryption adds: the Poly1305 tag and the nonce.
	sealOverhead = chacha20poly1305.Overhead + NonceSize
	// MinEncryptedValueSize is the size of an encrypted Session ID.
	MinEncryptedValueSize = SessionIDSize + sealOverhead
	// MaxEncryptedValueSize is the size of an encrypted Session ID with a
	// Lokinet address.
	MaxEncryptedValueSize = SessionIDSize + LokinetKeySize + sealOverhead
)

// Value is what a name resolves to.
type Value struct {
	// SessionID is the 33-byte Session ID.
	SessionID []byte
	// Lokinet is a 32-byte Lokinet address, or nil.
	Lokinet []byte
}

// ParseSessionID reads a Session ID in hex: 66 characters, starting "05".
func ParseSessionID(s string) ([]byte, error) {
	bz, err := hex.DecodeString(s)
	if err != nil {
		return nil, errorsmod.Wrapf(ErrInvalidValue, "Session ID %q is not hex: %s", s, err)
	}
	if len(bz) != SessionIDSize || bz[0] != SessionIDPrefix {
		return nil, errorsmod.Wrapf(ErrInvalidValue, "a Session ID is %d hex characters starting 05, got %q", 2*SessionIDSize, s)
	}
	return bz, nil
}

// plaintext returns the bytes v encrypts to.
func (v Value) plaintext() ([]byte, error) {
	if len(v.SessionID) != SessionIDSize || v.SessionID[0] != SessionIDPrefix {
		return nil, errorsmod.Wrapf(ErrInvalidValue, "a Session ID is %d bytes starting 0x05, got %d", SessionIDSize, len(v.SessionID))
	}
	if v.Lokinet != nil && len(v.Lokinet) != LokinetKeySize {
		return nil, errorsmod.Wrapf(ErrInvalidValue, "a Lokinet address is %d bytes, got %d", LokinetKeySize, len(v.Lokinet))
	}
	return append(bytes.Clone(v.SessionID), v.Lokinet...), nil
}

// String shows the Session ID in hex and the Lokinet address, if any.
func (v Value) String() string {
	s := hex.EncodeToString(v.SessionID)
	if v.Lokinet != nil {
		s += " " + FormatLokinet(v.Lokinet)
	}
	return s
}

// parseValue reads a decrypted value.
func parseValue(plain []byte) (Value, error) {
	switch {
	case len(plain) != SessionIDSize && len(plain) != SessionIDSize+LokinetKeySize:
		return Value{}, errorsmod.Wrapf(ErrInvalidValue, "a value is %d or %d bytes, got %d", SessionIDSize, SessionIDSize+LokinetKeySize, len(plain))
	case plain[0] != SessionIDPrefix:
		return Value{}, errorsmod.Wrapf(ErrInvalidValue, "a Session ID starts with 0x05, got 0x%02x", plain[0])
	}
	v := Value{SessionID: plain[:SessionIDSize]}
	if len(plain) > SessionIDSize {
		v.Lokinet = plain[SessionIDSize:]
	}
	return v, nil
}

// EncryptionKey returns the key a name's value is encrypted under:
// BLAKE2b-256 of the name keyed by the name's hash (Oxen's ONS key). The
// hash is public; the key needs the name.
func EncryptionKey(name string) []byte {
	h, err := blake2b.New256(NameHash(name))
	if err != nil {
		panic(err) // a 32-byte key is always accepted
	}
	h.Write([]byte(name))
	return h.Sum(nil)
}

// EncryptValue encrypts v under name's key with the nonce given, which
// must be random and used once, and appends the nonce.
func EncryptValue(name string, v Value, nonce []byte) ([]byte, error) {
	if len(nonce) != NonceSize {
		return nil, fmt.Errorf("the nonce is %d bytes, got %d", NonceSize, len(nonce))
	}
	plain, err := v.plaintext()
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(EncryptionKey(name))
	if err != nil {
		return nil, err
	}
	return append(aead.Seal(nil, nonce, plain, nil), nonce...), nil
}

// DecryptValue decrypts an encrypted value with name: ErrInvalidValue if
// it was not encrypted under that name's key or does not hold a value.
func DecryptValue(name string, encrypted []byte) (Value, error) {
	if err := ValidateEncryptedValue(encrypted); err != nil {
		return Value{}, err
	}
	aead, err := chacha20poly1305.NewX(EncryptionKey(name))
	if err != nil {
		return Value{}, err
	}
	split := len(encrypted) - NonceSize
	plain, err := aead.Open(nil, encrypted[split:], encrypted[:split], nil)
	if err != nil {
		return Value{}, errorsmod.Wrap(ErrInvalidValue, "the value does not decrypt with this name")
	}
	return parseValue(plain)
}

// ValidateEncryptedValue checks an encrypted value's size: the chain can
// check no more without the name.
func ValidateEncryptedValue(encrypted []byte) error {
	if len(encrypted) != MinEncryptedValueSize && len(encrypted) != MaxEncryptedValueSize {
		return errorsmod.Wrapf(ErrInvalidValue, "an encrypted value is %d or %d bytes, got %d",
			MinEncryptedValueSize, MaxEncryptedValueSize, len(encrypted))
	}
	return nil
}

// zbase32 is the z-base-32 alphabet Lokinet addresses are written in.
const zbase32 = "ybndrfg8ejkmcpqxot1uwisza345h769"

// lokinetChars is the length of a Lokinet address without ".loki".
const lokinetChars = (LokinetKeySize*8 + 4) / 5

// FormatLokinet writes a 32-byte Lokinet key as its address: 52 z-base-32
// characters and ".loki".
func FormatLokinet(key []byte) string {
	var sb strings.Builder
	var acc, bits uint
	for _, b := range key {
		acc = acc<<8 | uint(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			sb.WriteByte(zbase32[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		sb.WriteByte(zbase32[(acc<<(5-bits))&31])
	}
	return sb.String() + ".loki"
}

// ParseLokinet reads a Lokinet address (52 z-base-32 characters, ".loki"
// optional) and returns its 32-byte key.
func ParseLokinet(s string) ([]byte, error) {
	addr := strings.TrimSuffix(s, ".loki")
	if len(addr) != lokinetChars {
		return nil, errorsmod.Wrapf(ErrInvalidValue, "a Lokinet address is %d z-base-32 characters and .loki, got %q", lokinetChars, s)
	}
	key := make([]byte, 0, LokinetKeySize)
	var acc, bits uint
	for i := range len(addr) {
		v := strings.IndexByte(zbase32, addr[i])
		if v < 0 {
			return nil, errorsmod.Wrapf(ErrInvalidValue, "Lokinet address %q has %q, not z-base-32", s, addr[i])
		}
		acc = acc<<5 | uint(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			key = append(key, byte(acc>>bits))
		}
	}
	// 52 characters carry 260 bits: the last 4 must be zero.
	if acc&(1<<bits-1) != 0 {
		return nil, errorsmod.Wrapf(ErrInvalidValue, "Lokinet address %q does not end in y or o", s)
	}
	return key, nil
}
