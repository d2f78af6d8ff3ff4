package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/chainmetrics"
)

// EmitMetrics sets the bridge gauges: the totals (nsesh) bridge_minted,
// bridge_burned, bridge_refunded, bridge_released, bridge_returned and
// bridge_outbound_in_flight; the contract's lag, bridge_contract_sets_behind
// and bridge_contract_stale_blocks; the coverage of the bonded power,
// bridge_key_coverage_bps and bridge_signer_set_coverage_bps (the newest
// set's); bridge_deposit_split (1 while the next deposit's votes are split)
// and bridge_open_batches; bridge_retired_unswept, what release 1's retired
// contract still holds for the chain (owed, less what the sweep moved). It
// reads only when telemetry is on, and its work grows with the bonded
// validators and the open batches.
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
	chainmetrics.SetInt(s.Returned, types.ModuleName, "returned")
	chainmetrics.SetInt(s.InFlight(), types.ModuleName, "outbound_in_flight")
	l, err := k.contractLag(ctx)
	if err != nil {
		return err
	}
	chainmetrics.SetUint(l.behind, types.ModuleName, "contract_sets_behind")
	chainmetrics.SetUint(uint64(max(l.staleBlocks, 0)), types.ModuleName, "contract_stale_blocks")
	cov, err := k.coverage(ctx)
	if err != nil {
		return err
	}
	chainmetrics.SetUint(uint64(cov.KeyCoverageBps), types.ModuleName, "key_coverage_bps")
	chainmetrics.SetUint(uint64(cov.LatestSetCoverageBps), types.ModuleName, "signer_set_coverage_bps")
	split := uint64(0)
	if _, err := k.DepositSplitSince.Get(ctx); err == nil {
		split = 1
	} else if !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	chainmetrics.SetUint(split, types.ModuleName, "deposit_split")
	open, err := k.openBatches(ctx)
	if err != nil {
		return err
	}
	chainmetrics.SetUint(uint64(len(open)), types.ModuleName, "open_batches")
	unswept, err := k.retiredUnswept(ctx)
	if err != nil {
		return err
	}
	chainmetrics.SetInt(unswept, types.ModuleName, "retired_unswept")
	return nil
}
