package types_test

import (
	"bytes"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// eip55 is the first example address of EIP-55, with its checksum.
const eip55 = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"

func TestParseEvmAddress(t *testing.T) {
	body := eip55[2:]
	tests := []struct {
		name string
		in   string
		want string // checksummed; empty when the input is refused
	}{
		{"checksummed", eip55, eip55},
		{"lowercase", "0x" + strings.ToLower(body), eip55},
		{"uppercase digits", "0x" + strings.ToUpper(body), eip55},
		{"uppercase prefix", "0X" + strings.ToLower(body), eip55},
		{"lowest non-zero", "0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000001"},
		{"bad checksum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", ""},
		{"one letter's case changed", "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ""},
		{"zero address", "0x0000000000000000000000000000000000000000", ""},
		{"39 digits", eip55[:41], ""},
		{"41 digits", eip55 + "0", ""},
		{"20 bytes with padding", "0x" + strings.Repeat("0", 24) + strings.ToLower(body), ""},
		{"no prefix", strings.ToLower(body), ""},
		{"no prefix, 42 digits", "00" + strings.ToLower(body), ""},
		{"not hex", "0x" + strings.Repeat("g", 40), ""},
		{"leading space", " 0x" + strings.ToLower(body)[1:], ""},
		{"empty", "", ""},
		{"prefix only", "0x", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := types.ParseEvmAddress(tc.in)

			if tc.want == "" {
				require.Error(t, err)
				require.Equal(t, common.Address{}, got)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got.Hex())
		})
	}
}

// sigWithV returns a signature of some digest by key whose v is want (27 or
// 28), and that digest.
func sigWithV(t *testing.T, want byte) (common.Hash, []byte) {
	t.Helper()
	for i := range 64 {
		digest := crypto.Keccak256Hash([]byte{byte(i)})
		sig := sign(t, evmKey(1), digest)
		if sig[64] == want {
			return digest, sig
		}
	}
	t.Fatalf("no signature with v = %d in 64 tries", want)
	return common.Hash{}, nil
}

// highS returns the malleable twin of sig: s replaced by N − s and v flipped,
// which plain ecrecover accepts for the same key.
func highS(sig []byte) []byte {
	out := bytes.Clone(sig)
	s := new(big.Int).SetBytes(sig[32:64])
	new(big.Int).Sub(crypto.S256().Params().N, s).FillBytes(out[32:64])
	out[64] ^= 27 ^ 28
	return out
}

func TestRecoverSigner(t *testing.T) {
	for _, v := range []byte{27, 28} {
		digest, sig := sigWithV(t, v)

		got, err := types.RecoverSigner(digest, sig)

		require.NoError(t, err, "v = %d", v)
		require.Equal(t, evmAddr(1), got, "v = %d", v)
	}
}

func TestRecoverSignerOfAnotherDigestIsAnotherAddress(t *testing.T) {
	digest, sig := sigWithV(t, 27)
	other := crypto.Keccak256Hash(digest.Bytes())

	got, err := types.RecoverSigner(other, sig)

	if err == nil {
		require.NotEqual(t, evmAddr(1), got)
	}
}

func TestRecoverSignerTakesTheEIP712DigestItself(t *testing.T) {
	// The keys sign the EIP-712 digest as it is; a signature of its EIP-191
	// "\x19Ethereum Signed Message" form (what the chain took before EIP-712)
	// does not recover to the key.
	digest := crypto.Keccak256Hash([]byte("raw"))
	raw, err := crypto.Sign(digest.Bytes(), evmKey(1))
	require.NoError(t, err)
	got, err := types.RecoverSigner(digest, types.ToContractSignature(raw))
	require.NoError(t, err)
	require.Equal(t, evmAddr(1), got)

	personal, err := crypto.Sign(accounts.TextHash(digest.Bytes()), evmKey(1))
	require.NoError(t, err)
	got, err = types.RecoverSigner(digest, types.ToContractSignature(personal))
	if err == nil {
		require.NotEqual(t, evmAddr(1), got)
	}
}

func TestRecoverSignerRefuses(t *testing.T) {
	digest, sig := sigWithV(t, 27)
	with := func(change func(s []byte) []byte) []byte { return change(bytes.Clone(sig)) }
	tests := []struct {
		name string
		sig  []byte
	}{
		{"empty", nil},
		{"64 bytes (no v)", sig[:64]},
		{"66 bytes", append(bytes.Clone(sig), 0)},
		{"v = 0", with(func(s []byte) []byte { s[64] = 0; return s })},
		{"v = 1", with(func(s []byte) []byte { s[64] = 1; return s })},
		{"v = 29", with(func(s []byte) []byte { s[64] = 29; return s })},
		{"high s", highS(sig)},
		{"s = N", with(func(s []byte) []byte { crypto.S256().Params().N.FillBytes(s[32:64]); return s })},
		{"zero s", with(func(s []byte) []byte { clear(s[32:64]); return s })},
		{"zero r", with(func(s []byte) []byte { clear(s[:32]); return s })},
		{"r not on the curve", with(func(s []byte) []byte { copy(s[:32], bytes.Repeat([]byte{0xff}, 32)); return s })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := types.RecoverSigner(digest, tc.sig)

			require.Error(t, err)
			require.Equal(t, common.Address{}, got)
		})
	}
}

func TestHighSIsWhatPlainEcrecoverAccepts(t *testing.T) {
	// The refusal of high s above is meaningful: go-ethereum's ecrecover
	// takes the twin and returns the same key.
	digest, sig := sigWithV(t, 28)
	twin := highS(sig)
	twin[64] -= 27

	pub, err := crypto.SigToPub(digest[:], twin)

	require.NoError(t, err)
	require.Equal(t, evmAddr(1), crypto.PubkeyToAddress(*pub))
}

func TestToContractSignature(t *testing.T) {
	_, sig := sigWithV(t, 28)
	raw := bytes.Clone(sig)
	raw[64] = 1

	got := types.ToContractSignature(raw)

	require.Equal(t, sig, got)
	require.Equal(t, byte(1), raw[64], "the input is not changed")
	require.Equal(t, sig, types.ToContractSignature(sig), "a contract signature stays as it is")
	require.Equal(t, []byte{1, 2}, types.ToContractSignature([]byte{1, 2}), "other lengths stay as they are")
}
