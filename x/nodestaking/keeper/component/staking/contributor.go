package staking

import (
	"context"
	"encoding/hex"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// contributorMsg is what a contributor's message about a node acts on: the
// node's key, the contributor's address, the node, its contribution and
// the params in force.
type contributorMsg struct {
	nodeKey string
	addr    sdk.AccAddress
	node    types.Node
	contrib types.Contribution
	params  types.Params
}

// readContributorMsg reads what a contributor's message acts on, in the
// order its refusals are checked: the sender's address (field names it in
// the error), the node, its status (wrongStatus, with the node's status for
// its %s, when it is not status), the sender's contribution to it.
func (k *Keeper) readContributorMsg(ctx context.Context, pubkey []byte, field, sender string,
	status types.NodeStatus, wrongStatus string,
) (contributorMsg, error) {
	m := contributorMsg{nodeKey: hex.EncodeToString(pubkey)}
	var err error
	if m.addr, err = k.address(field, sender); err != nil {
		return m, err
	}
	if m.node, err = k.GetNode(ctx, m.nodeKey); err != nil {
		return m, err
	}
	if m.node.Status != status {
		return m, errorsmod.Wrapf(types.ErrWrongStatus, wrongStatus, m.node.Status)
	}
	if m.contrib, err = k.contributionOf(ctx, m.nodeKey, m.addr); err != nil {
		return m, err
	}
	m.params, err = k.env.GetParams(ctx)
	return m, err
}
