package types_test

import (
	"bytes"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// FuzzParseEvmAddress checks that parsing never panics and that whatever it
// accepts is a non-zero address whose checksummed spelling parses to itself
// and names the same 20 bytes as the input; and that any non-zero 20 bytes,
// formatted with their checksum or in lower case, parse back to themselves.
func FuzzParseEvmAddress(f *testing.F) {
	f.Add(eip55)
	f.Add(strings.ToLower(eip55))
	f.Add("0X" + strings.ToUpper(eip55[2:]))
	f.Add("0x0000000000000000000000000000000000000000")
	f.Add("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
	f.Add("")
	f.Add("0x")
	f.Add("0x" + strings.Repeat("é", 20))
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) >= 20 {
			// The string's first 20 bytes as an address: format → parse.
			want := common.BytesToAddress([]byte(s[:20]))
			if want != (common.Address{}) {
				for _, spelling := range []string{want.Hex(), strings.ToLower(want.Hex())} {
					got, err := types.ParseEvmAddress(spelling)
					require.NoError(t, err, spelling)
					require.Equal(t, want, got)
				}
			}
		}

		addr, err := types.ParseEvmAddress(s)
		if err != nil {
			require.Equal(t, common.Address{}, addr)
			return
		}
		require.NotEqual(t, common.Address{}, addr)
		require.Len(t, s, 42)
		require.True(t, strings.EqualFold(s[2:], addr.Hex()[2:]), "%q parsed as %s", s, addr.Hex())
		again, err := types.ParseEvmAddress(addr.Hex())
		require.NoError(t, err)
		require.Equal(t, addr, again)
		lower, err := types.ParseEvmAddress(strings.ToLower(s))
		require.NoError(t, err)
		require.Equal(t, addr, lower)
	})
}

// FuzzRecoverSigner checks that recovery never panics on arbitrary bytes and
// accepts only signatures in the contract's form: 65 bytes, v = 27 or 28,
// r non-zero, s in the lower half of the curve order; and that a key's own
// signature of the fuzzer's digest recovers that key's address, while its
// malleable twin is refused.
func FuzzRecoverSigner(f *testing.F) {
	digest := crypto.Keccak256Hash([]byte("fuzz"))
	var sig []byte
	{
		s, err := crypto.Sign(digest[:], evmKey(1))
		if err != nil {
			f.Fatal(err)
		}
		sig = types.ToContractSignature(s)
	}
	f.Add(digest.Bytes(), sig)
	f.Add(digest.Bytes(), highS(sig))
	f.Add(digest.Bytes(), sig[:64])
	f.Add([]byte{}, []byte{})
	f.Add(make([]byte, 32), make([]byte, 65))
	f.Add(bytes.Repeat([]byte{0xff}, 32), bytes.Repeat([]byte{0xff}, 65))
	halfN := new(big.Int).Rsh(crypto.S256().Params().N, 1)
	f.Fuzz(func(t *testing.T, digest, sig []byte) {
		h := common.BytesToHash(digest)
		key := evmKey(len(digest) % 4)
		own := sign(t, key, h)
		signer, err := types.RecoverSigner(h, own)
		require.NoError(t, err)
		require.Equal(t, crypto.PubkeyToAddress(key.PublicKey), signer, "format → recover round trip")
		_, err = types.RecoverSigner(h, highS(own))
		require.Error(t, err, "the malleable twin of a signature is refused")

		got, err := types.RecoverSigner(h, sig)
		if err != nil {
			require.Equal(t, common.Address{}, got)
			return
		}
		require.Len(t, sig, 65)
		require.Contains(t, []byte{27, 28}, sig[64])
		require.Positive(t, new(big.Int).SetBytes(sig[:32]).Sign())
		s := new(big.Int).SetBytes(sig[32:64])
		require.Positive(t, s.Sign())
		require.LessOrEqual(t, s.Cmp(halfN), 0)
		_, err = types.RecoverSigner(h, highS(sig))
		require.Error(t, err, "the malleable twin of an accepted signature is refused")
	})
}
