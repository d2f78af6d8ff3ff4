package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/chainmetrics"
)

// EmitMetrics sets the bridge gauges (nsesh): bridge_minted, bridge_burned,
// bridge_refunded, bridge_released and bridge_outbound_in_flight (burned plus
// refunded, less released). It reads one item, and only when telemetry is on.
func (k *Keeper) EmitMetrics(ctx context.Context) error {
	if !chainmetrics.Enabled() {
		return nil
	}
	s, err := k.stats(ctx)
	if err != nil {
		return err
	}
	chainmetrics.SetInt(s.Minted, types.ModuleName, "minted")
	chainmetrics.SetInt(s.Burned, types.ModuleName, "burned")
	chainmetrics.SetInt(s.Refunded, types.ModuleName, "refunded")
	chainmetrics.SetInt(s.Released, types.ModuleName, "released")
	chainmetrics.SetInt(inFlight(s), types.ModuleName, "outbound_in_flight")
	return nil
}
