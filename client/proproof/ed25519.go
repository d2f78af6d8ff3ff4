package proproof

import (
	"crypto/ed25519"

	"filippo.io/edwards25519"
)

// smallOrder lists the encodings libsodium's ge25519_has_small_order
// refuses: the points of order 1, 2, 4 and 8, with the non-canonical
// encodings of 0 and 1 (y = p, p+1). The top bit of the last byte (the sign
// of x) is ignored in the comparison, so each entry also stands for the
// encoding with that bit set.
var smallOrder = [7][32]byte{
	// 0 (order 4)
	{},
	// 1 (order 1)
	{0x01},
	// 2707385501144840649318225287225658788936804267575313519463743609750303402022 (order 8)
	{
		0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
		0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
	},
	// 55188659117513257062467267217118295137698188065244968500265048394206261417927 (order 8)
	{
		0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
		0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
	},
	// p-1 (order 2)
	{
		0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
	},
	// p (= 0, order 4)
	{
		0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
	},
	// p+1 (= 1, order 1)
	{
		0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
	},
}

// hasSmallOrder is libsodium's ge25519_has_small_order.
func hasSmallOrder(s []byte) bool {
	for _, bad := range smallOrder {
		match := true
		for i := 0; i < 31 && match; i++ {
			match = s[i] == bad[i]
		}
		if match && s[31]&0x7f == bad[31] {
			return true
		}
	}
	return false
}

// isCanonical is libsodium's ge25519_is_canonical: the encoded y is below
// p = 2^255 - 19.
func isCanonical(s []byte) bool {
	if s[31]&0x7f != 0x7f || s[0] < 0xed {
		return true
	}
	for i := 1; i < 31; i++ {
		if s[i] != 0xff {
			return true
		}
	}
	return false
}

// Verify reports whether sig is a valid Ed25519 signature of msg by pub, as
// libsodium's crypto_sign_ed25519_verify_detached decides it (without
// ED25519_COMPAT): the lengths, a canonical S, R not of small order, the
// public key canonical and not of small order, and the verification
// equation with R compared byte for byte.
func Verify(pub, msg, sig []byte) bool {
	if len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false
	}
	if hasSmallOrder(sig[:32]) || !isCanonical(pub) || hasSmallOrder(pub) {
		return false
	}
	// crypto/ed25519 checks S < L (libsodium's sc25519_is_canonical) and
	// compares the encoding of [S]B - [k]A with R.
	return ed25519.Verify(pub, msg, sig)
}

// UsablePublicKey reports whether pub is a key libsodium verifies
// signatures with: 32 bytes, canonical, not of small order, and a point of
// the curve.
func UsablePublicKey(pub []byte) bool {
	if len(pub) != ed25519.PublicKeySize || !isCanonical(pub) || hasSmallOrder(pub) {
		return false
	}
	_, err := new(edwards25519.Point).SetBytes(pub)
	return err == nil
}
