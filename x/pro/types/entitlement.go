package types

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// RevocationTagSize is the size of a revocation tag.
const RevocationTagSize = 32

// The shape of a Pro proof's expiry, as Session's Pro backend draws it
// (base.PROOF_EXPIRY_SHAPE): a proof issued at t for an account covered
// until c expires at round_up_onto_grid(min(t + ProofClamp, c) +
// ProofRenewalLead), on the account's daily grid {UTC midnight + offset +
// k·ProofGrid}.
const (
	// ProofClamp is how far ahead a proof may reach while the subscription
	// outlives it.
	ProofClamp = 29 * Day
	// ProofRenewalLead keeps a client, which renews one hour before its
	// proof expires, on the far side of the coverage end (plus a minute for
	// a fast clock).
	ProofRenewalLead = 3660 * time.Second
	// ProofGrid is the period of the expiry grid.
	ProofGrid = Day
	// MaxProofLifetime bounds how far past its request a proof can reach;
	// the revocation list keeps entries at least this long.
	MaxProofLifetime = ProofClamp + ProofRenewalLead + ProofGrid
)

// Domains of the hashes that derive entitlement values from chain data.
const (
	revocationTagDomain = "sessionchain/pro/revocation-tag/v1"
	offsetDomain        = "sessionchain/pro/proof-expiry-offset/v1"
)

// RevocationTag derives a generation's revocation tag from chain data every
// node agrees on: SHA-256 of a domain, the Session key (32 bytes), the
// generation and the height the generation opened at (both big-endian
// uint64). Revoked tags are listed; a generation never reuses one.
func RevocationTag(sessionKey string, generation uint64, height int64) []byte {
	key, err := hex.DecodeString(sessionKey)
	if err != nil {
		// Stored keys are canonical hex; a caller holding anything else has
		// skipped ParseSessionKey.
		panic("pro: revocation tag of a non-hex Session key " + sessionKey)
	}
	h := sha256.New()
	h.Write([]byte(revocationTagDomain))
	h.Write(key)
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], generation)
	binary.BigEndian.PutUint64(buf[8:], uint64(height)) //nolint:gosec // block heights are positive
	h.Write(buf[:])
	return h.Sum(nil)
}

// ProofExpiryOffset draws an account's proof expiry grid offset (seconds
// after UTC midnight) from its Session key, its new expiry and the height.
// A purchase that extends the expiry draws it again, as the backend
// re-draws its random offset every cycle.
func ProofExpiryOffset(sessionKey string, expiry time.Time, height int64) uint32 {
	h := sha256.New()
	h.Write([]byte(offsetDomain))
	h.Write([]byte(sessionKey))
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], uint64(expiry.Unix())) //nolint:gosec // expiries are after 1970
	binary.BigEndian.PutUint64(buf[8:], uint64(height))        //nolint:gosec // block heights are positive
	h.Write(buf[:])
	grid := uint64(ProofGrid / time.Second)
	return uint32(binary.BigEndian.Uint64(h.Sum(nil)[:8]) % grid) //nolint:gosec // below 86400
}

// ProofExpiry is the expiry_ts (Unix seconds) of a proof issued at
// requestAt (Unix seconds) for an account covered until coverageEnd, on the
// grid of offset: min(requestAt + ProofClamp, coverageEnd) +
// ProofRenewalLead, rounded up onto the grid (a point of the grid stays).
func ProofExpiry(requestAt int64, coverageEnd time.Time, offset uint32) int64 {
	clamp := time.Unix(requestAt, 0).Add(ProofClamp)
	end := coverageEnd
	if clamp.Before(end) {
		end = clamp
	}
	end = end.Add(ProofRenewalLead)
	grid := int64(ProofGrid / time.Second)
	origin := int64(offset) % grid
	// Ceil onto the grid in whole seconds; a fraction of a second rounds
	// up to the next second first.
	secs := end.Unix()
	if end.Nanosecond() > 0 {
		secs++
	}
	d := secs - origin
	units := d / grid
	if d%grid != 0 && d > 0 {
		units++
	}
	return origin + units*grid
}

// CoverageEnd is when an account stops being served: its expiry plus the
// grace period.
func (s Subscription) CoverageEnd(grace time.Duration) time.Time {
	return s.Expiry.Add(grace)
}

// UserStatus is the account's Pro status at now as a Session client names
// it: "never", "active" or "expired" (a revoked generation with no paid
// time left reads as expired).
func (s Subscription) UserStatus(now time.Time, grace time.Duration, found bool) string {
	switch {
	case !found:
		return UserStatusNever
	case !s.Revoked && s.CoverageEnd(grace).After(now):
		return UserStatusActive
	}
	return UserStatusExpired
}

// User statuses of the Pro status query and the issuer's get_pro_status.
const (
	UserStatusNever   = "never"
	UserStatusActive  = "active"
	UserStatusExpired = "expired"
)

// IsValidAt reports whether the issuer key may sign at t: not_before <= t,
// and t before not_after when set.
func (k IssuerKey) IsValidAt(t time.Time) bool {
	if t.Before(k.NotBefore) {
		return false
	}
	return k.NotAfter == nil || t.Before(*k.NotAfter)
}
