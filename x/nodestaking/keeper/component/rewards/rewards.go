// Package rewards is the reward component of the nodestaking keeper: the
// equal split of the pool's emission between earning nodes (one global
// index, O(1) per block), each contributor's share of what its nodes
// earned, the rewards credited when a node's stakes return, and claims.
//
// It reads no other component; it counts each claim in the claimant's
// lifetime totals (ClaimCounter, the totals component). The staking
// component calls it when a node starts or stops earning (StartEarning,
// StopEarning), when its stakes return (CreditFinalShares) and when it is
// removed (Forget); a claim is given the claimant's stakes by the keeper,
// which reads them from staking.
package rewards

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// BankKeeper pays claims from the module account.
type BankKeeper interface {
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
}

// ClaimCounter counts what claims pay each address (the totals component).
type ClaimCounter interface {
	AddClaimed(ctx context.Context, addr sdk.AccAddress, amount math.Int) error
}

// Keeper is the reward component.
type Keeper struct {
	env    env.Env
	bank   BankKeeper
	totals ClaimCounter

	// State is the equal split: the reward-per-node index, the carry, the
	// earning-node count and what the pool sent, in one record.
	State collections.Item[types.RewardState]
	// Claimable is what each address has been credited and not claimed:
	// its rewards from nodes whose stakes were returned.
	Claimable collections.Map[sdk.AccAddress, math.Int]
	// Taken is, per (node, contributor), the contributor's share of the
	// node's earned rewards already paid or credited to it.
	Taken collections.Map[collections.Pair[string, sdk.AccAddress], math.Int]
	// TotalClaimed is everything claims paid.
	TotalClaimed collections.Item[math.Int]
}

// NewKeeper declares the component's collections on sb.
func NewKeeper(sb *collections.SchemaBuilder, cdc codec.BinaryCodec, e env.Env, bank BankKeeper, totals ClaimCounter) *Keeper {
	return &Keeper{
		env:       e,
		bank:      bank,
		totals:    totals,
		State:     collections.NewItem(sb, types.RewardStateKey, "rewards", codec.CollValue[types.RewardState](cdc)),
		Claimable: collections.NewMap(sb, types.ClaimableKey, "claimable", sdk.AccAddressKey, sdk.IntValue),
		Taken: collections.NewMap(sb, types.RewardsTakenKey, "rewards_taken",
			collections.PairKeyCodec(collections.StringKey, sdk.AccAddressKey), sdk.IntValue),
		TotalClaimed: collections.NewItem(sb, types.TotalClaimedKey, "total_claimed", sdk.IntValue),
	}
}
