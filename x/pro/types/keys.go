// Package types holds the state types, messages, events, params and errors of
// the pro module, and the pure price, quote and split arithmetic.
package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module.
	ModuleName = "pro"

	// StoreKey is the store key of the module.
	StoreKey = ModuleName

	// LiquidityAccount is the module account of protocol-owned liquidity,
	// which only governance spends.
	LiquidityAccount = "protocol_liquidity"

	// Denom is the base denomination of SESH.
	Denom = "nsesh"

	// SessionPubkeySize is the size of a Session account's Ed25519 key.
	SessionPubkeySize = 32

	// MaxReceiptIDLength bounds external receipt ids.
	MaxReceiptIDLength = 128

	// BasisPoints is 100%.
	BasisPoints = 10_000

	// MaxExpiriesPerBlock bounds how many ended subscriptions one EndBlock
	// takes off the active count; the rest wait for the next blocks.
	MaxExpiriesPerBlock = 1_000
)

// Store prefixes. Each is used once and never reused for another collection.
var (
	ParamsKey        = collections.NewPrefix(0)
	PricesKey        = collections.NewPrefix(1)
	SubscriptionsKey = collections.NewPrefix(2)
	ReceiptsKey      = collections.NewPrefix(3)
	RevokedKey       = collections.NewPrefix(4)
	RevenueKey       = collections.NewPrefix(5)
	// ActiveKey holds (expiry, Session key) for each subscription counted as
	// active, ordered by expiry. Added in consensus version 2.
	ActiveKey = collections.NewPrefix(6)
	// ActiveCountKey is the number of entries under ActiveKey.
	ActiveCountKey = collections.NewPrefix(7)
	// SweptKey holds the revenue totals already moved on from the module
	// account. Added in consensus version 3.
	SweptKey = collections.NewPrefix(8)

	// Prefixes 32 to 47: the price's health (consensus version 5).

	// PriceReferenceKey holds the current update window's reference price.
	PriceReferenceKey = collections.NewPrefix(32)
)
