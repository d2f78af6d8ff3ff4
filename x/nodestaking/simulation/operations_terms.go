package simulation

import (
	"context"
	"slices"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The weights of the operations that change a node's terms: its reserved
// spots and its operator fee.
const (
	WeightMsgUpdateReservations        = "msg_update_reservations"
	DefaultWeightMsgUpdateReservations = 15
	WeightMsgChangeFee                 = "msg_change_fee"
	DefaultWeightMsgChangeFee          = 15
	// clearReservationsOneIn: one reservation update in this many clears them.
	clearReservationsOneIn = 3
)

// updateReservations has the operator of a node awaiting contributions
// reserve a spot for one random account that has not contributed (the
// least it may hold, up to twice that), or now and then clear its spots.
func (f factories) updateReservations(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgUpdateReservations) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	node, from, ok, err := f.operatedNode(ctx, testData, reporter, types.NODE_STATUS_AWAITING)
	if !f.found(reporter, ok, err) {
		return nil, nil
	}
	params, err := f.k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return nil, nil
	}
	addrs, contribs, err := f.contributions(ctx, node.Pubkey)
	if err != nil {
		reporter.Fail(err, "reading the contributions")
		return nil, nil
	}
	own := contribs[slices.IndexFunc(addrs, func(a sdk.AccAddress) bool { return a.Equals(from.Address) })]
	if own.Amount.LT(params.MinOperatorStake()) {
		reporter.Skip("the operator's stake is below the minimum in force")
		return nil, nil
	}
	msg := &types.MsgUpdateReservations{Operator: from.AddressBech32, Pubkey: pubkeyBytes(node.Pubkey)}
	minimum, maximum, err := types.ContributionBounds(params.StakingRequirement.Sub(node.TotalStaked), node.Contributors, params.MaxContributors)
	acc := testData.AnyAccount(reporter)
	contributed := slices.ContainsFunc(addrs, func(a sdk.AccAddress) bool { return a.Equals(acc.Address) })
	if err == nil && r.Intn(clearReservationsOneIn) != 0 && !contributed {
		amount := math.MinInt(maximum, minimum.Add(simtypes.RandomAmount(r, minimum)))
		msg.Reserved = []types.ReservedSpot{{Address: acc.AddressBech32, Amount: amount}}
	}
	return []simsx.SimAccount{from}, msg
}

// changeFee has the operator of a node awaiting contributions or active
// ask for a random fee (the fee in force only to cancel a pending change).
func (f factories) changeFee(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgChangeFee) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	node, from, ok, err := f.operatedNode(ctx, testData, reporter, types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE)
	if !f.found(reporter, ok, err) {
		return nil, nil
	}
	msg := &types.MsgChangeFee{Operator: from.AddressBech32, Pubkey: pubkeyBytes(node.Pubkey)}
	msg.FeeBps = uint32(r.Intn(int(types.BasisPoints) + 1)) //nolint:gosec // 0 to 10000
	if node.Status == types.NODE_STATUS_AWAITING && node.Contributors > 1 && msg.FeeBps > node.FeeBps {
		// Others staked at the fee in force: only a lower one is allowed.
		msg.FeeBps = uint32(r.Intn(int(node.FeeBps) + 1)) //nolint:gosec // 0 to the fee in force
	}
	if msg.FeeBps == node.FeeBps && !node.FeeChangePending() {
		reporter.Skip("drew the fee in force")
		return nil, nil
	}
	return []simsx.SimAccount{from}, msg
}

// operatedNode picks a node in one of statuses whose operator is a
// simulation account; ok is false when there is none.
func (f factories) operatedNode(ctx sdk.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, statuses ...types.NodeStatus,
) (types.Node, simsx.SimAccount, bool, error) {
	nodes, err := nodesWithStatus(ctx, f.k, statuses...)
	if err != nil || len(nodes) == 0 {
		return types.Node{}, simsx.SimAccount{}, false, err
	}
	node := simutil.Pick(testData.Rand().Rand, nodes)
	from, ok := account(testData, reporter, node.Operator)
	return node, from, ok, nil
}

// found reports whether operatedNode found a node, and otherwise ends the
// factory's run: failed when looking failed (err), skipped when there was
// no node to send a message about.
func (factories) found(reporter simsx.SimulationReporter, ok bool, err error) bool {
	switch {
	case err != nil:
		reporter.Fail(err, "reading the nodes")
	case !ok:
		reporter.Skip("no node of a simulation account in the right status")
	}
	return err == nil && ok
}
