package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/internal/chainmetrics"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// EmitMetrics sets the pool gauges (nsesh): rewardpool_balance,
// rewardpool_day_reward and rewardpool_day_emitted. It reads one balance and
// one item, and only when telemetry is on.
func (k Keeper) EmitMetrics(ctx context.Context) error {
	if !chainmetrics.Enabled() {
		return nil
	}
	state, err := k.Emission.Get(ctx)
	if err != nil {
		return err
	}
	chainmetrics.SetInt(k.Balance(ctx), types.ModuleName, "balance")
	chainmetrics.SetInt(state.DayReward, types.ModuleName, "day_reward")
	chainmetrics.SetInt(state.DayEmitted, types.ModuleName, "day_emitted")
	return nil
}
