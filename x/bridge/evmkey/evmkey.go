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

// Load reads the key in path. A keystore file needs passwordFile; a hex key
// file must not be readable by others in production, which is the operator's
// business, not checked here.
func Load(path, passwordFile string) (*ecdsa.PrivateKey, error) {
	bz, err := os.ReadFile(path) //nolint:gosec // the operator names the key file
	if err != nil {
		return nil, fmt.Errorf("read EVM key: %w", err)
	}
	bz = bytes.TrimSpace(bz)
	if json.Valid(bz) && len(bz) > 0 && bz[0] == '{' {
		if passwordFile == "" {
			return nil, fmt.Errorf("%s is a keystore file: give its password file", path)
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

// Sign signs digest (in its EIP-191 form) and returns the signature as the
// chain and the contract take it (v = 27 or 28).
func Sign(key *ecdsa.PrivateKey, digest [32]byte) ([]byte, error) {
	sig, err := crypto.Sign(types.SignedHash(digest), key)
	if err != nil {
		return nil, err
	}
	return types.ToContractSignature(sig), nil
}
