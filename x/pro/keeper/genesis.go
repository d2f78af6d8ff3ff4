package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// InitGenesis loads the module state; the revocation list is rebuilt from
// the receipts, and the active count from the subscriptions.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	// Purchases pay into the pro module account and EndBlock sends on to
	// protocol_liquidity: both module accounts must exist.
	k.accountKeeper.GetModuleAccount(ctx, types.ModuleName)
	k.accountKeeper.GetModuleAccount(ctx, types.LiquidityAccount)
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, p := range gs.Prices {
		feeder, err := k.addressCodec.StringToBytes(p.Feeder)
		if err != nil {
			return err
		}
		if err := k.Prices.Set(ctx, feeder, p); err != nil {
			return err
		}
	}
	for _, s := range gs.Subscriptions {
		if err := k.Subscriptions.Set(ctx, s.SessionPubkey, s); err != nil {
			return err
		}
	}
	for _, r := range gs.Receipts {
		if err := k.Receipts.Set(ctx, r.ReceiptId, r); err != nil {
			return err
		}
		if r.RevokedAt != nil {
			if err := k.Revoked.Set(ctx, r.ReceiptId); err != nil {
				return err
			}
		}
	}
	if err := k.Revenue.Set(ctx, gs.Revenue); err != nil {
		return err
	}
	// A state is exported after a block's EndBlock, which swept it all.
	if err := k.Swept.Set(ctx, gs.Revenue); err != nil {
		return err
	}
	return k.RebuildActive(ctx)
}

// ExportGenesis returns the module state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Revenue, err = k.Revenue.Get(ctx); err != nil {
		return nil, err
	}
	prices, err := k.Prices.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	if gs.Prices, err = prices.Values(); err != nil {
		return nil, err
	}
	subs, err := k.Subscriptions.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	if gs.Subscriptions, err = subs.Values(); err != nil {
		return nil, err
	}
	receipts, err := k.Receipts.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	if gs.Receipts, err = receipts.Values(); err != nil {
		return nil, err
	}
	return gs, nil
}
