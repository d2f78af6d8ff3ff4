package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

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
	params := gs.Params
	if params.LiquidityLockedUntil.IsZero() {
		params.LiquidityLockedUntil = types.DefaultLiquidityLock(k.now(ctx))
	}
	if err := k.Params.Set(ctx, params); err != nil {
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
	// What is not swept yet is held by the pro module account (bank's
	// genesis comes first); the first block's EndBlock moves it on.
	swept := gs.SweptOrRevenue()
	unswept := types.Unswept(gs.Revenue, swept)
	if held := k.bankKeeper.GetBalance(ctx, k.moduleAddr, types.Denom).Amount; !held.Equal(unswept) {
		return errorsmod.Wrapf(types.ErrInvalidGenesis,
			"the pro module account holds %s%s, but the revenue not yet swept is %s%s", held, types.Denom, unswept, types.Denom)
	}
	if err := k.Swept.Set(ctx, swept); err != nil {
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
	swept, err := k.Swept.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs.Swept = &swept
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
