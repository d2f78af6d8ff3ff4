package keeper

import (
	"context"
	"encoding/hex"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

type msgServer struct {
	k *Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service.
func NewMsgServerImpl(k *Keeper) types.MsgServer {
	return msgServer{k: k}
}

func (m msgServer) address(field, s string) (sdk.AccAddress, error) {
	bz, err := m.k.addressCodec.StringToBytes(s)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q: %s", field, s, err)
	}
	return bz, nil
}

// RegisterNode registers a node with the operator's first stake.
func (m msgServer) RegisterNode(ctx context.Context, msg *types.MsgRegisterNode) (*types.MsgRegisterNodeResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	nodeKey := hex.EncodeToString(msg.Pubkey)
	operator, err := m.address("operator", msg.Operator)
	if err != nil {
		return nil, err
	}
	params, err := m.k.getParams(ctx)
	if err != nil {
		return nil, err
	}
	if used, err := m.k.UsedPubkeys.Has(ctx, nodeKey); err != nil {
		return nil, err
	} else if used {
		return nil, errorsmod.Wrapf(types.ErrNodeExists, "%s has registered before: a node key registers once", nodeKey)
	}
	chainID := m.k.headerService.GetHeaderInfo(ctx).ChainID
	if !types.VerifyRegistration(msg.Pubkey, msg.Signature, chainID, msg.Operator, msg.FeeBps, msg.Reserved) {
		return nil, errorsmod.Wrapf(types.ErrInvalidSignature, "the signature is not the node key's over chain %q, operator, fee and reserved spots", chainID)
	}
	// State names the operator by its canonical address: the Msg may spell
	// it in upper case, which bech32 accepts.
	operatorStr, err := m.k.addressCodec.BytesToString(operator)
	if err != nil {
		return nil, err
	}
	stake := msg.Stake.Amount
	if minimum := params.MinOperatorStake(); stake.LT(minimum) {
		return nil, errorsmod.Wrapf(types.ErrStakeTooLow, "the operator stakes at least %s, got %s", minimum, stake)
	}
	if stake.GT(params.StakingRequirement) {
		return nil, errorsmod.Wrapf(types.ErrStakeTooHigh, "the requirement is %s, got %s", params.StakingRequirement, stake)
	}
	if err := checkReserved(msg.Reserved, stake, params); err != nil {
		return nil, err
	}

	if err := m.k.bankKeeper.SendCoins(ctx, operator, m.k.moduleAddr, sdk.NewCoins(msg.Stake)); err != nil {
		return nil, err
	}
	now := m.k.now(ctx)
	node := types.Node{
		Pubkey:       nodeKey,
		Operator:     operatorStr,
		FeeBps:       msg.FeeBps,
		Status:       types.NODE_STATUS_AWAITING,
		TotalStaked:  stake,
		Contributors: 1,
		RegisteredAt: now,
		RewardIndex:  math.ZeroInt(),
		Earned:       math.ZeroInt(),
		// #nosec G115 -- checkReserved allows fewer than max_contributors.
		ReservedSpots: uint32(len(msg.Reserved)),
	}
	if err := m.k.UsedPubkeys.Set(ctx, nodeKey); err != nil {
		return nil, err
	}
	if err := m.k.Contributions.Set(ctx, contribKey(nodeKey, operator), types.Contribution{Amount: stake, LastContributedAt: now}); err != nil {
		return nil, err
	}
	for _, r := range msg.Reserved {
		addr, err := m.address("reserved spot", r.Address)
		if err != nil {
			return nil, err
		}
		if err := m.k.Reserved.Set(ctx, contribKey(nodeKey, addr), r.Amount); err != nil {
			return nil, err
		}
	}
	if err := m.k.addStaked(ctx, stake); err != nil {
		return nil, err
	}
	events := m.k.eventService.EventManager(ctx)
	if err := events.Emit(ctx, &types.EventNodeRegistered{Pubkey: nodeKey, Operator: operatorStr, FeeBps: msg.FeeBps}); err != nil {
		return nil, err
	}
	if err := events.Emit(ctx, &types.EventContributed{Pubkey: nodeKey, Contributor: operatorStr, Amount: stake}); err != nil {
		return nil, err
	}
	if stake.Equal(params.StakingRequirement) {
		if err := m.k.activate(ctx, &node); err != nil {
			return nil, err
		}
	}
	if err := m.k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return nil, err
	}
	return &types.MsgRegisterNodeResponse{}, nil
}

