package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/internal/chainmetrics"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// EmitMetrics sets the gauges pro_active_subscriptions, pro_revenue_to_pool
// and pro_revenue_to_liquidity (nsesh), pro_purchases (payments counted)
// and the price's health (emitPriceMetrics). It reads two items and the
// feeders' submissions (at most MaxFeeders), and only when telemetry is on.
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
	return k.emitPriceMetrics(ctx)
}

// emitPriceMetrics sets pro_price_healthy (1 or 0), pro_price_health (the
// PriceHealth number: 1 healthy, 2 too few feeders, 3 stale, 4 out of band,
// 5 deviation), pro_price_fresh_feeders and pro_price_usd_micro (the price
// in force in micro-USD, 0 while unhealthy).
func (k Keeper) emitPriceMetrics(ctx context.Context) error {
	state, err := k.PriceNow(ctx)
	if err != nil {
		return err
	}
	healthy := uint64(0)
	if state.Valid {
		healthy = 1
	}
	chainmetrics.SetUint(healthy, types.ModuleName, "price_healthy")
	chainmetrics.SetUint(uint64(state.Health), types.ModuleName, "price_health") //nolint:gosec // a small enum
	chainmetrics.SetUint(uint64(len(state.Fresh)), types.ModuleName, "price_fresh_feeders")
	chainmetrics.SetInt(state.Price.MulInt64(1_000_000).TruncateInt(), types.ModuleName, "price_usd_micro")
	return nil
}
