package keyfile_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/keyfile"
)

func TestGenerateThenLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "issuer.key")
	key, err := keyfile.Generate(path)
	require.NoError(t, err)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	loaded, err := keyfile.Load(path)
	require.NoError(t, err)
	require.Equal(t, key, loaded)

	_, err = keyfile.Generate(path)
	require.ErrorContains(t, err, "never overwritten")
}

func TestLoadRefusesAKeyOthersCanRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "issuer.key")
	_, err := keyfile.Generate(path)
	require.NoError(t, err)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o602} {
		require.NoError(t, os.Chmod(path, mode))
		_, err := keyfile.Load(path)
		require.ErrorContains(t, err, "open to other users", "mode %04o", mode)
	}
	require.NoError(t, os.Chmod(path, 0o400))
	_, err = keyfile.Load(path)
	require.NoError(t, err, "read-only for the owner is fine")

	_, err = keyfile.Load(filepath.Join(t.TempDir(), "missing.key"))
	require.Error(t, err)
	_, err = keyfile.Load(t.TempDir())
	require.ErrorContains(t, err, "not a regular file")
}

func TestParse(t *testing.T) {
	seed := strings.Repeat("01", 32)
	key := ed25519.NewKeyFromSeed(make32(1))
	full := hex.EncodeToString(key)

	for _, ok := range []string{seed, seed + "\n", full, full + "  \n", strings.ToUpper(full)} {
		got, err := keyfile.Parse([]byte(ok))
		require.NoError(t, err, ok)
		require.Equal(t, key, got)
	}
	require.Equal(t, "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c", keyfile.PublicHex(key))

	corrupt := full[:127] + "0"
	if corrupt == full {
		corrupt = full[:127] + "1"
	}
	for bad, want := range map[string]string{
		"zz":        "not hex",
		seed[:62]:   "want 64 or 128 hex digits",
		corrupt:     "does not match",
		full + "ab": "want 64 or 128 hex digits",
		"":          "want 64 or 128 hex digits",
	} {
		_, err := keyfile.Parse([]byte(bad))
		require.ErrorContains(t, err, want, bad)
	}
}

func make32(b byte) []byte {
	out := make([]byte, 32)
	for i := range out {
		out[i] = b
	}
	return out
}
