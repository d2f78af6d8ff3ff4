// Package proproof is the Session Pro wire format of Session's Pro backend
// (session-pro-backend docs/pro-wire-protocol.md) and the proof check of
// libsession-util, in Go: the signed messages of proofs and requests, the
// v0 proof and its verification, the requests a Session client sends, the
// response envelope and its error codes, and the revocation list.
//
// Verification is libsodium's crypto_sign_ed25519_verify_detached, which
// libsession calls: besides the Ed25519 equation it refuses a non-canonical
// S, a signature whose R is a point of small order, and a public key that is
// non-canonical or of small order. Go's crypto/ed25519 accepts the last
// three, so Verify adds them (see ed25519.go). A proof is active while the
// verifier's clock is at or before expiry_ts, as ProProof::is_active.
package proproof
