// Package types holds the state types, messages, events, params and errors of
// the rewardpool module, and the pure emission arithmetic the keeper uses.
package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the name of the module.
	ModuleName = "rewardpool"

	// PoolAccount is the module account whose balance is the pool.
	PoolAccount = "reward_pool"

	// StoreKey is the store key of the module.
	StoreKey = ModuleName

	// Denom is the base denomination of SESH (10^-9 SESH), the only token the
	// pool holds and pays.
	Denom = "nsesh"
)

// Inflow sources, as recorded in the inflow totals and EventPoolFunded.
const (
	// SourceGenesis is the pool balance a new chain starts with.
	SourceGenesis = "genesis"
	// SourceFund is MsgFundPool.
	SourceFund = "fund"
	// SourcePro is the pool share of Session Pro revenue.
	SourcePro = "pro"
	// SourceNames is the pool share of Session names revenue: registrations,
	// renewals, transfer fees and marketplace fees.
	SourceNames = "names"
	// SourcePenalty is Session Node penalties.
	SourcePenalty = "penalty"
)

// Store prefixes. Each is used once and never reused for another collection.
var (
	ParamsKey        = collections.NewPrefix(0)
	EmissionStateKey = collections.NewPrefix(1)
	InflowsKey       = collections.NewPrefix(2)
	TotalEmittedKey  = collections.NewPrefix(3)
	TotalRetainedKey = collections.NewPrefix(4)
)
