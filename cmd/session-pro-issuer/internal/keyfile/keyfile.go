// Package keyfile reads and writes the Ed25519 keys session-pro-issuer uses:
// its signing key, and the Session keys the request command signs with. A
// key file holds 128 hex digits, the 32-byte seed then the 32-byte public
// key (libsodium's secret key, the Session Pro backend's key format), or
// the 64 hex digits of the seed alone, and may end in whitespace.
package keyfile

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Load reads a key file. A file that its group or other users may read,
// write or run is refused: a signing key is a secret, so it must be the
// owner's alone (chmod 600).
func Load(path string) (ed25519.PrivateKey, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("key file %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("key file %s is open to other users (mode %04o): make it the owner's alone with chmod 600 %s", path, perm, path)
	}
	raw, err := os.ReadFile(path) // #nosec G304 -- the operator names the key file
	if err != nil {
		return nil, err
	}
	return Parse(raw)
}

// Parse reads the contents of a key file.
func Parse(raw []byte) (ed25519.PrivateKey, error) {
	text := bytes.TrimSpace(raw)
	bz := make([]byte, hex.DecodedLen(len(text)))
	if _, err := hex.Decode(bz, text); err != nil {
		return nil, fmt.Errorf("key file: not hex: %w", err)
	}
	switch len(bz) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(bz), nil
	case ed25519.PrivateKeySize:
		key := ed25519.NewKeyFromSeed(bz[:ed25519.SeedSize])
		if !bytes.Equal(key[ed25519.SeedSize:], bz[ed25519.SeedSize:]) {
			return nil, errors.New("key file: the public key does not match the seed; the file is corrupt")
		}
		return key, nil
	}
	return nil, fmt.Errorf("key file: want 64 or 128 hex digits (a seed, or a seed and its public key), got %d", len(text))
}

// Generate writes a new random key to path (mode 600) and returns it. An
// existing file is never overwritten.
func Generate(path string) (ed25519.PrivateKey, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- the operator names the key file
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s exists: a key file is never overwritten", path)
		}
		return nil, err
	}
	if _, err := fmt.Fprintln(f, hex.EncodeToString(key)); err != nil {
		_ = f.Close()
		return nil, err
	}
	return key, f.Close()
}

// PublicHex returns the key's public key in lowercase hex.
func PublicHex(key ed25519.PrivateKey) string {
	return hex.EncodeToString(key.Public().(ed25519.PublicKey))
}
