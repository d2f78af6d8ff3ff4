package proproof

import (
	"crypto/ed25519"
	"testing"

	"filippo.io/edwards25519"
	"github.com/stretchr/testify/require"
)

// Go's crypto/ed25519 accepts a signature by the identity point with R the
// identity and S = 0, for any message; libsodium refuses it (R and the key
// are of small order), and so must Verify.
func TestVerifyRefusesWhatLibsodiumRefuses(t *testing.T) {
	identity := make([]byte, 32)
	identity[0] = 1
	sig := make([]byte, 64)
	copy(sig, identity)
	msg := []byte("anything")
	require.True(t, ed25519.Verify(identity, msg, sig), "the Go standard library accepts it")
	require.False(t, Verify(identity, msg, sig), "libsodium does not")

	// A good signature with the sign bit of R's encoding flipped is refused by both.
	priv := ed25519.NewKeyFromSeed(make([]byte, 32))
	good := ed25519.Sign(priv, msg)
	pub := priv.Public().(ed25519.PublicKey)
	require.True(t, Verify(pub, msg, good))
	bad := append([]byte(nil), good...)
	bad[31] ^= 0x80
	require.False(t, Verify(pub, msg, bad))

	// S >= L (a non-canonical scalar) is refused.
	bad = append([]byte(nil), good...)
	bad[63] |= 0xf0
	require.False(t, Verify(pub, msg, bad))

	require.False(t, Verify(pub[:31], msg, good), "short key")
	require.False(t, Verify(pub, msg, good[:63]), "short signature")
}

func TestIsCanonical(t *testing.T) {
	enc := func(first, last byte) []byte {
		s := make([]byte, 32)
		for i := range s {
			s[i] = 0xff
		}
		s[0], s[31] = first, last
		return s
	}
	require.True(t, isCanonical(enc(0xec, 0x7f)), "p-1")
	require.False(t, isCanonical(enc(0xed, 0x7f)), "p")
	require.False(t, isCanonical(enc(0xff, 0x7f)), "2^255-1")
	require.False(t, isCanonical(enc(0xed, 0xff)), "p with the sign bit")
	notAll := enc(0xed, 0x7f)
	notAll[15] = 0xfe
	require.True(t, isCanonical(notAll), "below p")
}

// The small-order list is exactly the encodings of the 8 points of order
// dividing 8, up to the sign bit, plus the non-canonical p and p+1.
func TestSmallOrderListIsTheTorsionSubgroup(t *testing.T) {
	// A point of order 8: [L]P for a P outside the prime-order subgroup,
	// where [L]P = [L-1]P + P.
	lMinusOne, err := edwards25519.NewScalar().SetCanonicalBytes([]byte{
		0xec, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	})
	require.NoError(t, err)
	var gen *edwards25519.Point
	for y := byte(2); gen == nil; y++ {
		enc := make([]byte, 32)
		enc[0] = y
		p, err := new(edwards25519.Point).SetBytes(enc)
		if err != nil {
			continue
		}
		q := new(edwards25519.Point).ScalarMult(lMinusOne, p)
		q.Add(q, p)
		four := new(edwards25519.Point).Add(q, q)
		four.Add(four, four)
		if four.Equal(edwards25519.NewIdentityPoint()) == 0 {
			gen = q
		}
	}
	seen := map[[32]byte]bool{}
	acc := edwards25519.NewIdentityPoint()
	for i := 0; i < 8; i++ {
		var enc [32]byte
		copy(enc[:], acc.Bytes())
		require.True(t, hasSmallOrder(enc[:]), "%x has small order", enc)
		enc[31] &= 0x7f
		seen[enc] = true
		acc.Add(acc, gen)
	}
	require.Len(t, seen, 5, "8 points, 5 encodings up to the sign of x (x = 0 for 3 of them)")
	for _, bad := range smallOrder {
		p, err := new(edwards25519.Point).SetBytes(bad[:])
		require.NoError(t, err, "%x decodes", bad)
		require.Equal(t, 1, new(edwards25519.Point).MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()), "%x has small order", bad)
	}
	// An ordinary key is not on the list.
	require.False(t, hasSmallOrder(ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)))
}

func TestUsablePublicKey(t *testing.T) {
	good := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	require.True(t, UsablePublicKey(good))
	require.False(t, UsablePublicKey(good[:31]))
	for _, bad := range smallOrder {
		require.False(t, UsablePublicKey(bad[:]), "%x", bad)
	}
	// y = 2 is not the y of a curve point.
	notOnCurve := make([]byte, 32)
	notOnCurve[0] = 2
	_, err := new(edwards25519.Point).SetBytes(notOnCurve)
	require.Error(t, err)
	require.False(t, UsablePublicKey(notOnCurve))
}
