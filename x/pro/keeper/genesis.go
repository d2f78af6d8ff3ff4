package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// InitGenesis loads the module state; the revoked receipts are rebuilt from
// the receipts, and the active count from the subscriptions. A subscription
// without a generation (a hand-written genesis) opens its first one here.
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
		if err := k.Prices.Set(ctx, feeder, p.WithSourceTime()); err != nil {
			return err
		}
	}
	if gs.PriceReference != nil {
		if err := k.PriceReference.Set(ctx, *gs.PriceReference); err != nil {
			return err
		}
	}
	height := k.height(ctx)
	for _, s := range gs.Subscriptions {
		if s.Generation == 0 {
			openGeneration(&s, height)
			s.ProofExpiryOffset = types.ProofExpiryOffset(s.SessionPubkey, s.Expiry, height)
		}
		if err := k.Subscriptions.Set(ctx, s.SessionPubkey, s); err != nil {
			return err
		}
	}
	for _, r := range gs.Receipts {
		if err := k.setReceipt(ctx, r); err != nil {
			return err
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
	if err := k.initEntitlements(ctx, gs); err != nil {
		return err
	}
	return k.RebuildActive(ctx)
}

// setReceipt stores a receipt under its processor, and lists it when it was
// revoked.
func (k Keeper) setReceipt(ctx context.Context, r types.Receipt) error {
	processor, err := k.addressCodec.StringToBytes(r.Processor)
	if err != nil {
		return err
	}
	key := collections.Join(sdk.AccAddress(processor), r.ReceiptId)
	if err := k.Receipts.Set(ctx, key, r); err != nil {
		return err
	}
	if r.RevokedAt == nil {
		return nil
	}
	return k.Revoked.Set(ctx, key)
}

// initEntitlements loads the revocation list and the issuer keys.
func (k Keeper) initEntitlements(ctx context.Context, gs *types.GenesisState) error {
	for _, r := range gs.Revocations {
		if err := k.RevocationList.Set(ctx, r.Ticket, r); err != nil {
			return err
		}
	}
	if err := k.LastRevocationTicket.Set(ctx, gs.LastRevocationTicket); err != nil {
		return err
	}
	for _, key := range gs.IssuerKeys {
		if err := k.IssuerKeys.Set(ctx, key.Pubkey, key); err != nil {
			return err
		}
	}
	return nil
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
	if gs.PriceReference, err = k.priceReference(ctx); err != nil {
		return nil, err
	}
	if gs.Prices, err = values(ctx, k.Prices); err != nil {
		return nil, err
	}
	if gs.Subscriptions, err = values(ctx, k.Subscriptions); err != nil {
		return nil, err
	}
	if gs.Receipts, err = values(ctx, k.Receipts); err != nil {
		return nil, err
	}
	if gs.Revocations, err = values(ctx, k.RevocationList); err != nil {
		return nil, err
	}
	if gs.LastRevocationTicket, err = k.LastRevocationTicket.Get(ctx); err != nil {
		return nil, err
	}
	if gs.IssuerKeys, err = values(ctx, k.IssuerKeys); err != nil {
		return nil, err
	}
	return gs, nil
}

// values returns every value of a map, in key order.
func values[K, V any](ctx context.Context, m collections.Map[K, V]) ([]V, error) {
	it, err := m.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	return it.Values()
}
