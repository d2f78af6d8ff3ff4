package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// RevokeReceipt revokes any processor's receipt; authority only. It is how
// a refund is honoured when the processor cannot or will not revoke.
func (m msgServer) RevokeReceipt(ctx context.Context, msg *types.MsgRevokeReceipt) (*types.MsgRevokeReceiptResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	processor, err := m.address("processor", msg.Processor)
	if err != nil {
		return nil, err
	}
	if err := m.k.revokeReceipt(ctx, processor, msg.ReceiptId, msg.Authority); err != nil {
		return nil, err
	}
	return &types.MsgRevokeReceiptResponse{}, nil
}

// RegisterIssuerKey allows a key to sign Pro proofs from not_before (the
// block time when unset) until not_after (open when unset); authority only.
func (m msgServer) RegisterIssuerKey(ctx context.Context, msg *types.MsgRegisterIssuerKey) (*types.MsgRegisterIssuerKeyResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	pubkey, err := types.ParseIssuerKey(msg.Pubkey)
	if err != nil {
		return nil, err
	}
	if _, found, err := m.k.issuerKey(ctx, pubkey); err != nil {
		return nil, err
	} else if found {
		return nil, errorsmod.Wrapf(types.ErrIssuerKeyExists, "%s (retire it, or register another key)", pubkey)
	}
	key := types.IssuerKey{Pubkey: pubkey, NotBefore: m.k.now(ctx), NotAfter: msg.NotAfter, Description: msg.Description}
	if msg.NotBefore != nil {
		key.NotBefore = *msg.NotBefore
	}
	if err := key.Validate(); err != nil {
		return nil, err
	}
	if err := m.k.IssuerKeys.Set(ctx, pubkey, key); err != nil {
		return nil, err
	}
	return &types.MsgRegisterIssuerKeyResponse{}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventIssuerKeyRegistered{
		Pubkey: pubkey, NotBefore: key.NotBefore, NotAfter: key.NotAfter,
	})
}

// RetireIssuerKey ends a key's validity at retire_at (the block time when
// unset); a key that already ends earlier keeps its end. Authority only.
func (m msgServer) RetireIssuerKey(ctx context.Context, msg *types.MsgRetireIssuerKey) (*types.MsgRetireIssuerKeyResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	pubkey, err := types.ParseIssuerKey(msg.Pubkey)
	if err != nil {
		return nil, err
	}
	key, found, err := m.k.issuerKey(ctx, pubkey)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errorsmod.Wrapf(types.ErrIssuerKeyNotFound, "%s", pubkey)
	}
	end := m.k.now(ctx)
	if msg.RetireAt != nil {
		end = *msg.RetireAt
	}
	end = earliest(end, key.NotAfter)
	if !end.After(key.NotBefore) {
		// Retired before it started: it never was valid.
		end = key.NotBefore
	}
	key.NotAfter = &end
	if err := m.k.IssuerKeys.Set(ctx, pubkey, key); err != nil {
		return nil, err
	}
	return &types.MsgRetireIssuerKeyResponse{}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventIssuerKeyRetired{
		Pubkey: pubkey, NotAfter: end,
	})
}
