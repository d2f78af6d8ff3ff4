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

	// MaxPrunesPerBlock bounds how many expired revocation list entries one
	// EndBlock removes; the rest wait for the next blocks.
	MaxPrunesPerBlock = 100

	// MaxIssuerKeyDescription bounds an issuer key's description.
	MaxIssuerKeyDescription = 256
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

	// Prefixes 32 to 47: the price's health (consensus version 6).

	// PriceReferenceKey holds the current update window's reference price.
	PriceReferenceKey = collections.NewPrefix(32)
	// Prefixes 16 to 31: entitlements for Session clients and the issuer
	// keys (consensus version 5). ReceiptsKey and RevokedKey above hold
	// nothing from version 5 on: receipts are kept per processor.

	// ProcessorReceiptsKey holds receipts by (processor, receipt id).
	ProcessorReceiptsKey = collections.NewPrefix(16)
	// ProcessorRevokedKey holds the revoked (processor, receipt id) pairs.
	ProcessorRevokedKey = collections.NewPrefix(17)
	// RevocationListKey holds the revocation list by ticket.
	RevocationListKey = collections.NewPrefix(18)
	// LastRevocationTicketKey is the ticket of the latest revocation.
	LastRevocationTicketKey = collections.NewPrefix(19)
	// IssuerKeysKey holds the issuer keys by public key (lowercase hex).
	IssuerKeysKey = collections.NewPrefix(20)
)
