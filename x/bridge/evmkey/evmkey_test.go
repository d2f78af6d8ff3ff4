package evmkey_test

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
)

// TestKeyFilesOthersCanReadAreRefused: a key file, or a keystore's password
// file, that its group or others may read or write is refused before it is
// read; mode 0600 or stricter loads.
func TestKeyFilesOthersCanReadAreRefused(t *testing.T) {
	dir := t.TempDir()
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	hexPath := filepath.Join(dir, "evm.key")
	require.NoError(t, os.WriteFile(hexPath, []byte(hex.EncodeToString(crypto.FromECDSA(key))+"\n"), 0o600))

	got, err := evmkey.Load(hexPath, "")
	require.NoError(t, err)
	require.Equal(t, crypto.PubkeyToAddress(key.PublicKey), crypto.PubkeyToAddress(got.PublicKey))

	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o620, 0o602} {
		require.NoError(t, os.Chmod(hexPath, mode))
		_, err := evmkey.Load(hexPath, "")
		require.ErrorContains(t, err, "readable by its owner only", "mode %04o", mode)
	}
	require.NoError(t, os.Chmod(hexPath, 0o400))
	_, err = evmkey.Load(hexPath, "")
	require.NoError(t, err, "read-only by the owner is fine")

	// A keystore file: the password file is checked as well.
	id, err := uuid.NewRandom()
	require.NoError(t, err)
	ks, err := keystore.EncryptKey(&keystore.Key{Id: id, Address: crypto.PubkeyToAddress(key.PublicKey), PrivateKey: key},
		"pw", keystore.LightScryptN, keystore.LightScryptP)
	require.NoError(t, err)
	ksPath, pwPath := filepath.Join(dir, "evm.json"), filepath.Join(dir, "evm.pass")
	require.NoError(t, os.WriteFile(ksPath, ks, 0o600))
	require.NoError(t, os.WriteFile(pwPath, []byte("pw\n"), 0o644))
	_, err = evmkey.Load(ksPath, pwPath)
	require.ErrorContains(t, err, "evm.pass has mode 0644")
	require.NoError(t, os.Chmod(pwPath, 0o600))
	got, err = evmkey.Load(ksPath, pwPath)
	require.NoError(t, err)
	require.Equal(t, crypto.PubkeyToAddress(key.PublicKey), crypto.PubkeyToAddress(got.PublicKey))
	_, err = evmkey.Load(ksPath, "")
	require.ErrorContains(t, err, "give its password file")
}
