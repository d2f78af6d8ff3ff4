package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// RegisterName registers a name that nobody holds: never registered, or
// released after its grace period, in which case the premium of a recent
// release is added to the price. The value must decrypt with the name.
func (m msgServer) RegisterName(ctx context.Context, msg *types.MsgRegisterName) (*types.MsgRegisterNameResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	ownerAddr, owner, err := m.canonical("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	var backup string
	if msg.BackupOwner != "" {
		if backup, err = m.backupOwner(msg.BackupOwner, owner); err != nil {
			return nil, err
		}
	}
	if _, err := types.DecryptValue(msg.Name, msg.EncryptedValue); err != nil {
		return nil, err
	}
	hash := types.NameHash(msg.Name)
	hashHex := types.NameHashHex(msg.Name)
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := m.k.now(ctx)

	// A released name's old record is replaced; until EndBlock removes it,
	// it sets the premium.
	var premium uint64
	old, err := m.k.Records.Get(ctx, hash)
	released := err == nil
	switch {
	case released:
		if status := params.StatusAt(old.Expiry, now); status != types.NAME_STATUS_RELEASED {
			return nil, errorsmod.Wrapf(types.ErrNameTaken, "name %s is held (%s) until %s",
				hashHex, status, params.ReleaseTime(old.Expiry).UTC())
		}
		premium = params.PremiumUSD(params.ReleaseTime(old.Expiry), now)
	case !isNotFound(err):
		return nil, err
	}
	price, err := params.PriceUSD(uint32(len(msg.Name)), msg.Years) // #nosec G115 -- at most MaxNameLength
	if err != nil {
		return nil, err
	}
	expiry := now.Add(termLength(msg.Years))
	if err := checkAhead(expiry, now); err != nil {
		return nil, err
	}
	cost, err := m.k.quote(ctx, price+premium, msg.MaxAmount.Amount, "registering the name")
	if err != nil {
		return nil, err
	}
	toPool, toLiquidity, err := m.k.pay(ctx, params, ownerAddr, cost, registrations)
	if err != nil {
		return nil, err
	}
	if released {
		// The new record replaces the old one and its listing.
		if err := m.k.endListing(ctx, &old, "registered"); err != nil {
			return nil, err
		}
	}
	rec := types.NameRecord{
		NameHash: hashHex, Owner: owner, BackupOwner: backup, EncryptedValue: msg.EncryptedValue,
		NameLength: uint32(len(msg.Name)), RegisteredAt: now, Expiry: expiry, UpdatedAt: now, // #nosec G115 -- at most MaxNameLength
	}
	if err := m.k.Records.Set(ctx, hash, rec); err != nil {
		return nil, err
	}
	return &types.MsgRegisterNameResponse{NameHash: hashHex, Amount: cost, Expiry: expiry},
		m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventNameRegistered{
			NameHash: hashHex, Owner: owner, Years: msg.Years, Amount: cost, PremiumUsd: premium,
			ToPool: toPool, ToLiquidity: toLiquidity, Expiry: expiry,
		})
}

// RenewName extends a name by a term from its current expiry. Anyone may
// renew an active name (a gift); in its grace period only the owner may;
// a released name is registered anew instead.
func (m msgServer) RenewName(ctx context.Context, msg *types.MsgRenewName) (*types.MsgRenewNameResponse, error) {
	req, err := m.nameMsg(msg, "payer", msg.Payer, msg.NameHash)
	if err != nil {
		return nil, err
	}
	payerAddr, payer, hash, hashHex := req.addr, req.account, req.hash, req.hashHex
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	now := m.k.now(ctx)
	rec, err := m.k.record(ctx, hash, hashHex)
	if err != nil {
		return nil, err
	}
	switch params.StatusAt(rec.Expiry, now) {
	case types.NAME_STATUS_GRACE:
		if payer != rec.Owner {
			return nil, errorsmod.Wrapf(types.ErrNotOwner, "name %s is in its grace period until %s: only its owner %s may renew it",
				hashHex, params.ReleaseTime(rec.Expiry).UTC(), rec.Owner)
		}
	case types.NAME_STATUS_RELEASED:
		return nil, errorsmod.Wrapf(types.ErrNameReleased, "name %s was released at %s: register it anew",
			hashHex, params.ReleaseTime(rec.Expiry).UTC())
	}
	price, err := params.PriceUSD(rec.NameLength, msg.Years)
	if err != nil {
		return nil, err
	}
	expiry := rec.Expiry.Add(termLength(msg.Years))
	if err := checkAhead(expiry, now); err != nil {
		return nil, err
	}
	cost, err := m.k.quote(ctx, price, msg.MaxAmount.Amount, "renewing the name")
	if err != nil {
		return nil, err
	}
	toPool, toLiquidity, err := m.k.pay(ctx, params, payerAddr, cost, renewals)
	if err != nil {
		return nil, err
	}
	rec.Expiry = expiry
	if rec.Listing != nil {
		// A listing ends with its name's expiry, which moved.
		rec.Listing.Expiry = expiry
	}
	if err := m.k.Records.Set(ctx, hash, rec); err != nil {
		return nil, err
	}
	return &types.MsgRenewNameResponse{Amount: cost, Expiry: expiry},
		m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventNameRenewed{
			NameHash: hashHex, Payer: payer, Years: msg.Years, Amount: cost,
			ToPool: toPool, ToLiquidity: toLiquidity, Expiry: expiry,
		})
}
