package proproof

import (
	"crypto/ed25519"
)

// Proof is a v0 Session Pro proof (wire spec §2): it entitles the holder of
// the rotating key to Pro until expiry_ts, under a revocation tag. It names
// no account.
type Proof struct {
	// RevocationTag identifies the entitlement generation; a revocation list
	// entry with this tag revokes the proof.
	RevocationTag Key `json:"revocation_tag"`
	// RotatingPkey is the key the proof entitles; it signs Pro messages.
	RotatingPkey Key `json:"rotating_pkey"`
	// ExpiryTs is the last second (Unix) the proof is valid.
	ExpiryTs int64 `json:"expiry_ts"`
	// Sig is the issuer's Ed25519 signature of Message().
	Sig Sig `json:"sig"`
}

// Message is the signed message of the proof.
func (p Proof) Message() []byte { return ProofMessage(p.RevocationTag, p.RotatingPkey, p.ExpiryTs) }

// Sign signs the proof with an issuer key.
func (p *Proof) Sign(issuer ed25519.PrivateKey) {
	copy(p.Sig[:], ed25519.Sign(issuer, p.Message()))
}

// VerifySignature reports whether issuer signed the proof
// (ProProof::verify_signature).
func (p Proof) VerifySignature(issuer []byte) bool {
	return Verify(issuer, p.Message(), p.Sig[:])
}

// IsActive reports whether the proof is still valid at now, Unix seconds
// (ProProof::is_active: now <= expiry_ts).
func (p Proof) IsActive(now int64) bool { return now <= p.ExpiryTs }

// Status is the outcome of checking a proof (libsession's ProStatus).
type Status int

// The statuses, as libsession orders its checks: the issuer's signature
// first, then the user's signature of a message if one is given, then the
// expiry.
const (
	// StatusValid: signed by the issuer, not expired.
	StatusValid Status = iota
	// StatusInvalidIssuerSig: not signed by the issuer key
	// (InvalidProBackendSig).
	StatusInvalidIssuerSig
	// StatusInvalidUserSig: the message was not signed by the rotating key.
	StatusInvalidUserSig
	// StatusExpired: signed, but past expiry_ts.
	StatusExpired
)

// String names the status.
func (s Status) String() string {
	switch s {
	case StatusValid:
		return "valid"
	case StatusInvalidIssuerSig:
		return "invalid issuer signature"
	case StatusInvalidUserSig:
		return "invalid user signature"
	case StatusExpired:
		return "expired"
	}
	return "unknown"
}

// Status checks the proof as ProProof::status does: the issuer's signature,
// then (when userSig is not nil) that the rotating key signed msg, then
// whether it is active at now (Unix seconds).
func (p Proof) Status(issuer []byte, now int64, userSig, msg []byte) Status {
	if !p.VerifySignature(issuer) {
		return StatusInvalidIssuerSig
	}
	if userSig != nil && !Verify(p.RotatingPkey[:], msg, userSig) {
		return StatusInvalidUserSig
	}
	if !p.IsActive(now) {
		return StatusExpired
	}
	return StatusValid
}

// Account holds the three advisory, unsigned account fields that travel
// with a proof and with a subscription_expired failure (wire spec §2.2).
type Account struct {
	// ExpiryTs is the end of the paid term (Unix seconds).
	ExpiryTs int64 `json:"account_expiry_ts"`
	// GracePeriodDuration is how long past it the account is still served
	// (seconds).
	GracePeriodDuration int64 `json:"account_grace_period_duration"`
	// AutoRenewing says whether the subscription renews itself.
	AutoRenewing bool `json:"account_auto_renewing"`
}

// ProofResult is the result of a generate_pro_proof request: the proof and
// the account fields. Its JSON has the keys in sorted order, as the
// backend's (Flask) encoder writes them.
type ProofResult struct {
	AccountAutoRenewing        bool  `json:"account_auto_renewing"`
	AccountExpiryTs            int64 `json:"account_expiry_ts"`
	AccountGracePeriodDuration int64 `json:"account_grace_period_duration"`
	ExpiryTs                   int64 `json:"expiry_ts"`
	RevocationTag              Key   `json:"revocation_tag"`
	RotatingPkey               Key   `json:"rotating_pkey"`
	Sig                        Sig   `json:"sig"`
}

// NewProofResult puts a proof and its account fields together.
func NewProofResult(p Proof, a Account) ProofResult {
	return ProofResult{
		AccountAutoRenewing:        a.AutoRenewing,
		AccountExpiryTs:            a.ExpiryTs,
		AccountGracePeriodDuration: a.GracePeriodDuration,
		ExpiryTs:                   p.ExpiryTs,
		RevocationTag:              p.RevocationTag,
		RotatingPkey:               p.RotatingPkey,
		Sig:                        p.Sig,
	}
}

// Proof returns the signed part.
func (r ProofResult) Proof() Proof {
	return Proof{RevocationTag: r.RevocationTag, RotatingPkey: r.RotatingPkey, ExpiryTs: r.ExpiryTs, Sig: r.Sig}
}

// Account returns the advisory part.
func (r ProofResult) Account() Account {
	return Account{ExpiryTs: r.AccountExpiryTs, GracePeriodDuration: r.AccountGracePeriodDuration, AutoRenewing: r.AccountAutoRenewing}
}