// checkReserved checks the reserved spots against the running minimum: each
// must be at least what a new contributor would have to put in at that
// point, and together with the operator's stake they fit the requirement.
func checkReserved(reserved []types.ReservedSpot, stake math.Int, params types.Params) error {
	// #nosec G115 -- the count is compared with a uint32 param.
	if uint32(len(reserved)) > params.MaxContributors-1 {
		return errorsmod.Wrapf(types.ErrInvalidReserved, "at most %d reserved spots, got %d", params.MaxContributors-1, len(reserved))
	}
	open := params.StakingRequirement.Sub(stake)
	slots := uint32(1)
	for _, r := range reserved {
		minimum, maximum, err := types.ContributionBounds(open, slots, params.MaxContributors)
		if err != nil {
			return errorsmod.Wrapf(types.ErrInvalidReserved, "spot for %s: %s", r.Address, err)
		}
		if r.Amount.LT(minimum) || r.Amount.GT(maximum) {
			return errorsmod.Wrapf(types.ErrInvalidReserved, "spot for %s must hold %s to %s, got %s", r.Address, minimum, maximum, r.Amount)
		}
		open = open.Sub(r.Amount)
		slots++
	}
	return nil
}

// Contribute adds stake to a node that is awaiting contributions.
func (m msgServer) Contribute(ctx context.Context, msg *types.MsgContribute) (*types.MsgContributeResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	nodeKey := hex.EncodeToString(msg.Pubkey)
	contributor, err := m.address("contributor", msg.Contributor)
	if err != nil {
		return nil, err
	}
	node, err := m.k.getNode(ctx, nodeKey)
	if err != nil {
		return nil, err
	}
	if node.Status != types.NODE_STATUS_AWAITING {
		return nil, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s, not awaiting contributions", node.Status)
	}
	params, err := m.k.getParams(ctx)
	if err != nil {
		return nil, err
	}
	open, slots, reserved, err := m.k.openSpace(ctx, node, params)
	if err != nil {
		return nil, err
	}
	ck := contribKey(nodeKey, contributor)
	existing, err := m.k.Contributions.Has(ctx, ck)
	if err != nil {
		return nil, err
	}
	amount := msg.Amount.Amount
	reservedAmount, isReserved := reserved[string(contributor)]
	switch {
	case isReserved:
		if amount.LT(reservedAmount) {
			return nil, errorsmod.Wrapf(types.ErrStakeTooLow, "the reserved spot holds %s, got %s", reservedAmount, amount)
		}
		if maximum := reservedAmount.Add(open); amount.GT(maximum) {
			return nil, errorsmod.Wrapf(types.ErrStakeTooHigh, "at most %s is left, got %s", maximum, amount)
		}
	case existing:
		if amount.GT(open) {
			return nil, errorsmod.Wrapf(types.ErrStakeTooHigh, "at most %s is left, got %s", open, amount)
		}
	default:
		minimum, maximum, err := types.ContributionBounds(open, slots, params.MaxContributors)
		if err != nil {
			return nil, err
		}
		if amount.LT(minimum) {
			return nil, errorsmod.Wrapf(types.ErrStakeTooLow, "the minimum is %s, got %s", minimum, amount)
		}
		if amount.GT(maximum) {
			return nil, errorsmod.Wrapf(types.ErrStakeTooHigh, "at most %s is left, got %s", maximum, amount)
		}
	}

	if err := m.k.bankKeeper.SendCoins(ctx, contributor, m.k.moduleAddr, sdk.NewCoins(msg.Amount)); err != nil {
		return nil, err
	}
	c := types.Contribution{Amount: math.ZeroInt()}
	if existing {
		if c, err = m.k.Contributions.Get(ctx, ck); err != nil {
			return nil, err
		}
	} else {
		node.Contributors++
	}
	if isReserved {
		if err := m.k.Reserved.Remove(ctx, ck); err != nil {
			return nil, err
		}
		node.ReservedSpots--
	}
	c.Amount = c.Amount.Add(amount)
	c.LastContributedAt = m.k.now(ctx)
	if err := m.k.Contributions.Set(ctx, ck, c); err != nil {
		return nil, err
	}
	node.TotalStaked = node.TotalStaked.Add(amount)
	if err := m.k.addStaked(ctx, amount); err != nil {
		return nil, err
	}
	if err := m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventContributed{
		Pubkey: nodeKey, Contributor: msg.Contributor, Amount: amount,
	}); err != nil {
		return nil, err
	}
	activated := node.TotalStaked.Equal(params.StakingRequirement)
	if activated {
		if err := m.k.activate(ctx, &node); err != nil {
			return nil, err
		}
	}
	if err := m.k.saveNode(ctx, types.NODE_STATUS_AWAITING, node); err != nil {
		return nil, err
	}
	return &types.MsgContributeResponse{Activated: activated}, nil
}

