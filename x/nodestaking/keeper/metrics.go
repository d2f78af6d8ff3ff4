package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/internal/chainmetrics"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// EmitMetrics sets the node gauges: nodestaking_active_nodes,
// nodestaking_decommissioned_nodes and nodestaking_total_staked (nsesh). It
// reads three counters, and only when telemetry is on.
func (k Keeper) EmitMetrics(ctx context.Context) error {
	if !chainmetrics.Enabled() {
		return nil
	}
	active, err := k.Liveness.ActiveNodes(ctx)
	if err != nil {
		return err
	}
	decommissioned, err := k.Liveness.DecommissionedNodes(ctx)
	if err != nil {
		return err
	}
	staked, err := k.Staking.TotalStaked.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	chainmetrics.SetUint(active, types.ModuleName, "active_nodes")
	chainmetrics.SetUint(decommissioned, types.ModuleName, "decommissioned_nodes")
	chainmetrics.SetInt(staked, types.ModuleName, "total_staked")
	return nil
}
