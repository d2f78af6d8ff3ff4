package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// UpdateName changes an active name's value or backup owner; the owner or
// the backup owner signs.
func (m msgServer) UpdateName(ctx context.Context, msg *types.MsgUpdateName) (*types.MsgUpdateNameResponse, error) {
	req, err := m.nameMsg(msg, "signer", msg.Signer, msg.NameHash)
	if err != nil {
		return nil, err
	}
	signer, hash, hashHex := req.account, req.hash, req.hashHex
	_, now, rec, err := m.k.activeName(ctx, hash, hashHex)
	if err != nil {
		return nil, err
	}
	if err := mayManage(rec, signer); err != nil {
		return nil, err
	}
	switch {
	case msg.BackupOwner != "":
		if rec.BackupOwner, err = m.backupOwner(msg.BackupOwner, rec.Owner); err != nil {
			return nil, err
		}
	case msg.RemoveBackupOwner:
		rec.BackupOwner = ""
	}
	if len(msg.EncryptedValue) > 0 {
		rec.EncryptedValue = msg.EncryptedValue
	}
	rec.UpdatedAt = now
	if err := m.k.Records.Set(ctx, hash, rec); err != nil {
		return nil, err
	}
	return &types.MsgUpdateNameResponse{}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventNameUpdated{
		NameHash: hashHex, Signer: signer, ValueChanged: len(msg.EncryptedValue) > 0, BackupOwner: rec.BackupOwner,
	})
}

// TransferName gives an active name to a new owner, paying the transfer
// fee: the backup owner is cleared, a listing cancelled, and the value
// replaced if one is given.
func (m msgServer) TransferName(ctx context.Context, msg *types.MsgTransferName) (*types.MsgTransferNameResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	signerAddr, signer, err := m.canonical("signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	_, newOwner, err := m.canonical("new_owner", msg.NewOwner)
	if err != nil {
		return nil, err
	}
	hash, hashHex, err := types.ParseNameHash(msg.NameHash)
	if err != nil {
		return nil, err
	}
	params, now, rec, err := m.k.activeName(ctx, hash, hashHex)
	if err != nil {
		return nil, err
	}
	if err := mayManage(rec, signer); err != nil {
		return nil, err
	}
	if newOwner == rec.Owner {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s already owns name %s", newOwner, hashHex)
	}
	fee, err := m.k.TransferFee(ctx, params)
	if err != nil {
		return nil, err
	}
	toPool, toLiquidity := math.ZeroInt(), math.ZeroInt()
	if fee.IsPositive() {
		if limit := msg.MaxFee.Amount; limit.IsNil() || fee.GT(limit) {
			return nil, errorsmod.Wrapf(types.ErrSlippage, "the transfer fee is %snsesh now (%d micro-USD), max_fee is %s",
				fee, params.TransferFeeUsd, msg.MaxFee)
		}
		if toPool, toLiquidity, err = m.k.pay(ctx, params, signerAddr, fee, transfers); err != nil {
			return nil, err
		}
	}
	if err := m.k.endListing(ctx, &rec, "transferred"); err != nil {
		return nil, err
	}
	from := rec.Owner
	rec.Owner, rec.BackupOwner, rec.UpdatedAt = newOwner, "", now
	if len(msg.EncryptedValue) > 0 {
		rec.EncryptedValue = msg.EncryptedValue
	}
	if err := m.k.Records.Set(ctx, hash, rec); err != nil {
		return nil, err
	}
	return &types.MsgTransferNameResponse{Fee: fee}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventNameTransferred{
		NameHash: hashHex, From: from, To: newOwner, Signer: signer, Fee: fee, ToPool: toPool, ToLiquidity: toLiquidity,
	})
}
