package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/internal/chainmetrics"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// EmitMetrics sets the gauges pro_active_subscriptions, pro_revenue_to_pool
// and pro_revenue_to_liquidity (nsesh) and pro_purchases (payments
// counted). It reads two items, and only when telemetry is on.
func (k Keeper) EmitMetrics(ctx context.Context) error {
	if !chainmetrics.Enabled() {
		return nil
	}
	revenue, err := k.Revenue.Get(ctx)
	if err != nil {
		return err
	}
	chainmetrics.SetInt(revenue.ToPool, types.ModuleName, "revenue_to_pool")
	chainmetrics.SetInt(revenue.ToLiquidity, types.ModuleName, "revenue_to_liquidity")
	chainmetrics.SetUint(revenue.Purchases, types.ModuleName, "purchases")
	active, err := k.ActiveCount.Get(ctx)
	if err != nil {
		return err
	}
	chainmetrics.SetUint(active, types.ModuleName, "active_subscriptions")
	return nil
}