// WithdrawContribution returns a contribution to a node that is not active
// yet, once withdraw_delay has passed since the contributor's last one. The
// operator withdrawing cancels the node and refunds everyone.
func (m msgServer) WithdrawContribution(ctx context.Context, msg *types.MsgWithdrawContribution) (*types.MsgWithdrawContributionResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	nodeKey := hex.EncodeToString(msg.Pubkey)
	contributor, err := m.address("contributor", msg.Contributor)
	if err != nil {
		return nil, err
	}
	node, err := m.k.getNode(ctx, nodeKey)
	if err != nil {
		return nil, err
	}
	if node.Status != types.NODE_STATUS_AWAITING {
		return nil, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: only a node awaiting contributions allows withdrawals", node.Status)
	}
	c, err := m.k.contributionOf(ctx, nodeKey, contributor)
	if err != nil {
		return nil, err
	}
	params, err := m.k.getParams(ctx)
	if err != nil {
		return nil, err
	}
	if allowed := c.LastContributedAt.Add(params.WithdrawDelay); m.k.now(ctx).Before(allowed) {
		return nil, errorsmod.Wrapf(types.ErrTooEarly, "withdrawal allowed from %s", allowed.UTC().Format("2006-01-02T15:04:05Z"))
	}
	events := m.k.eventService.EventManager(ctx)
	operator, err := m.address("operator", node.Operator)
	if err != nil {
		return nil, err
	}
	if contributor.Equals(operator) {
		contribs, err := m.k.nodeContributions(ctx, node)
		if err != nil {
			return nil, err
		}
		for _, c := range contribs {
			if err := m.k.refund(ctx, c.addr, c.Amount); err != nil {
				return nil, err
			}
		}
		if err := m.k.addStaked(ctx, node.TotalStaked.Neg()); err != nil {
			return nil, err
		}
		if err := m.k.removeNode(ctx, node); err != nil {
			return nil, err
		}
		return &types.MsgWithdrawContributionResponse{}, events.Emit(ctx, &types.EventNodeCancelled{Pubkey: nodeKey})
	}

	if err := m.k.refund(ctx, contributor, c.Amount); err != nil {
		return nil, err
	}
	if err := m.k.Contributions.Remove(ctx, contribKey(nodeKey, contributor)); err != nil {
		return nil, err
	}
	node.Contributors--
	node.TotalStaked = node.TotalStaked.Sub(c.Amount)
	if err := m.k.addStaked(ctx, c.Amount.Neg()); err != nil {
		return nil, err
	}
	if err := m.k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return nil, err
	}
	return &types.MsgWithdrawContributionResponse{}, events.Emit(ctx, &types.EventContributionWithdrawn{
		Pubkey: nodeKey, Contributor: msg.Contributor, Amount: c.Amount,
	})
}

