package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// InitGenesis loads the module state: each listing is stored in its
// record, and the indexes are built from the records.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	// Fees pay into the names module account, and EndBlock sends on to the
	// reward pool and protocol_liquidity (which x/pro's genesis makes).
	k.accountKeeper.GetModuleAccount(ctx, types.ModuleName)
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, r := range gs.Records {
		hash, _, err := types.ParseNameHash(r.NameHash)
		if err != nil {
			return err
		}
		if err := k.Records.Set(ctx, hash, r); err != nil {
			return err
		}
	}
	for _, l := range gs.Listings {
		hash, _, err := types.ParseNameHash(l.NameHash)
		if err != nil {
			return err
		}
		rec, err := k.Records.Get(ctx, hash)
		if err != nil {
			return err
		}
		rec.Listing = &l
		if err := k.Records.Set(ctx, hash, rec); err != nil {
			return err
		}
	}
	// What is not swept yet is held by the names module account (bank's
	// genesis comes first); the first block's EndBlock moves it on.
	unswept := gs.Unswept()
	if held := k.bankKeeper.GetBalance(ctx, k.moduleAddr, types.Denom).Amount; !held.Equal(unswept) {
		return errorsmod.Wrapf(types.ErrInvalidGenesis,
			"the names module account holds %s%s, but the revenue not yet swept is %s%s", held, types.Denom, unswept, types.Denom)
	}
	if err := k.Revenue.Set(ctx, gs.Revenue); err != nil {
		return err
	}
	return k.Swept.Set(ctx, gs.Swept)
}

// ExportGenesis returns the module state, in the shape of consensus
// version 1: the records without their listings, and the listings on
// their own, both by name hash.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Revenue, err = k.Revenue.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Swept, err = k.Swept.Get(ctx); err != nil {
		return nil, err
	}
	records, err := k.Records.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	if gs.Records, err = records.Values(); err != nil {
		return nil, err
	}
	for i, r := range gs.Records {
		if r.Listing != nil {
			gs.Listings = append(gs.Listings, *r.Listing)
		}
		gs.Records[i] = withoutListing(r)
	}
	return gs, nil
}
