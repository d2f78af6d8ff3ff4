package types

import (
	"cosmossdk.io/collections"
)

// Store keys of the entries a proof issuer reads with Merkle proofs from
// outside the chain: they are the keys the keeper's collections write
// (keeper tests check both agree).

// ParamsStoreKey is the store key of the params.
func ParamsStoreKey() []byte { return ParamsKey.Bytes() }

// SubscriptionStoreKey is the store key of a Session key's subscription
// (canonical lowercase hex).
func SubscriptionStoreKey(sessionKey string) ([]byte, error) {
	return collections.EncodeKeyWithPrefix(SubscriptionsKey.Bytes(), collections.StringKey, sessionKey)
}

// IssuerKeyStoreKey is the store key of an issuer key (lowercase hex).
func IssuerKeyStoreKey(pubkey string) ([]byte, error) {
	return collections.EncodeKeyWithPrefix(IssuerKeysKey.Bytes(), collections.StringKey, pubkey)
}

// LastRevocationTicketStoreKey is the store key of the latest ticket.
func LastRevocationTicketStoreKey() []byte { return LastRevocationTicketKey.Bytes() }

// RevocationStoreKey is the store key of the revocation list entry of a
// ticket.
func RevocationStoreKey(ticket uint64) ([]byte, error) {
	return collections.EncodeKeyWithPrefix(RevocationListKey.Bytes(), collections.Uint64Key, ticket)
}
