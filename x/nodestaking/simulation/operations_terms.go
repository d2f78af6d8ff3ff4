package simulation

import (
	"math/rand"
	"slices"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The weights of the operations that change a node's terms: its reserved
// spots and its operator fee.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgUpdateReservations      = "op_weight_msg_update_reservations"
	DefaultWeightMsgUpdateReservations = 15
	OpWeightMsgChangeFee               = "op_weight_msg_change_fee"
	DefaultWeightMsgChangeFee          = 15
	// clearReservationsOneIn: one reservation update in this many clears them.
	clearReservationsOneIn = 3
)

// updateReservations has the operator of a node awaiting contributions
// reserve a spot for one random account that has not contributed (the
// least it may hold, up to twice that), or now and then clear its spots.
func (o ops) updateReservations(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgUpdateReservations{}
	node, from, ok, err := o.operatedNode(r, ctx, accs, types.NODE_STATUS_AWAITING)
	if err != nil || !ok {
		return o.noNode(msg, err)
	}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	addrs, contribs, err := o.contributions(ctx, node.Pubkey)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	own := contribs[slices.IndexFunc(addrs, func(a sdk.AccAddress) bool { return a.Equals(from.Address) })]
	if own.Amount.LT(params.MinOperatorStake()) {
		return o.env.NoOp(msg, "the operator's stake is below the minimum in force")
	}
	msg.Operator, msg.Pubkey = from.Address.String(), pubkeyBytes(node.Pubkey)
	minimum, maximum, err := types.ContributionBounds(params.StakingRequirement.Sub(node.TotalStaked), node.Contributors, params.MaxContributors)
	acc, _ := simtypes.RandomAcc(r, accs)
	contributed := slices.ContainsFunc(addrs, func(a sdk.AccAddress) bool { return a.Equals(acc.Address) })
	if err == nil && r.Intn(clearReservationsOneIn) != 0 && !contributed {
		amount := math.MinInt(maximum, minimum.Add(simtypes.RandomAmount(r, minimum)))
		msg.Reserved = []types.ReservedSpot{{Address: acc.Address.String(), Amount: amount}}
	}
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}

// changeFee has the operator of a node awaiting contributions or active
// ask for a random fee (the fee in force only to cancel a pending change).
func (o ops) changeFee(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgChangeFee{}
	node, from, ok, err := o.operatedNode(r, ctx, accs, types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE)
	if err != nil || !ok {
		return o.noNode(msg, err)
	}
	msg.Operator, msg.Pubkey = from.Address.String(), pubkeyBytes(node.Pubkey)
	msg.FeeBps = uint32(r.Intn(int(types.BasisPoints) + 1)) //nolint:gosec // 0 to 10000
	if node.Status == types.NODE_STATUS_AWAITING && node.Contributors > 1 && msg.FeeBps > node.FeeBps {
		// Others staked at the fee in force: only a lower one is allowed.
		msg.FeeBps = uint32(r.Intn(int(node.FeeBps) + 1)) //nolint:gosec // 0 to the fee in force
	}
	if msg.FeeBps == node.FeeBps && !node.FeeChangePending() {
		return o.env.NoOp(msg, "drew the fee in force")
	}
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}

// operatedNode picks a node in one of statuses whose operator is a
// simulation account; ok is false when there is none.
func (o ops) operatedNode(r *rand.Rand, ctx sdk.Context, accs []simtypes.Account, statuses ...types.NodeStatus,
) (types.Node, simtypes.Account, bool, error) {
	nodes, err := nodesWithStatus(ctx, o.k, statuses...)
	if err != nil || len(nodes) == 0 {
		return types.Node{}, simtypes.Account{}, false, err
	}
	node := simutil.Pick(r, nodes)
	operator, err := sdk.AccAddressFromBech32(node.Operator)
	if err != nil {
		return types.Node{}, simtypes.Account{}, false, err
	}
	from, ok := simtypes.FindAccount(accs, operator)
	return node, from, ok, nil
}

// noNode reports an operation that found no node to send msg about, or
// failed looking (err).
func (o ops) noNode(msg sdk.Msg, err error) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	if err != nil {
		return o.env.Fail(msg, err)
	}
	return o.env.NoOp(msg, "no node of a simulation account in the right status")
}
