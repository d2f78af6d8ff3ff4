// Package evmkey loads the EVM signing key of a validator: a go-ethereum
// keystore file (JSON, with a password file) or a file with the private key in
// hex. sessiond's register-evm-key command and session-relayer share it.
package evmkey

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Load reads the key in path. A keystore file needs passwordFile. The key
// file and the password file must not be readable or writable by anyone but
// their owner (mode 0600 or stricter): a key others can read is a key others
// may hold.
func Load(path, passwordFile string) (*ecdsa.PrivateKey, error) {
	if err := CheckPrivate(path); err != nil {
		return nil, err
	}
	bz, err := os.ReadFile(path) //nolint:gosec // the operator names the key file
	if err != nil {
		return nil, fmt.Errorf("read EVM key: %w", err)
	}
	bz = bytes.TrimSpace(bz)
	if json.Valid(bz) && len(bz) > 0 && bz[0] == '{' {
		if passwordFile == "" {
			return nil, fmt.Errorf("%s is a keystore file: give its password file", path)
		}
		if err := CheckPrivate(passwordFile); err != nil {
			return nil, err
		}
		pw, err := os.ReadFile(passwordFile) //nolint:gosec // the operator names the password file
		if err != nil {
			return nil, fmt.Errorf("read keystore password: %w", err)
		}
		key, err := keystore.DecryptKey(bz, strings.TrimRight(string(pw), "\r\n"))
		if err != nil {
			return nil, fmt.Errorf("decrypt %s: %w", path, err)
		}
		return key.PrivateKey, nil
	}
	key, err := crypto.HexToECDSA(strings.TrimPrefix(string(bz), "0x"))
	if err != nil {
		return nil, fmt.Errorf("%s is neither a keystore file nor a hex private key: %w", path, err)
	}
	return key, nil
}

// CheckPrivate refuses a file that its group or others may read or write.
func CheckPrivate(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("key file: %w", err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s has mode %04o: a key file must be readable by its owner only (chmod 600 %s)", path, perm, path)
	}
	return nil
}

// Sign signs an EIP-712 digest and returns the signature as the chain and
// the contract take it (v = 27 or 28).
func Sign(key *ecdsa.PrivateKey, digest [32]byte) ([]byte, error) {
	sig, err := crypto.Sign(digest[:], key)
	if err != nil {
		return nil, err
	}
	return types.ToContractSignature(sig), nil
}
