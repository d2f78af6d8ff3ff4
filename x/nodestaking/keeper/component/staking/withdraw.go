package staking

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Withdraw returns a contribution to a node that is not active yet, once
// withdraw_delay has passed since the contributor's last one. The operator
// withdrawing cancels the node and refunds everyone. Each stake goes to its
// contribution's beneficiary, or to its contributor. The message passed
// ValidateBasic.
func (k *Keeper) Withdraw(ctx context.Context, msg *types.MsgWithdrawContribution) error {
	m, err := k.readContributorMsg(ctx, msg.Pubkey, "contributor", msg.Contributor,
		types.NODE_STATUS_AWAITING, "node is %s: only a node awaiting contributions allows withdrawals")
	if err != nil {
		return err
	}
	nodeKey, contributor, node, c, params := m.nodeKey, m.addr, m.node, m.contrib, m.params
	if allowed := c.LastContributedAt.Add(params.WithdrawDelay); k.env.Now(ctx).Before(allowed) {
		return errorsmod.Wrapf(types.ErrTooEarly, "withdrawal allowed from %s", allowed.UTC().Format("2006-01-02T15:04:05Z"))
	}
	operator, err := k.address("operator", node.Operator)
	if err != nil {
		return err
	}
	if contributor.Equals(operator) {
		contribs, err := k.NodeContributions(ctx, node)
		if err != nil {
			return err
		}
		for _, c := range contribs {
			if err := k.refund(ctx, c, c.Amount); err != nil {
				return err
			}
		}
		if err := k.addStaked(ctx, node.TotalStaked.Neg()); err != nil {
			return err
		}
		if err := k.remember(ctx, node, types.REMOVAL_REASON_CANCELLED, math.ZeroInt()); err != nil {
			return err
		}
		if err := k.removeNode(ctx, node); err != nil {
			return err
		}
		return k.env.Emit(ctx, &types.EventNodeCancelled{Pubkey: nodeKey})
	}

	own := Contrib{Addr: contributor, Contribution: c}
	if err := k.refund(ctx, own, c.Amount); err != nil {
		return err
	}
	to, err := k.payee(own)
	if err != nil {
		return err
	}
	toStr, err := k.env.AddressCodec.BytesToString(to)
	if err != nil {
		return err
	}
	if err := k.Contributions.Remove(ctx, ContribKey(nodeKey, contributor)); err != nil {
		return err
	}
	node.Contributors--
	node.TotalStaked = node.TotalStaked.Sub(c.Amount)
	if err := k.addStaked(ctx, c.Amount.Neg()); err != nil {
		return err
	}
	if err := k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventContributionWithdrawn{Pubkey: nodeKey, Contributor: msg.Contributor, Amount: c.Amount, Recipient: toStr})
}
