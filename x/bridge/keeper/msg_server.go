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
	params, err := m.configuredParams(ctx)
	if err != nil {
		return params, err
	}
	if params.Paused {
		return params, errorsmod.Wrap(types.ErrPaused, "governance paused the bridge")
	}
	return params, nil
}

// configuredParams returns the params once a contract is configured.
func (m msgServer) configuredParams(ctx context.Context) (types.Params, error) {
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return params, err
	}
	if !params.Configured() {
		return params, errorsmod.Wrap(types.ErrNotConfigured, "governance has not set contract_address")
	}
	return params, nil
}

// RegisterEvmKey sets a bonded validator's EVM signing key and delegate.
func (m msgServer) RegisterEvmKey(ctx context.Context, msg *types.MsgRegisterEvmKey) (*types.MsgRegisterEvmKeyResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	acc, err := m.k.accAddress("validator", msg.Validator)
	if err != nil {
		return nil, err
	}
	if _, err := m.k.bondedPower(ctx, acc.Bytes()); err != nil {
		return nil, err
	}
	if err := m.k.registerEvmKey(ctx, acc.Bytes(), msg); err != nil {
		return nil, err
	}
	return &types.MsgRegisterEvmKeyResponse{}, nil
}

// AttestDeposit records a validator's attestation of a deposit.
func (m msgServer) AttestDeposit(ctx context.Context, msg *types.MsgAttestDeposit) (*types.MsgAttestDepositResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if _, err := m.activeParams(ctx); err != nil {
		return nil, err
	}
	val, err := m.k.bondedDelegate(ctx, msg.Signer)
	if err != nil {
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
	params, err := m.activeParams(ctx)
	if err != nil {
		return nil, err
	}
	sender, err := m.k.accAddress("sender", msg.Sender)
	if err != nil {
		return nil, err
	}
	recipient, err := types.ParseEvmAddress(msg.EvmRecipient)
	if err != nil {
		return nil, errorsmod.Wrap(types.ErrInvalidEvmAddress, err.Error())
	}
	fee := params.BridgeFee
	if !msg.FeeUnset() {
		fee = msg.Fee.Amount
	}
	id, err := m.k.bridgeOut(ctx, params, sender, msg.Sender, recipient, msg.Amount.Amount, fee)
	if err != nil {
		return nil, err
	}
	return &types.MsgBridgeOutResponse{TransferId: id}, nil
}

// CancelBridgeOut gives a queued bridge-out back to its sender.
func (m msgServer) CancelBridgeOut(ctx context.Context, msg *types.MsgCancelBridgeOut) (*types.MsgCancelBridgeOutResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if _, err := m.k.accAddress("sender", msg.Sender); err != nil {
		return nil, err
	}
	if err := m.k.cancelBridgeOut(ctx, msg.Sender, msg.TransferId); err != nil {
		return nil, err
	}
	return &types.MsgCancelBridgeOutResponse{}, nil
}

// SignBatch stores a validator's signature of a batch.
func (m msgServer) SignBatch(ctx context.Context, msg *types.MsgSignBatch) (*types.MsgSignBatchResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	val, err := m.k.validatorOfDelegate(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := m.k.signBatch(ctx, val, msg.Nonce, msg.Signature); err != nil {
		return nil, err
	}
	return &types.MsgSignBatchResponse{}, nil
}

// SignSignerSet stores a validator's signature of a signer set.
func (m msgServer) SignSignerSet(ctx context.Context, msg *types.MsgSignSignerSet) (*types.MsgSignSignerSetResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	val, err := m.k.validatorOfDelegate(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := m.k.signSignerSet(ctx, val, msg.Nonce, msg.Signature); err != nil {
		return nil, err
	}
	return &types.MsgSignSignerSetResponse{}, nil
}

// SignAdminOp stores a validator's signature of an admin operation.
func (m msgServer) SignAdminOp(ctx context.Context, msg *types.MsgSignAdminOp) (*types.MsgSignAdminOpResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	val, err := m.k.validatorOfDelegate(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := m.k.signAdminOp(ctx, val, msg.Nonce, msg.Signature); err != nil {
		return nil, err
	}
	return &types.MsgSignAdminOpResponse{}, nil
}

// AttestRetiredContract records a validator's report of release 1's
// retired contract.
func (m msgServer) AttestRetiredContract(ctx context.Context, msg *types.MsgAttestRetiredContract) (*types.MsgAttestRetiredContractResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	val, err := m.k.bondedDelegate(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	stage, err := m.k.attestRetired(ctx, val, msg.Attestation)
	if err != nil {
		return nil, err
	}
	return &types.MsgAttestRetiredContractResponse{Stage: stage}, nil
}

// SignRetiredSweep stores a validator key's release-1 signatures of the
// retired contract's sweep.
func (m msgServer) SignRetiredSweep(ctx context.Context, msg *types.MsgSignRetiredSweep) (*types.MsgSignRetiredSweepResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	val, err := m.k.validatorOfDelegate(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := m.k.signRetiredSweep(ctx, val, msg); err != nil {
		return nil, err
	}
	return &types.MsgSignRetiredSweepResponse{}, nil
}

// AttestBatch records a validator's report of what became of a batch.
func (m msgServer) AttestBatch(ctx context.Context, msg *types.MsgAttestBatch) (*types.MsgAttestBatchResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if _, err := m.configuredParams(ctx); err != nil {
		return nil, err
	}
	val, err := m.k.bondedDelegate(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	settled, err := m.k.attestBatch(ctx, val, msg.Nonce, msg.Outcome)
	if err != nil {
		return nil, err
	}
	return &types.MsgAttestBatchResponse{Settled: settled}, nil
}

// AttestContractState records a validator's report of the contract's state.
func (m msgServer) AttestContractState(ctx context.Context, msg *types.MsgAttestContractState) (*types.MsgAttestContractStateResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if _, err := m.configuredParams(ctx); err != nil {
		return nil, err
	}
	val, err := m.k.bondedDelegate(ctx, msg.Signer)
	if err != nil {
		return nil, err
	}
	if err := m.k.attestContractState(ctx, val, msg.SignerSetNonce, msg.AdminNonce); err != nil {
		return nil, err
	}
	return &types.MsgAttestContractStateResponse{}, nil
}

// SubmitBadSignatureEvidence slashes a validator for a signature over a
// digest the chain never produced.
func (m msgServer) SubmitBadSignatureEvidence(ctx context.Context, msg *types.MsgSubmitBadSignatureEvidence) (*types.MsgSubmitBadSignatureEvidenceResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if _, err := m.k.accAddress("submitter", msg.Submitter); err != nil {
		return nil, err
	}
	val, err := m.k.submitEvidence(ctx, msg.Submitter, msg.Item, msg.Signature)
	if err != nil {
		return nil, err
	}
	return &types.MsgSubmitBadSignatureEvidenceResponse{Validator: val}, nil
}

// ReopenDeposit drops the votes on the deposits not yet observed (authority only).
func (m msgServer) ReopenDeposit(ctx context.Context, msg *types.MsgReopenDeposit) (*types.MsgReopenDepositResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	if err := m.k.reopenDeposits(ctx, reopenGovernance); err != nil {
		return nil, err
	}
	return &types.MsgReopenDepositResponse{}, nil
}

// UpdateParams sets new params (authority only).
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
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
	if err := m.k.checkRetiredChain(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := m.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	if !old.Configured() && msg.Params.Configured() {
		if err := m.k.recordSignerSetDigests(ctx, msg.Params); err != nil {
			return nil, err
		}
	}
	if err := m.k.queueAdminOps(ctx, old, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, m.k.emit(ctx, &types.EventParamsUpdated{Params: msg.Params})
}
