package proproof

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// Key is a 32-byte Ed25519 public key, or a revocation tag: lowercase hex on
// the wire.
type Key [32]byte

// Sig is a 64-byte Ed25519 signature: lowercase hex on the wire.
type Sig [64]byte

// String returns the key in lowercase hex.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// String returns the signature in lowercase hex.
func (s Sig) String() string { return hex.EncodeToString(s[:]) }

// MarshalJSON writes the key as a hex string.
func (k Key) MarshalJSON() ([]byte, error) { return json.Marshal(k.String()) }

// MarshalJSON writes the signature as a hex string.
func (s Sig) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a key as libsession does: a string of exactly 64 hex
// digits, optionally after "0x".
func (k *Key) UnmarshalJSON(b []byte) error { return unmarshalHex(b, k[:]) }

// UnmarshalJSON reads a signature: a string of exactly 128 hex digits,
// optionally after "0x".
func (s *Sig) UnmarshalJSON(b []byte) error { return unmarshalHex(b, s[:]) }

// ParseKey parses 64 hex digits.
func ParseKey(s string) (Key, error) {
	var k Key
	return k, decodeHex(s, k[:])
}

func unmarshalHex(b []byte, dst []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a hex string: %w", err)
	}
	return decodeHex(s, dst)
}

func decodeHex(s string, dst []byte) error {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		s = s[2:]
	}
	if len(s) != 2*len(dst) {
		return fmt.Errorf("want %d hex digits, got %d", 2*len(dst), len(s))
	}
	if _, err := hex.Decode(dst, []byte(s)); err != nil {
		return fmt.Errorf("not hex: %w", err)
	}
	return nil
}
