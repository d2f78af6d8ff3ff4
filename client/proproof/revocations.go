package proproof

// RevocationItem is one entry of the revocation list (wire spec §4).
type RevocationItem struct {
	// EffectiveTs is when peers start rejecting proofs with the tag (Unix
	// seconds); never earlier.
	EffectiveTs int64 `json:"effective_ts"`
	// RevocationTag of the revoked generation.
	RevocationTag Key `json:"revocation_tag"`
}

// RevocationList is the result of a get_pro_revocations request.
type RevocationList struct {
	// Items are the revocations kept, or none when the caller's ticket is
	// current.
	Items []RevocationItem `json:"items"`
	// RetainFor is how long (seconds) a client keeps an entry after seeing
	// it: at least the longest proof lifetime.
	RetainFor int64 `json:"retain_for"`
	// RetryIn is the recommended poll interval (seconds).
	RetryIn int64 `json:"retry_in"`
	// Ticket is the list's version: it grows by one with every revocation.
	Ticket int64 `json:"ticket"`
}

// Revokes reports whether the list revokes a proof with tag at now (Unix
// seconds): an entry has the tag and now is at or past its effective_ts.
func (l RevocationList) Revokes(tag Key, now int64) bool {
	for _, it := range l.Items {
		if it.RevocationTag == tag && now >= it.EffectiveTs {
			return true
		}
	}
	return false
}
