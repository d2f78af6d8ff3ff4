package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// ListName puts an active name on sale at a price in nsesh, or changes the
// price of its listing; the owner only. The listing ends when the name
// expires, is transferred or is sold.
func (m msgServer) ListName(ctx context.Context, msg *types.MsgListName) (*types.MsgListNameResponse, error) {
	req, err := m.nameMsg(msg, "seller", msg.Seller, msg.NameHash)
	if err != nil {
		return nil, err
	}
	seller, hash, hashHex := req.account, req.hash, req.hashHex
	_, now, rec, err := m.k.activeName(ctx, hash, hashHex)
	if err != nil {
		return nil, err
	}
	if seller != rec.Owner {
		return nil, errorsmod.Wrapf(types.ErrNotOwner, "name %s belongs to %s; only its owner may sell it", hashHex, rec.Owner)
	}
	rec.Listing = &types.Listing{NameHash: hashHex, Seller: seller, Price: msg.Price.Amount, ListedAt: now, Expiry: rec.Expiry}
	if err := m.k.Records.Set(ctx, hash, rec); err != nil {
		return nil, err
	}
	return &types.MsgListNameResponse{}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventNameListed{
		NameHash: hashHex, Seller: seller, Price: msg.Price.Amount,
	})
}

// CancelListing takes a name off sale; its seller only.
func (m msgServer) CancelListing(ctx context.Context, msg *types.MsgCancelListing) (*types.MsgCancelListingResponse, error) {
	req, err := m.nameMsg(msg, "seller", msg.Seller, msg.NameHash)
	if err != nil {
		return nil, err
	}
	seller, hash, hashHex := req.account, req.hash, req.hashHex
	rec, err := m.k.listedRecord(ctx, hash, hashHex)
	if err != nil {
		return nil, err
	}
	if rec.Listing.Seller != seller {
		return nil, errorsmod.Wrapf(types.ErrNotOwner, "name %s is on sale by %s", hashHex, rec.Listing.Seller)
	}
	if err := m.k.endListing(ctx, &rec, "cancelled"); err != nil {
		return nil, err
	}
	return &types.MsgCancelListingResponse{}, m.k.Records.Set(ctx, hash, rec)
}

// BuyName buys a listed, active name at its price: the buyer pays the
// seller the price less the protocol's fee and pays the fee into the
// module account (split like every other fee); the name becomes the
// buyer's with the value given, its backup owner is cleared and the
// listing ends. It all happens in one message or not at all.
func (m msgServer) BuyName(ctx context.Context, msg *types.MsgBuyName) (*types.MsgBuyNameResponse, error) {
	req, err := m.nameMsg(msg, "buyer", msg.Buyer, msg.NameHash)
	if err != nil {
		return nil, err
	}
	buyerAddr, buyer, hash, hashHex := req.addr, req.account, req.hash, req.hashHex
	rec, err := m.k.listedRecord(ctx, hash, hashHex)
	if err != nil {
		return nil, err
	}
	listing := *rec.Listing
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := m.k.now(ctx)
	if err := checkActive(params, rec, hashHex, now); err != nil {
		return nil, err
	}
	if buyer == rec.Owner {
		return nil, errorsmod.Wrapf(types.ErrBuyOwnName, "%s already owns name %s", buyer, hashHex)
	}
	if listing.Price.GT(msg.MaxPrice.Amount) {
		return nil, errorsmod.Wrapf(types.ErrSlippage, "name %s costs %snsesh, the most given is %s", hashHex, listing.Price, msg.MaxPrice)
	}
	sellerAddr, err := m.address("seller", listing.Seller)
	if err != nil {
		return nil, err
	}
	fee := types.MarketFee(listing.Price, params.MarketFeeBps)
	if proceeds := listing.Price.Sub(fee); proceeds.IsPositive() {
		if err := m.k.bankKeeper.SendCoins(ctx, buyerAddr, sellerAddr, sdk.NewCoins(sdk.NewCoin(types.Denom, proceeds))); err != nil {
			return nil, err
		}
	}
	toPool, toLiquidity, err := m.k.pay(ctx, params, buyerAddr, fee, sales)
	if err != nil {
		return nil, err
	}
	rec.Listing = nil // sold: the listing ends with the record's write
	rec.Owner, rec.BackupOwner, rec.EncryptedValue, rec.UpdatedAt = buyer, "", msg.EncryptedValue, now
	if err := m.k.Records.Set(ctx, hash, rec); err != nil {
		return nil, err
	}
	return &types.MsgBuyNameResponse{Price: listing.Price, Fee: fee}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventNameSold{
		NameHash: hashHex, Seller: listing.Seller, Buyer: buyer, Price: listing.Price, Fee: fee,
		ToPool: toPool, ToLiquidity: toLiquidity,
	})
}
