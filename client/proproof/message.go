package proproof

import (
	"strconv"
)

// Domain prefixes: 16 ASCII bytes, "_"-padded, that open every signed
// message (wire spec §1.1). The proof's version is bound into its prefix.
const (
	DomainGenerateProof  = "ProGenerateProof"
	DomainProofV0        = "ProProof_v0_____"
	DomainGetProStatus   = "ProGetProStatus_"
	DomainPaymentDetails = "ProGetPayDetails"

	// DomainSize is the length of every domain prefix.
	DomainSize = 16
)

// Field is one field of a signed message: fixed-width bytes (a key or tag),
// a decimal integer or a string.
type Field struct {
	bytes    []byte
	variable bool
}

// Bytes is a fixed-width field appended verbatim (keys, tags: 32 bytes).
func Bytes(b []byte) Field { return Field{bytes: b} }

// Int is an integer field in canonical decimal ASCII ("-" for negatives, no
// leading zeros).
func Int(v int64) Field { return Field{bytes: []byte(strconv.FormatInt(v, 10)), variable: true} }

// String is a string field, its UTF-8 bytes verbatim.
func String(s string) Field { return Field{bytes: []byte(s), variable: true} }

// SignedMessage builds a message by the rule of wire spec §1.1: the domain
// prefix, then the fields in order, with one NUL byte between two adjacent
// variable-length (integer or string) fields. It panics if domain is not 16
// bytes, which only a programming error can cause.
func SignedMessage(domain string, fields ...Field) []byte {
	if len(domain) != DomainSize {
		panic("proproof: a domain prefix is 16 bytes, got " + strconv.Itoa(len(domain)))
	}
	size := len(domain)
	for _, f := range fields {
		size += len(f.bytes) + 1
	}
	out := make([]byte, 0, size)
	out = append(out, domain...)
	prevVariable := false
	for _, f := range fields {
		if f.variable && prevVariable {
			out = append(out, 0)
		}
		out = append(out, f.bytes...)
		prevVariable = f.variable
	}
	return out
}

// ProofMessage is what an issuer signs for a v0 proof (wire spec §2):
// "ProProof_v0_____" ‖ revocation_tag ‖ rotating_pkey ‖ dec(expiry_ts).
func ProofMessage(revocationTag, rotatingPkey [32]byte, expiryTs int64) []byte {
	return SignedMessage(DomainProofV0, Bytes(revocationTag[:]), Bytes(rotatingPkey[:]), Int(expiryTs))
}

// GenerateProofMessage is what the master and rotating keys sign to ask for
// a proof (wire spec §3.1): master_pkey ‖ rotating_pkey ‖ dec(ts).
func GenerateProofMessage(masterPkey, rotatingPkey [32]byte, ts int64) []byte {
	return SignedMessage(DomainGenerateProof, Bytes(masterPkey[:]), Bytes(rotatingPkey[:]), Int(ts))
}

// ProStatusMessage is what the master key signs to ask for its Pro status
// (wire spec §3.2): master_pkey ‖ dec(ts).
func ProStatusMessage(masterPkey [32]byte, ts int64) []byte {
	return SignedMessage(DomainGetProStatus, Bytes(masterPkey[:]), Int(ts))
}

// PaymentDetailsMessage is what the master key signs to page through its
// payments (wire spec §3.3): master_pkey ‖ dec(ts) ‖ NUL ‖ dec(limit) ‖ NUL
// ‖ before.
func PaymentDetailsMessage(masterPkey [32]byte, ts, limit int64, before string) []byte {
	return SignedMessage(DomainPaymentDetails, Bytes(masterPkey[:]), Int(ts), Int(limit), String(before))
}
