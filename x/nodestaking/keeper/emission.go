package keeper

import (
	"context"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

var _ rewardpooltypes.EmissionRecipient = Keeper{}

// EmissionModuleAccount implements rewardpool's EmissionRecipient: the
// emission is sent to this module's account.
func (Keeper) EmissionModuleAccount() string { return types.ModuleName }

// CanReceiveEmission implements EmissionRecipient: only when a node earns.
func (k Keeper) CanReceiveEmission(ctx context.Context) (bool, error) {
	return k.Rewards.CanReceiveEmission(ctx)
}

// OnEmission implements EmissionRecipient: the reward component splits the
// block's emission equally between the earning nodes, in O(1).
func (k Keeper) OnEmission(ctx context.Context, amount math.Int) error {
	return k.Rewards.OnEmission(ctx, amount)
}
