package simulation

import (
	"context"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// MsgListNameFactory has the owner of an active name put it on sale, or
// reprice it.
func MsgListNameFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgListName] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgListName) {
		r := testData.Rand().Rand
		recs, owners, err := activeManaged(ctx, k, testData, reporter, false)
		if err != nil {
			reporter.Fail(err, "reading the records")
			return nil, nil
		}
		if len(recs) == 0 {
			reporter.Skip("no active name the simulation owns")
			return nil, nil
		}
		i := r.Intn(len(recs))
		spendable := owners[i].LiquidBalance().AmountOf(types.Denom)
		price := simutil.IntBetween(r, math.OneInt(), spendable.QuoRaw(4).AddRaw(1))
		return []simsx.SimAccount{owners[i]}, &types.MsgListName{
			Seller: owners[i].AddressBech32, NameHash: recs[i].NameHash, Price: coin(price),
		}
	}
}

// MsgCancelListingFactory has a seller the simulation holds take a listing
// off sale.
func MsgCancelListingFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgCancelListing] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelListing) {
		listings, sellers, err := heldListings(ctx, k, testData, reporter)
		if err != nil {
			reporter.Fail(err, "reading the listings")
			return nil, nil
		}
		if len(listings) == 0 {
			reporter.Skip("no listing by an account the simulation holds")
			return nil, nil
		}
		i := testData.Rand().Intn(len(listings))
		return []simsx.SimAccount{sellers[i]}, &types.MsgCancelListing{Seller: listings[i].Seller, NameHash: listings[i].NameHash}
	}
}

// MsgBuyNameFactory has an account that can pay buy a listed, active name
// it does not own, with a value of its own.
func MsgBuyNameFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgBuyName] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgBuyName) {
		r := testData.Rand().Rand
		listing, rec, ok := activeListing(ctx, k, testData, reporter)
		if !ok {
			return nil, nil
		}
		buyer := payer(testData, reporter, listing.Price)
		if reporter.IsSkipped() {
			return nil, nil
		}
		if buyer.AddressBech32 == rec.Owner {
			reporter.Skipf("no other account can pay %s for %s", listing.Price, listing.NameHash)
			return nil, nil
		}
		name, ok := nameOf(listing.NameHash)
		if !ok {
			reporter.Skipf("%s is not a name the simulation knows", listing.NameHash)
			return nil, nil
		}
		return []simsx.SimAccount{buyer}, &types.MsgBuyName{
			Buyer: buyer.AddressBech32, NameHash: listing.NameHash, EncryptedValue: value(r, name),
			MaxPrice: coin(withMargin(r, listing.Price)),
		}
	}
}

// activeListing picks a listing and reads its record; the reporter skips
// when there is none or its name has expired, and fails on a store error.
func activeListing(ctx context.Context, k *keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) (types.Listing, types.NameRecord, bool) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return types.Listing{}, types.NameRecord{}, false
	}
	listings, _, err := heldListings(ctx, k, testData, reporter)
	if err != nil {
		reporter.Fail(err, "reading the listings")
		return types.Listing{}, types.NameRecord{}, false
	}
	if len(listings) == 0 {
		reporter.Skip("no listing")
		return types.Listing{}, types.NameRecord{}, false
	}
	listing := simutil.Pick(testData.Rand().Rand, listings)
	hash, _, err := types.ParseNameHash(listing.NameHash)
	if err != nil {
		reporter.Fail(err, "parsing a listed name hash")
		return types.Listing{}, types.NameRecord{}, false
	}
	rec, err := k.Records.Get(ctx, hash)
	if err != nil {
		reporter.Fail(err, "reading a listed record")
		return types.Listing{}, types.NameRecord{}, false
	}
	if params.StatusAt(rec.Expiry, sdk.UnwrapSDKContext(ctx).HeaderInfo().Time) != types.NAME_STATUS_ACTIVE {
		reporter.Skipf("%s expired; its listing ends at the next EndBlock", listing.NameHash)
		return types.Listing{}, types.NameRecord{}, false
	}
	return listing, rec, true
}

// heldListings returns the listings whose seller the simulation holds,
// with the seller's account.
func heldListings(ctx context.Context, k *keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]types.Listing, []simsx.SimAccount, error) {
	var out []types.Listing
	var sellers []simsx.SimAccount
	err := k.Records.Walk(ctx, nil, func(_ []byte, r types.NameRecord) (bool, error) {
		if r.Listing != nil && testData.HasAccount(r.Listing.Seller) {
			out = append(out, *r.Listing)
			sellers = append(sellers, testData.GetAccount(reporter, r.Listing.Seller))
		}
		return false, nil
	})
	return out, sellers, err
}
