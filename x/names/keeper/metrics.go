package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/internal/chainmetrics"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// EmitMetrics sets the gauges names_revenue_to_pool and
// names_revenue_to_liquidity (nsesh) and names_registrations,
// names_renewals, names_transfers and names_sales (payments counted). It
// reads one item, and only when telemetry is on.
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
	chainmetrics.SetUint(revenue.Registrations, types.ModuleName, "registrations")
	chainmetrics.SetUint(revenue.Renewals, types.ModuleName, "renewals")
	chainmetrics.SetUint(revenue.Transfers, types.ModuleName, "transfers")
	chainmetrics.SetUint(revenue.Sales, types.ModuleName, "sales")
	return nil
}
