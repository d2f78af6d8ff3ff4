package staking

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Activate activates a node awaiting contributions whose stakes add up to
// at least the requirement in force. A contribution activates a node that
// reaches the requirement exactly; when governance lowers the requirement
// to or below what an awaiting node holds, nothing is left open and no
// contribution can, so its operator or a contributor activates it with
// this. The node earns and proves from then on, with the stake it has. The
// message passed ValidateBasic.
func (k *Keeper) Activate(ctx context.Context, msg *types.MsgActivateNode) error {
	m, err := k.readContributorMsg(ctx, msg.Pubkey, "sender", msg.Sender,
		types.NODE_STATUS_AWAITING, "node is %s, not awaiting contributions")
	if err != nil {
		return err
	}
	nodeKey, node, params := m.nodeKey, m.node, m.params
	if node.TotalStaked.LT(params.StakingRequirement) {
		return errorsmod.Wrapf(types.ErrStakeTooLow, "the node holds %s of the %s required", node.TotalStaked, params.StakingRequirement)
	}
	if err := k.activate(ctx, &node); err != nil {
		return err
	}
	return k.Nodes.Set(ctx, nodeKey, node)
}
