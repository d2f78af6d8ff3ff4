package keeper

import (
	"context"
	"encoding/hex"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

type msgServer struct {
	k *Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service. Each message is
// checked (ValidateBasic) and handed to the component it belongs to.
func NewMsgServerImpl(k *Keeper) types.MsgServer {
	return msgServer{k: k}
}

// RegisterNode registers a node with the operator's first stake.
func (m msgServer) RegisterNode(ctx context.Context, msg *types.MsgRegisterNode) (*types.MsgRegisterNodeResponse, error) {
	return moduleutil.Forward[types.MsgRegisterNodeResponse](ctx, msg, m.k.Staking.Register)
}

// Contribute adds stake to a node that is awaiting contributions.
func (m msgServer) Contribute(ctx context.Context, msg *types.MsgContribute) (*types.MsgContributeResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	activated, err := m.k.Staking.Contribute(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgContributeResponse{Activated: activated}, nil
}

// WithdrawContribution returns a contribution to a node that is not active
// yet; the operator withdrawing cancels the node.
func (m msgServer) WithdrawContribution(ctx context.Context, msg *types.MsgWithdrawContribution) (*types.MsgWithdrawContributionResponse, error) {
	return moduleutil.Forward[types.MsgWithdrawContributionResponse](ctx, msg, m.k.Staking.Withdraw)
}

// RequestUnlock starts an active node's exit.
func (m msgServer) RequestUnlock(ctx context.Context, msg *types.MsgRequestUnlock) (*types.MsgRequestUnlockResponse, error) {
	return moduleutil.Forward[types.MsgRequestUnlockResponse](ctx, msg, m.k.Staking.RequestUnlock)
}

// ClaimRewards pays the claimant its share of what each of its nodes
// earned, less what it took before, and everything credited to it: to the
// recipient (the claimant when empty), except each node's share whose
// contribution names a beneficiary, which goes to the beneficiary.
func (m msgServer) ClaimRewards(ctx context.Context, msg *types.MsgClaimRewards) (*types.MsgClaimRewardsResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	claimant, err := m.k.env.AddressCodec.StringToBytes(msg.Claimant)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "claimant %q: %s", msg.Claimant, err)
	}
	recipient, err := m.k.Staking.Recipient(claimant, msg.Recipient)
	if err != nil {
		return nil, err
	}
	stakes, err := m.k.Staking.StakesOf(ctx, claimant)
	if err != nil {
		return nil, err
	}
	amount, err := m.k.Rewards.Claim(ctx, claimant, recipient, stakes)
	if err != nil {
		return nil, err
	}
	return &types.MsgClaimRewardsResponse{Amount: amount}, nil
}

// DeregisterNode removes a node for misbehaviour: it earns nothing from now
// on, and its stakes come back after deregistration_lock, less the penalty.
func (m msgServer) DeregisterNode(ctx context.Context, msg *types.MsgDeregisterNode) (*types.MsgDeregisterNodeResponse, error) {
	if want := authority.Expected(ctx, m.k.authority); msg.Authority != want {
		return nil, errorsmod.Wrapf(types.ErrInvalidAuthority, "expected %s, got %s", want, msg.Authority)
	}
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	if err := m.k.Staking.Deregister(ctx, hex.EncodeToString(msg.Pubkey)); err != nil {
		return nil, err
	}
	return &types.MsgDeregisterNodeResponse{}, nil
}

// UpdateParams replaces the params; only the authority may.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if want := authority.Expected(ctx, m.k.authority); msg.Authority != want {
		return nil, errorsmod.Wrapf(types.ErrInvalidAuthority, "expected %s, got %s", want, msg.Authority)
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	// A new testing_period numbers the periods afresh from the next block.
	if err := m.k.Liveness.ResetPeriod(ctx); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// UptimeProof records a node's proof of being up, signed by its node key.
func (m msgServer) UptimeProof(ctx context.Context, msg *types.MsgUptimeProof) (*types.MsgUptimeProofResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	decommissioned, err := m.k.Liveness.UptimeProof(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgUptimeProofResponse{Decommissioned: decommissioned}, nil
}

// ActivateNode activates a node awaiting contributions whose stakes meet
// the requirement in force.
func (m msgServer) ActivateNode(ctx context.Context, msg *types.MsgActivateNode) (*types.MsgActivateNodeResponse, error) {
	return moduleutil.Forward[types.MsgActivateNodeResponse](ctx, msg, m.k.Staking.Activate)
}

// NodeStateVote records a quorum member's vote about a tested node.
func (m msgServer) NodeStateVote(ctx context.Context, msg *types.MsgNodeStateVote) (*types.MsgNodeStateVoteResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	applied, err := m.k.Liveness.Vote(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgNodeStateVoteResponse{Applied: applied}, nil
}

// SetBeneficiary names or clears the beneficiary of a contribution.
func (m msgServer) SetBeneficiary(ctx context.Context, msg *types.MsgSetBeneficiary) (*types.MsgSetBeneficiaryResponse, error) {
	return moduleutil.Forward[types.MsgSetBeneficiaryResponse](ctx, msg, m.k.Staking.SetBeneficiary)
}

// UpdateReservations replaces the unfilled reserved spots of a node
// awaiting contributions; only its operator may.
func (m msgServer) UpdateReservations(ctx context.Context, msg *types.MsgUpdateReservations) (*types.MsgUpdateReservationsResponse, error) {
	return moduleutil.Forward[types.MsgUpdateReservationsResponse](ctx, msg, m.k.Staking.UpdateReservations)
}

// ChangeFee changes a node's operator fee, at once or after the notice;
// only its operator may.
func (m msgServer) ChangeFee(ctx context.Context, msg *types.MsgChangeFee) (*types.MsgChangeFeeResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	at, err := m.k.Staking.ChangeFee(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgChangeFeeResponse{EffectiveAt: at}, nil
}

// RotateNodeKey gives a node a new signing key; only its operator may.
func (m msgServer) RotateNodeKey(ctx context.Context, msg *types.MsgRotateNodeKey) (*types.MsgRotateNodeKeyResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	rotations, err := m.k.Staking.RotateKey(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgRotateNodeKeyResponse{Rotations: rotations}, nil
}
