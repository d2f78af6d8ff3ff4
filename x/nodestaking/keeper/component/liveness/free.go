package liveness

import (
	"context"
	"encoding/hex"
	"errors"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// FreeVote reports whether a vote may go without a fee, with cheap checks
// only (no quorum draw): it is well formed, of the current period, by a
// serving node that has not voted about the tested node in it, and signed
// by the voter's node key. It returns the voter. A vote that passes may
// still be refused by the handler (not a quorum member, a decided quorum);
// the per-block limit on free votes bounds what such votes cost.
func (k *Keeper) FreeVote(ctx context.Context, msg *types.MsgNodeStateVote, params types.Params) (string, bool, error) {
	if msg.ValidateBasic() != nil || msg.Period != k.CurrentPeriod(ctx, params) {
		return "", false, nil
	}
	voter, tested := hex.EncodeToString(msg.Voter), hex.EncodeToString(msg.Tested)
	node, err := k.staking.GetNode(ctx, voter)
	if errors.Is(err, types.ErrNodeNotFound) {
		return voter, false, nil
	}
	if err != nil || !node.Status.Serving() {
		return voter, false, err
	}
	voted, err := k.Votes.Has(ctx, collections.Join3(msg.Period, tested, voter))
	if err != nil || voted {
		return voter, false, err
	}
	return voter, k.verifyVote(ctx, msg, node, tested) == nil, nil
}
