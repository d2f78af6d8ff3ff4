package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/authority"
)

type msgServer struct {
	k *Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service.
func NewMsgServerImpl(k *Keeper) types.MsgServer {
	return msgServer{k: k}
}

// activeParams returns the params when the bridge moves tokens: a contract
// is configured and governance has not paused it.
func (m msgServer) activeParams(ctx context.Context) (types.Params, error) {
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return params, err
	}
	if !params.Configured() {
		return params, errorsmod.Wrap(types.ErrNotConfigured, "governance has not set contract_address")
	}
	if params.Paused {
		return params, errorsmod.Wrap(types.ErrPaused, "governance paused the bridge")
	}
	return params, nil
}

// RegisterEvmKey sets a bonded validator's EVM signing address.
func (m msgServer) RegisterEvmKey(ctx context.Context, msg *types.MsgRegisterEvmKey) (*types.MsgRegisterEvmKeyResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	val, err := m.k.validatorOf("validator", msg.Validator)
	if err != nil {
		return nil, err
	}
	if _, err := m.k.bondedPower(ctx, val); err != nil {
		return nil, err
	}
	addr, err := m.k.registerEvmKey(ctx, val, msg.EvmAddress, msg.Signature)
	if err != nil {
		return nil, err
	}
	return &types.MsgRegisterEvmKeyResponse{}, m.k.emit(ctx, &types.EventEvmKeyRegistered{Validator: m.k.valString(val), EvmAddress: addr})
}

// AttestDeposit records a validator's attestation of a deposit.
func (m msgServer) AttestDeposit(ctx context.Context, msg *types.MsgAttestDeposit) (*types.MsgAttestDepositResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if _, err := m.activeParams(ctx); err != nil {
		return nil, err
	}
	val, err := m.k.validatorOf("validator", msg.Validator)
	if err != nil {
		return nil, err
	}
	if _, err := m.k.bondedPower(ctx, val); err != nil {
		return nil, err
	}
	claim := msg.Claim
	sender, err := types.ParseEvmAddress(claim.EvmSender)
	if err != nil {
		return nil, errorsmod.Wrap(types.ErrInvalidClaim, err.Error())
	}
	claim.EvmSender = sender.Hex() // one spelling, so equal claims compare equal
	observed, err := m.k.attestDeposit(ctx, val, claim)
	if err != nil {
		return nil, err
	}
	return &types.MsgAttestDepositResponse{Observed: observed}, nil
}

// BridgeOut burns the sender's tokens and queues their release.
func (m msgServer) BridgeOut(ctx context.Context, msg *types.MsgBridgeOut) (*types.MsgBridgeOutResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if _, err := m.activeParams(ctx); err != nil {
		return nil, err
	}
	sender, err := m.k.addressCodec.StringToBytes(msg.Sender)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "sender %q: %s", msg.Sender, err)
	}
	recipient, err := types.ParseEvmAddress(msg.EvmRecipient)
	if err != nil {
		return nil, errorsmod.Wrap(types.ErrInvalidEvmAddress, err.Error())
	}
	id, err := m.k.bridgeOut(ctx, sender, msg.Sender, recipient, msg.Amount.Amount)
	if err != nil {
		return nil, err
	}
	return &types.MsgBridgeOutResponse{TransferId: id}, nil
}

// SignTransfer stores a validator's signature of a transfer.
func (m msgServer) SignTransfer(ctx context.Context, msg *types.MsgSignTransfer) (*types.MsgSignTransferResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	val, err := m.k.validatorOf("validator", msg.Validator)
	if err != nil {
		return nil, err
	}
	ready, err := m.k.signTransfer(ctx, val, msg.TransferId, msg.Signature)
	if err != nil {
		return nil, err
	}
	return &types.MsgSignTransferResponse{Ready: ready}, nil
}

// SignSignerSet stores a validator's signature of the latest signer set.
func (m msgServer) SignSignerSet(ctx context.Context, msg *types.MsgSignSignerSet) (*types.MsgSignSignerSetResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	val, err := m.k.validatorOf("validator", msg.Validator)
	if err != nil {
		return nil, err
	}
	if err := m.k.signSignerSet(ctx, val, msg.Nonce, msg.Signature); err != nil {
		return nil, err
	}
	return &types.MsgSignSignerSetResponse{}, nil
}

// AttestExecution records a validator's report that the contract executed a transfer.
func (m msgServer) AttestExecution(ctx context.Context, msg *types.MsgAttestExecution) (*types.MsgAttestExecutionResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if !params.Configured() {
		return nil, errorsmod.Wrap(types.ErrNotConfigured, "governance has not set contract_address")
	}
	val, err := m.k.validatorOf("validator", msg.Validator)
	if err != nil {
		return nil, err
	}
	if _, err := m.k.bondedPower(ctx, val); err != nil {
		return nil, err
	}
	executed, err := m.k.attestExecution(ctx, val, msg.TransferId)
	if err != nil {
		return nil, err
	}
	return &types.MsgAttestExecutionResponse{Executed: executed}, nil
}

// UpdateParams sets new params (authority only).
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if want := authority.Expected(ctx, m.k.authority); msg.Authority != want {
		return nil, errorsmod.Wrapf(types.ErrInvalidAuthority, "expected %s, got %s", want, msg.Authority)
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	old, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	// The bridge id binds every signature collected, every transfer the
	// contract has paid and every deposit nonce observed to one contract:
	// moving to another contract under the same state would pay in-flight
	// transfers twice and skip the new contract's first deposits. Once a
	// contract is named, it stays.
	if old.Configured() && !old.SameIdentity(msg.Params) {
		return nil, errorsmod.Wrapf(types.ErrIdentityFixed,
			"evm_chain_id %d, contract_address %s and bridge_name %q are fixed once set (a new contract needs a chain upgrade that migrates the bridge)",
			old.EvmChainId, old.ContractAddress, old.BridgeName)
	}
	if err := m.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, m.k.emit(ctx, &types.EventParamsUpdated{Params: msg.Params})
}
