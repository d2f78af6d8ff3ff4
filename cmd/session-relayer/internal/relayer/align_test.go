package relayer

import (
	"crypto/ecdsa"
	"math/big"
	"sort"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// testKeys returns n keys sorted by address, as a signer set lists them.
func testKeys(t *testing.T, seed string, n int) []*ecdsa.PrivateKey {
	t.Helper()
	keys := make([]*ecdsa.PrivateKey, n)
	for i := range keys {
		k, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed + string(rune('a'+i)))))
		require.NoError(t, err)
		keys[i] = k
	}
	sort.Slice(keys, func(i, j int) bool {
		return crypto.PubkeyToAddress(keys[i].PublicKey).Cmp(crypto.PubkeyToAddress(keys[j].PublicKey)) < 0
	})
	return keys
}

func addrOf(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

func setOf(keys []*ecdsa.PrivateKey, powers ...int64) evm.SignerSet {
	s := evm.SignerSet{Nonce: 1}
	for i, k := range keys {
		s.Signers = append(s.Signers, addrOf(k))
		s.Powers = append(s.Powers, big.NewInt(powers[i]))
	}
	return s
}

func chainSig(t *testing.T, k *ecdsa.PrivateKey, digest common.Hash) bridgetypes.ValidatorSignature {
	t.Helper()
	sig, err := evmkey.Sign(k, digest)
	require.NoError(t, err)
	return bridgetypes.ValidatorSignature{Validator: "sessionvaloper1x", EvmAddress: addrOf(k).Hex(), Signature: sig}
}

func TestAlign(t *testing.T) {
	keys := testKeys(t, "align", 4)
	outsider := testKeys(t, "outsider", 1)[0]
	set := setOf(keys, 10, 20, 30, 40)
	digest := common.HexToHash("0x01")
	other := common.HexToHash("0x02")

	for _, tc := range []struct {
		name       string
		sigs       []bridgetypes.ValidatorSignature
		wantSigned int64
		wantAt     []int // entries that must hold a signature; the rest are empty
	}{
		{name: "none", wantSigned: 0},
		{
			name:       "out of order, placed by signer",
			sigs:       []bridgetypes.ValidatorSignature{chainSig(t, keys[3], digest), chainSig(t, keys[0], digest)},
			wantSigned: 50, wantAt: []int{0, 3},
		},
		{
			name:       "a signer outside the set is left out",
			sigs:       []bridgetypes.ValidatorSignature{chainSig(t, outsider, digest), chainSig(t, keys[1], digest)},
			wantSigned: 20, wantAt: []int{1},
		},
		{
			name:       "a signature of another digest is left out",
			sigs:       []bridgetypes.ValidatorSignature{chainSig(t, keys[2], other), chainSig(t, keys[1], digest)},
			wantSigned: 20, wantAt: []int{1},
		},
		{
			name: "a wrong label does not matter, the recovered signer does",
			sigs: func() []bridgetypes.ValidatorSignature {
				s := chainSig(t, keys[2], digest)
				s.EvmAddress = addrOf(keys[0]).Hex()
				return []bridgetypes.ValidatorSignature{s}
			}(),
			wantSigned: 30, wantAt: []int{2},
		},
		{
			name:       "a duplicate counts once",
			sigs:       []bridgetypes.ValidatorSignature{chainSig(t, keys[2], digest), chainSig(t, keys[2], digest)},
			wantSigned: 30, wantAt: []int{2},
		},
		{
			name: "malformed signatures are left out",
			sigs: []bridgetypes.ValidatorSignature{
				{Signature: []byte{1, 2, 3}},
				{Signature: make([]byte, 65)},
				chainSig(t, keys[1], digest),
			},
			wantSigned: 20, wantAt: []int{1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aligned, signed := Align(set, tc.sigs, digest)
			require.Len(t, aligned, 4)
			require.Equal(t, tc.wantSigned, signed.Int64())
			for i, sig := range aligned {
				require.NotNil(t, sig, "entries are never nil (the ABI encodes empty bytes)")
				if slicesContains(tc.wantAt, i) {
					signer, err := bridgetypes.RecoverSigner(digest, sig)
					require.NoError(t, err)
					require.Equal(t, set.Signers[i], signer)
				} else {
					require.Empty(t, sig, "entry %d", i)
				}
			}
		})
	}
}

func slicesContains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestPasses(t *testing.T) {
	for _, tc := range []struct {
		signed, total int64
		want          bool
	}{
		{0, 0, false},
		{1, 0, false},
		{2, 3, false}, // exactly 2/3 is not enough
		{3, 3, true},
		{67, 100, true},
		{66, 100, false},
		{200, 300, false},
		{201, 300, true},
		{70, 100, true}, // 40 + 30 of 40/30/30
		{60, 100, false},
	} {
		require.Equal(t, tc.want, Passes(big.NewInt(tc.signed), big.NewInt(tc.total)), "%d of %d", tc.signed, tc.total)
	}
	// Big powers: no overflow.
	total := new(big.Int).Lsh(big.NewInt(1), 200)
	signed := new(big.Int).Div(new(big.Int).Mul(total, big.NewInt(2)), big.NewInt(3))
	require.False(t, Passes(signed, total))
	require.True(t, Passes(signed.Add(signed, big.NewInt(1)), total))
}
