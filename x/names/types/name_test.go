package types_test

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

func TestValidateName(t *testing.T) {
	valid := []string{
		"a", "alice", "Alice", "ALICE", "alice_bob", "alice-bob", "-x-", "0", "a+b/c",
		"SGVsbG8=", "SGVsbA==", "dGhlIGJsaW5kZWQgbmFtZQ", strings.Repeat("z", 64), strings.Repeat("z", 62) + "==",
	}
	for _, name := range valid {
		require.NoError(t, types.ValidateName(name), name)
	}
	invalid := []string{
		"", strings.Repeat("z", 65), "alice.loki", "alice bob", "élise", "a=b", "ab===", "=", "==", "a\x00", "a\n", "a@b", "a:b",
	}
	for _, name := range invalid {
		require.ErrorIs(t, types.ValidateName(name), types.ErrInvalidName, "%q", name)
	}
}

// Names are case-sensitive: two spellings are two names with two hashes.
func TestNameHash(t *testing.T) {
	require.Len(t, types.NameHash("alice"), types.NameHashSize)
	require.NotEqual(t, types.NameHash("alice"), types.NameHash("Alice"))
	// BLAKE2b-256 of "alice", as Oxen's ONS hashed names (Python's
	// hashlib.blake2b(b"alice", digest_size=32) gives the same).
	require.Equal(t, "e11d814979372c883b50bdb0ffadb1eaf0898bf54fd4fbf298af126fbabbda4c", types.NameHashHex("alice"))

	hash, canonical, err := types.ParseNameHash(strings.ToUpper(types.NameHashHex("alice")))
	require.NoError(t, err)
	require.Equal(t, types.NameHash("alice"), hash)
	require.Equal(t, types.NameHashHex("alice"), canonical)
	for _, bad := range []string{"", "xyz", types.NameHashHex("alice")[2:], types.NameHashHex("alice") + "00"} {
		_, _, err := types.ParseNameHash(bad)
		require.ErrorIs(t, err, types.ErrInvalidNameHash, bad)
	}
}

// The value decrypts with the name it was encrypted under, and with no
// other: not another case, not a longer name, not the hash.
func TestValueDecryptsOnlyWithTheName(t *testing.T) {
	id := append([]byte{types.SessionIDPrefix}, bytes.Repeat([]byte{0xab}, 32)...)
	lokinet := bytes.Repeat([]byte{0x42}, 32)
	nonce := bytes.Repeat([]byte{7}, types.NonceSize)
	for _, v := range []types.Value{{SessionID: id}, {SessionID: id, Lokinet: lokinet}} {
		enc, err := types.EncryptValue("alice", v, nonce)
		require.NoError(t, err)
		require.NoError(t, types.ValidateEncryptedValue(enc))
		require.Equal(t, nonce, enc[len(enc)-types.NonceSize:], "the nonce is appended")
		require.False(t, bytes.Contains(enc, id[1:]), "the Session ID does not appear in clear")

		got, err := types.DecryptValue("alice", enc)
		require.NoError(t, err)
		require.Equal(t, v, got)
		for _, other := range []string{"Alice", "alice ", "alice2", "alic", types.NameHashHex("alice")} {
			_, err := types.DecryptValue(other, enc)
			require.ErrorIs(t, err, types.ErrInvalidValue, other)
		}
		tampered := bytes.Clone(enc)
		tampered[0] ^= 1
		_, err = types.DecryptValue("alice", tampered)
		require.ErrorIs(t, err, types.ErrInvalidValue, "a changed byte")
	}
	_, err := types.EncryptValue("alice", types.Value{SessionID: id[1:]}, nonce)
	require.ErrorIs(t, err, types.ErrInvalidValue, "a Session ID without its prefix")
	_, err = types.EncryptValue("alice", types.Value{SessionID: id, Lokinet: lokinet[1:]}, nonce)
	require.ErrorIs(t, err, types.ErrInvalidValue)
	require.ErrorIs(t, types.ValidateEncryptedValue(make([]byte, types.MinEncryptedValueSize+1)), types.ErrInvalidValue)
}

// The key is ONS's: BLAKE2b-256 of the name, keyed by its hash.
func TestEncryptionKeyNeedsTheName(t *testing.T) {
	// hashlib.blake2b(b"alice", digest_size=32, key=<the name hash>).
	require.Equal(t, "5711cbc68d289da07b63bd4707fd14d264b1a04f0ea8ad7a55e86e14d259d478", hex.EncodeToString(types.EncryptionKey("alice")))
	require.NotEqual(t, types.EncryptionKey("alice"), types.NameHash("alice"))
	require.NotEqual(t, types.EncryptionKey("alice"), types.EncryptionKey("Alice"))
}

func TestParseSessionID(t *testing.T) {
	good := "05" + strings.Repeat("ab", 32)
	id, err := types.ParseSessionID(good)
	require.NoError(t, err)
	require.Equal(t, good, hex.EncodeToString(id))
	for _, bad := range []string{"", "06" + strings.Repeat("ab", 32), good[2:], good + "00", "05" + strings.Repeat("zz", 32)} {
		_, err := types.ParseSessionID(bad)
		require.ErrorIs(t, err, types.ErrInvalidValue, bad)
	}
}

func TestLokinetAddress(t *testing.T) {
	for _, key := range [][]byte{bytes.Repeat([]byte{0}, 32), bytes.Repeat([]byte{0xff}, 32), []byte("0123456789abcdef0123456789abcdef")} {
		addr := types.FormatLokinet(key)
		require.Len(t, addr, 52+len(".loki"))
		require.Contains(t, "yo", addr[51:52], "the last character carries one bit")
		got, err := types.ParseLokinet(addr)
		require.NoError(t, err)
		require.Equal(t, key, got)
		got, err = types.ParseLokinet(strings.TrimSuffix(addr, ".loki"))
		require.NoError(t, err)
		require.Equal(t, key, got)
	}
	valid := types.FormatLokinet(bytes.Repeat([]byte{0x55}, 32))
	for _, bad := range []string{"", valid[:51] + "b.loki", valid[1:], "l" + valid[1:], valid[:10] + "0" + valid[11:]} {
		_, err := types.ParseLokinet(bad)
		require.ErrorIs(t, err, types.ErrInvalidValue, bad)
	}
}
