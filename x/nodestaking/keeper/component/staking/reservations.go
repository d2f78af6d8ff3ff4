package staking

import (
	"context"
	"encoding/hex"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// UpdateReservations replaces the unfilled reserved spots of a node that is
// awaiting contributions, for its operator. The new list is checked as a
// registration's is, against the params in force and the node as it stands:
// the operator's stake still at least min_operator_stake_bps of the
// requirement, each spot at least the running minimum from the stakes and
// the contributors now, all of them within what is left of the requirement
// and the contributor spots. A spot for an address that has contributed is
// refused: its spot is filled, and it may top up without one. The message
// passed ValidateBasic.
func (k *Keeper) UpdateReservations(ctx context.Context, msg *types.MsgUpdateReservations) error {
	nodeKey := hex.EncodeToString(msg.Pubkey)
	node, operator, err := k.operatedNode(ctx, nodeKey, msg.Operator)
	if err != nil {
		return err
	}
	if node.Status != types.NODE_STATUS_AWAITING {
		return errorsmod.Wrapf(types.ErrWrongStatus, "node is %s: reservations change only while it awaits contributions", node.Status)
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	own, err := k.contributionOf(ctx, nodeKey, operator)
	if err != nil {
		return err
	}
	if minimum := params.MinOperatorStake(); own.Amount.LT(minimum) {
		return errorsmod.Wrapf(types.ErrStakeTooLow, "the operator stakes at least %s, has %s: top up first", minimum, own.Amount)
	}
	addrs, err := k.reservedAddrs(ctx, nodeKey, msg.Reserved)
	if err != nil {
		return err
	}
	if err := checkReserved(msg.Reserved, params.StakingRequirement.Sub(node.TotalStaked), node.Contributors, params); err != nil {
		return err
	}
	if err := colls.RemoveRange(ctx, k.Reserved, collections.NewPrefixedPairRange[string, sdk.AccAddress](nodeKey)); err != nil {
		return err
	}
	for i, addr := range addrs {
		if err := k.Reserved.Set(ctx, ContribKey(nodeKey, addr), msg.Reserved[i].Amount); err != nil {
			return err
		}
	}
	// #nosec G115 -- checkReserved allows at most max_contributors.
	node.ReservedSpots = uint32(len(addrs))
	if err := k.Nodes.Set(ctx, nodeKey, node); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventReservationsUpdated{Pubkey: nodeKey, Operator: node.Operator, Reserved: k.canonicalSpots(msg.Reserved, addrs)})
}

// reservedAddrs decodes the addresses of new reserved spots, refusing any
// that has a contribution to the node.
func (k *Keeper) reservedAddrs(ctx context.Context, nodeKey string, reserved []types.ReservedSpot) ([]sdk.AccAddress, error) {
	addrs := make([]sdk.AccAddress, len(reserved))
	for i, r := range reserved {
		addr, err := k.address("reserved spot", r.Address)
		if err != nil {
			return nil, err
		}
		if has, err := k.Contributions.Has(ctx, ContribKey(nodeKey, addr)); err != nil {
			return nil, err
		} else if has {
			return nil, errorsmod.Wrapf(types.ErrInvalidReserved, "%s has contributed to the node: it needs no reserved spot to top up", r.Address)
		}
		addrs[i] = addr
	}
	return addrs, nil
}

// canonicalSpots spells reserved spots' addresses (decoded: addrs) as the
// state does: a message may spell them in upper case.
func (k *Keeper) canonicalSpots(reserved []types.ReservedSpot, addrs []sdk.AccAddress) []types.ReservedSpot {
	out := make([]types.ReservedSpot, len(reserved))
	for i, r := range reserved {
		s, err := k.env.AddressCodec.BytesToString(addrs[i])
		if err != nil { // decoded from a valid address: cannot happen
			s = r.Address
		}
		out[i] = types.ReservedSpot{Address: s, Amount: r.Amount}
	}
	return out
}

// operatedNode returns a node and its operator's address, refusing a
// sender (signer) that is not the operator.
func (k *Keeper) operatedNode(ctx context.Context, nodeKey, signer string) (types.Node, sdk.AccAddress, error) {
	sender, err := k.address("operator", signer)
	if err != nil {
		return types.Node{}, nil, err
	}
	node, err := k.GetNode(ctx, nodeKey)
	if err != nil {
		return types.Node{}, nil, err
	}
	operator, err := k.address("operator", node.Operator)
	if err != nil {
		return types.Node{}, nil, err
	}
	if !operator.Equals(sender) {
		return types.Node{}, nil, errorsmod.Wrapf(types.ErrNotOperator, "%s does not operate node %s (%s does)", signer, nodeKey, node.Operator)
	}
	return node, operator, nil
}
