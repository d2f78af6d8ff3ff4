// Package types holds the state types, messages, events, params and errors
// of the names module, the name rules, the name hash and the encryption of
// a name's value, and the pure price arithmetic.
package types

import (
	"time"

	"cosmossdk.io/collections"
)

const (
	// ModuleName is the name of the module, of its store and of its module
	// account, which holds a block's fees until EndBlock moves them on.
	ModuleName = "names"

	// StoreKey is the store key of the module.
	StoreKey = ModuleName

	// Denom is the base denomination of SESH.
	Denom = "nsesh"

	// Year is the length of a year of registration: 365 days of block time.
	Year = 365 * 24 * time.Hour

	// Day is 24 hours of block time, the premium's halving period.
	Day = 24 * time.Hour

	// MaxYearsAhead bounds how far ahead a name may be paid for: a
	// registration or renewal may not leave its expiry more than this many
	// years after the block time.
	MaxYearsAhead = 10

	// BasisPoints is 100%.
	BasisPoints = 10_000

	// MaxRemovalsPerBlock bounds how many ended listings, and how many
	// released records, one EndBlock removes; the rest wait for the next
	// blocks.
	MaxRemovalsPerBlock = 500
)

// Store prefixes. Each is used once and never reused for another collection.
//
// The records sit between two entries that always hold a value, the params
// and the revenue totals, and the indexes (whose entries hold none) come
// after: a Merkle proof that a name is absent shows the records next to
// its hash, and ICS23 cannot verify one whose neighbour has an empty value
// (client/lightquery, `query names resolve --prove`).
var (
	ParamsKey = collections.NewPrefix(0)
	// RecordsKey holds the records by name hash (32 bytes).
	RecordsKey = collections.NewPrefix(1)
	// RevenueKey holds the revenue totals.
	RevenueKey = collections.NewPrefix(2)
	// SweptKey holds the revenue totals EndBlock has moved on from the
	// module account.
	SweptKey = collections.NewPrefix(3)
	// RecordsByOwnerKey indexes the records by owner.
	RecordsByOwnerKey = collections.NewPrefix(4)
	// RecordsByExpiryKey indexes the records by expiry (Unix ns).
	RecordsByExpiryKey = collections.NewPrefix(5)
	// ListingsKey held the listings by name hash in consensus version 1;
	// since version 2 a listing is part of its record. Cleared by the 1→2
	// migration and never reused.
	ListingsKey = collections.NewPrefix(6)
	// ListingsByPriceKey indexes the listed records by price: (price, name
	// hash), the same keys in both versions.
	ListingsByPriceKey = collections.NewPrefix(7)
	// ListingsByExpiryKey indexed the listings by their name's expiry in
	// consensus version 1; since version 2 listings end from
	// ListingCursorKey's walk over RecordsByExpiryKey. Cleared by the 1→2
	// migration and never reused.
	ListingsByExpiryKey = collections.NewPrefix(8)
	// ListingCursorKey holds the last (expiry, name hash) entry of
	// RecordsByExpiryKey whose listing EndBlock has ended; absent, the walk
	// starts at the beginning of the index.
	ListingCursorKey = collections.NewPrefix(9)
)
