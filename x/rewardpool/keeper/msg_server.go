package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

type msgServer struct {
	k *Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service.
func NewMsgServerImpl(k *Keeper) types.MsgServer {
	return msgServer{k: k}
}

// FundPool moves the depositor's tokens into the pool.
func (m msgServer) FundPool(ctx context.Context, msg *types.MsgFundPool) (*types.MsgFundPoolResponse, error) {
	depositor, err := m.k.addressCodec.StringToBytes(msg.Depositor)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "depositor %q: %s", msg.Depositor, err)
	}
	amount, err := types.ValidateFundAmount(msg.Amount)
	if err != nil {
		return nil, err
	}
	if err := m.k.FundFromAccount(ctx, depositor, amount, types.SourceFund); err != nil {
		return nil, err
	}
	return &types.MsgFundPoolResponse{}, nil
}

// UpdateParams replaces the params; only the authority may.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}
