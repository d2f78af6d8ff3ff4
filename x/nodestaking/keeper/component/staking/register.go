package staking

import (
	"context"
	"encoding/hex"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Register registers a node with the operator's first stake. The message
// passed ValidateBasic.
func (k *Keeper) Register(ctx context.Context, msg *types.MsgRegisterNode) error {
	nodeKey := hex.EncodeToString(msg.Pubkey)
	operator, err := k.address("operator", msg.Operator)
	if err != nil {
		return err
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	if used, err := k.UsedPubkeys.Has(ctx, nodeKey); err != nil {
		return err
	} else if used {
		return errorsmod.Wrapf(types.ErrNodeExists, "%s has registered before: a node key registers once", nodeKey)
	}
	chainID := k.env.ChainID(ctx)
	if !types.VerifyRegistration(msg.Pubkey, msg.Signature, chainID, msg.Operator, msg.FeeBps, msg.Reserved) {
		return errorsmod.Wrapf(types.ErrInvalidSignature, "the signature is not the node key's over chain %q, operator, fee and reserved spots", chainID)
	}
	// State names the operator by its canonical address: the Msg may spell
	// it in upper case, which bech32 accepts.
	operatorStr, err := k.env.AddressCodec.BytesToString(operator)
	if err != nil {
		return err
	}
	stake := msg.Stake.Amount
	if err := checkOperatorStake(stake, msg.Reserved, params); err != nil {
		return err
	}
	beneficiary, err := k.Beneficiary(operator, msg.Beneficiary)
	if err != nil {
		return err
	}

	if err := k.bank.SendCoins(ctx, operator, k.moduleAddr, sdk.NewCoins(msg.Stake)); err != nil {
		return err
	}
	now := k.env.Now(ctx)
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
		ExitPenalty:  math.ZeroInt(),
		// #nosec G115 -- checkReserved allows fewer than max_contributors.
		ReservedSpots: uint32(len(msg.Reserved)),
	}
	if err := k.UsedPubkeys.Set(ctx, nodeKey); err != nil {
		return err
	}
	if err := k.Contributions.Set(ctx, ContribKey(nodeKey, operator), types.Contribution{Amount: stake, LastContributedAt: now, Beneficiary: beneficiary}); err != nil {
		return err
	}
	if err := k.setReserved(ctx, nodeKey, msg.Reserved); err != nil {
		return err
	}
	if err := k.addStaked(ctx, stake); err != nil {
		return err
	}
	if err := k.emitRegistered(ctx, node, operator, beneficiary); err != nil {
		return err
	}
	if stake.Equal(params.StakingRequirement) {
		if err := k.activate(ctx, &node); err != nil {
			return err
		}
	}
	return k.Nodes.Set(ctx, node.Pubkey, node)
}

// emitRegistered reports a new node, the operator's stake and, when it
// names one, the operator's beneficiary.
func (k *Keeper) emitRegistered(ctx context.Context, node types.Node, operator sdk.AccAddress, beneficiary string) error {
	if err := k.env.Emit(ctx, &types.EventNodeRegistered{Pubkey: node.Pubkey, Operator: node.Operator, FeeBps: node.FeeBps}); err != nil {
		return err
	}
	if err := k.env.Emit(ctx, &types.EventContributed{Pubkey: node.Pubkey, Contributor: node.Operator, Amount: node.TotalStaked}); err != nil {
		return err
	}
	if beneficiary == "" {
		return nil
	}
	return k.emitBeneficiary(ctx, node.Pubkey, operator, beneficiary)
}

// checkReserved checks reserved spots against the running minimum: each
// must be at least what a new contributor would have to put in at that
// point, and together they fit in open, what is left of the requirement
// once the stakes are counted; used is the spots the contributors hold.
// No spots are always allowed: governance may have lowered max_contributors
// below used.
func checkReserved(reserved []types.ReservedSpot, open math.Int, used uint32, params types.Params) error {
	// #nosec G115 -- the count is compared with a uint32 param.
	if len(reserved) > 0 && used+uint32(len(reserved)) > params.MaxContributors {
		return errorsmod.Wrapf(types.ErrInvalidReserved, "at most %d reserved spots, got %d", params.MaxContributors-min(used, params.MaxContributors), len(reserved))
	}
	slots := used
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

// checkOperatorStake checks the operator's stake against the params and the
// spots it reserves for others.
func checkOperatorStake(stake math.Int, reserved []types.ReservedSpot, params types.Params) error {
	if minimum := params.MinOperatorStake(); stake.LT(minimum) {
		return errorsmod.Wrapf(types.ErrStakeTooLow, "the operator stakes at least %s, got %s", minimum, stake)
	}
	if stake.GT(params.StakingRequirement) {
		return errorsmod.Wrapf(types.ErrStakeTooHigh, "the requirement is %s, got %s", params.StakingRequirement, stake)
	}
	return checkReserved(reserved, params.StakingRequirement.Sub(stake), 1, params)
}

// setReserved records the node's reserved spots.
func (k *Keeper) setReserved(ctx context.Context, nodeKey string, reserved []types.ReservedSpot) error {
	for _, r := range reserved {
		addr, err := k.address("reserved spot", r.Address)
		if err != nil {
			return err
		}
		if err := k.Reserved.Set(ctx, ContribKey(nodeKey, addr), r.Amount); err != nil {
			return err
		}
	}
	return nil
}
