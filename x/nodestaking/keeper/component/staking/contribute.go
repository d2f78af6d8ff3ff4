package staking

import (
	"context"
	"encoding/hex"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Contribute adds stake to a node that is awaiting contributions, and
// activates it when the stakes reach the requirement. It reports whether
// the node activated. The message passed ValidateBasic.
func (k *Keeper) Contribute(ctx context.Context, msg *types.MsgContribute) (bool, error) {
	nodeKey := hex.EncodeToString(msg.Pubkey)
	contributor, err := k.address("contributor", msg.Contributor)
	if err != nil {
		return false, err
	}
	node, err := k.GetNode(ctx, nodeKey)
	if err != nil {
		return false, err
	}
	if node.Status != types.NODE_STATUS_AWAITING {
		return false, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s, not awaiting contributions", node.Status)
	}
	if fee := node.HighestFee(); msg.MaxFeeBps != 0 && fee > msg.MaxFeeBps {
		return false, errorsmod.Wrapf(types.ErrFeeAboveMax, "the node's fee is %d bps (pending included), the contribution accepts at most %d", fee, msg.MaxFeeBps)
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return false, err
	}
	open, slots, reserved, err := k.OpenSpace(ctx, node, params)
	if err != nil {
		return false, err
	}
	ck := ContribKey(nodeKey, contributor)
	existing, err := k.Contributions.Has(ctx, ck)
	if err != nil {
		return false, err
	}
	amount := msg.Amount.Amount
	reservedAmount, isReserved := reserved[string(contributor)]
	if err := checkContribution(amount, open, slots, params.MaxContributors, reservedAmount, isReserved, existing); err != nil {
		return false, err
	}
	beneficiary, err := k.Beneficiary(contributor, msg.Beneficiary)
	if err != nil {
		return false, err
	}

	if err := k.bank.SendCoins(ctx, contributor, k.moduleAddr, sdk.NewCoins(msg.Amount)); err != nil {
		return false, err
	}
	if err := k.record(ctx, &node, contributor, amount, existing, isReserved, msg.Beneficiary, beneficiary); err != nil {
		return false, err
	}
	node.TotalStaked = node.TotalStaked.Add(amount)
	if err := k.addStaked(ctx, amount); err != nil {
		return false, err
	}
	if err := k.env.Emit(ctx, &types.EventContributed{Pubkey: nodeKey, Contributor: msg.Contributor, Amount: amount}); err != nil {
		return false, err
	}
	if msg.Beneficiary != "" {
		if err := k.emitBeneficiary(ctx, nodeKey, contributor, beneficiary); err != nil {
			return false, err
		}
	}
	activated := node.TotalStaked.Equal(params.StakingRequirement)
	if activated {
		if err := k.activate(ctx, &node); err != nil {
			return false, err
		}
	}
	return activated, k.Nodes.Set(ctx, node.Pubkey, node)
}

// record adds amount to contributor's contribution to node (a new one counts
// as a contributor; a reserved spot's holder takes its spot). A message that
// names a beneficiary (named, decoded to beneficiary) sets it; one that names
// none keeps a top-up's.
func (k *Keeper) record(ctx context.Context, node *types.Node, contributor sdk.AccAddress, amount math.Int,
	existing, isReserved bool, named, beneficiary string,
) error {
	ck := ContribKey(node.Pubkey, contributor)
	c := types.Contribution{Amount: math.ZeroInt()}
	if existing {
		var err error
		if c, err = k.Contributions.Get(ctx, ck); err != nil {
			return err
		}
	} else {
		node.Contributors++
	}
	if isReserved {
		if err := k.Reserved.Remove(ctx, ck); err != nil {
			return err
		}
		node.ReservedSpots--
	}
	c.Amount = c.Amount.Add(amount)
	c.LastContributedAt = k.env.Now(ctx)
	if named != "" {
		c.Beneficiary = beneficiary
	}
	return k.Contributions.Set(ctx, ck, c)
}

// checkContribution checks that amount fits the node's open space: a
// reserved spot's holder brings at least the reserved amount, a contributor
// already in adds at most what is open, and a new one brings what
// types.ContributionBounds allows for the slots left.
func checkContribution(amount, open math.Int, slots, maxContributors uint32, reservedAmount math.Int, isReserved, existing bool) error {
	switch {
	case isReserved:
		if amount.LT(reservedAmount) {
			return errorsmod.Wrapf(types.ErrStakeTooLow, "the reserved spot holds %s, got %s", reservedAmount, amount)
		}
		if maximum := reservedAmount.Add(open); amount.GT(maximum) {
			return errorsmod.Wrapf(types.ErrStakeTooHigh, "at most %s is left, got %s", maximum, amount)
		}
	case existing:
		if amount.GT(open) {
			return errorsmod.Wrapf(types.ErrStakeTooHigh, "at most %s is left, got %s", open, amount)
		}
	default:
		minimum, maximum, err := types.ContributionBounds(open, slots, maxContributors)
		if err != nil {
			return err
		}
		if amount.LT(minimum) {
			return errorsmod.Wrapf(types.ErrStakeTooLow, "the minimum is %s, got %s", minimum, amount)
		}
		if amount.GT(maximum) {
			return errorsmod.Wrapf(types.ErrStakeTooHigh, "at most %s is left, got %s", maximum, amount)
		}
	}
	return nil
}