// RequestUnlock starts an active node's exit: it keeps earning until
// unlock_delay from now, then leaves and its stakes go back.
func (m msgServer) RequestUnlock(ctx context.Context, msg *types.MsgRequestUnlock) (*types.MsgRequestUnlockResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	nodeKey := hex.EncodeToString(msg.Pubkey)
	requester, err := m.address("requester", msg.Requester)
	if err != nil {
		return nil, err
	}
	node, err := m.k.getNode(ctx, nodeKey)
	if err != nil {
		return nil, err
	}
	if node.Status != types.NODE_STATUS_ACTIVE {
		return nil, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: only an active node can be unlocked", node.Status)
	}
	c, err := m.k.contributionOf(ctx, nodeKey, requester)
	if err != nil {
		return nil, err
	}
	params, err := m.k.getParams(ctx)
	if err != nil {
		return nil, err
	}
	now := m.k.now(ctx)
	operator, err := m.address("operator", node.Operator)
	if err != nil {
		return nil, err
	}
	// The operator may always unlock; other contributors under the
	// threshold wait out the node's first small_contributor_lock.
	small := c.Amount.MulRaw(types.BasisPoints).LT(node.TotalStaked.MulRaw(int64(params.SmallContributorBps))) &&
		!requester.Equals(operator)
	if allowed := node.ActivatedAt.Add(params.SmallContributorLock); small && now.Before(allowed) {
		return nil, errorsmod.Wrapf(types.ErrTooEarly,
			"a contributor with under %d bps of the stake may request an unlock from %s", params.SmallContributorBps, allowed.UTC().Format("2006-01-02T15:04:05Z"))
	}
	// A leaving node proves nothing more; it earns until it exits.
	if err := m.k.stopLiveness(ctx, &node, params); err != nil {
		return nil, err
	}
	exit := now.Add(params.UnlockDelay)
	node.Status = types.NODE_STATUS_UNLOCKING
	node.ExitTime = &exit
	if err := m.k.ExitQueue.Set(ctx, queueKey(exit, node.Pubkey)); err != nil {
		return nil, err
	}
	if err := m.k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return nil, err
	}
	return &types.MsgRequestUnlockResponse{}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventUnlockRequested{
		Pubkey: nodeKey, Requester: msg.Requester, ExitTime: exit,
	})
}

// ClaimRewards pays the claimant its share of what each of its nodes
// earned, less what it took before, and everything credited to it.
func (m msgServer) ClaimRewards(ctx context.Context, msg *types.MsgClaimRewards) (*types.MsgClaimRewardsResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	claimant, err := m.address("claimant", msg.Claimant)
	if err != nil {
		return nil, err
	}
	amount, err := m.k.Claim(ctx, claimant)
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
	nodeKey := hex.EncodeToString(msg.Pubkey)
	if err := m.k.Deregister(ctx, nodeKey); err != nil {
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
	if err := m.k.PeriodEnd.Remove(ctx); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}

// UptimeProof records a node's proof of being up, signed by its node key.
func (m msgServer) UptimeProof(ctx context.Context, msg *types.MsgUptimeProof) (*types.MsgUptimeProofResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	recommissioned, err := m.k.uptimeProof(ctx, msg.Pubkey, msg.Seq, msg.Signature)
	if err != nil {
		return nil, err
	}
	return &types.MsgUptimeProofResponse{Recommissioned: recommissioned}, nil
}

// NodeStateVote records a quorum member's vote about a tested node.
func (m msgServer) NodeStateVote(ctx context.Context, msg *types.MsgNodeStateVote) (*types.MsgNodeStateVoteResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	applied, err := m.k.vote(ctx, msg)
	if err != nil {
		return nil, err
	}
	return &types.MsgNodeStateVoteResponse{Applied: applied}, nil
}
