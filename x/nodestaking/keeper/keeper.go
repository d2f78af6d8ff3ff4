// Package keeper holds the state and state transitions of Session Node
// staking. The keeper is made of three components, each in its own package
// under component/ with its own collections on the module's store:
//
//   - staking (component/staking): registration, contributions, withdrawals,
//     activation, unlocks, deregistration, exits and penalties; it owns the
//     nodes and their status;
//   - rewards (component/rewards): the equal split of the pool's emission
//     (one global index), each contributor's share, credits and claims;
//   - liveness (component/liveness): uptime proofs, the decommission credit
//     (a liveness record beside each node), deadlines, the numbered active
//     set, testing periods, quorums and votes;
//   - totals (component/totals): each address's lifetime counters (rewards
//     claimed, stakes returned, penalties paid), from consensus version 6.
//
// The calls between them, all of them:
//
//	staking  → rewards:  StartEarning, StopEarning, CreditFinalShares, Forget
//	staking  → liveness: Start (activation), Stop (unlock, deregistration),
//	                     Forget (removal)
//	liveness → staking:  GetNode, Decommission, Recommission, Deregister
//	rewards  → totals:   AddClaimed
//	staking  → totals:   AddReturned, AddPenalty
//
// rewards calls no one but totals, which calls no one; a claim is given the
// claimant's stakes, which this keeper reads from staking (StakesOf). The
// keeper wires the components, serves the messages and queries, and runs
// genesis, EndBlock, the migrations and the invariants.
package keeper

import (
	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/liveness"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/rewards"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/staking"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/totals"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Keeper manages Session Node staking. The module account holds every
// stake, every credited reward not yet claimed, everything the nodes earned
// that their contributors have not taken, and the carry.
type Keeper struct {
	env           env.Env
	authority     string
	accountKeeper types.AccountKeeper
	rewardPool    types.RewardPool

	Schema collections.Schema
	// Params are the module's params, shared by the components.
	Params   collections.Item[types.Params]
	Staking  *staking.Keeper
	Rewards  *rewards.Keeper
	Liveness *liveness.Keeper
	Totals   *totals.Keeper
}

// NewKeeper builds the keeper and its components. svc.Authority may change
// params and deregister nodes (the gov module account by default).
func NewKeeper(
	svc moduleutil.Services,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
	rewardPool types.RewardPool,
) Keeper {
	moduleAddr := accountKeeper.GetModuleAddress(types.ModuleName)
	if moduleAddr == nil {
		panic("the " + types.ModuleName + " module account has not been set")
	}
	sb := collections.NewSchemaBuilder(svc.StoreService)
	e := env.New(sb, svc.Cdc, svc.AddressCodec, svc.StoreService, svc.EventService, svc.HeaderService, svc.Logger)
	t := totals.NewKeeper(sb, svc.Cdc, e)
	r := rewards.NewKeeper(sb, svc.Cdc, e, bankKeeper, t)
	s := staking.NewKeeper(sb, svc.Cdc, e, moduleAddr, bankKeeper, rewardPool, r, t)
	l := liveness.NewKeeper(sb, svc.Cdc, e, s)
	s.SetLiveness(l)
	schema := moduleutil.BuildSchema(sb)
	return Keeper{
		env:           e,
		authority:     svc.Authority,
		accountKeeper: accountKeeper,
		rewardPool:    rewardPool,
		Schema:        schema,
		Params:        e.Params,
		Staking:       s,
		Rewards:       r,
		Liveness:      l,
		Totals:        t,
	}
}

// Authority returns the address allowed to change params and deregister nodes.
func (k Keeper) Authority() string { return k.authority }
