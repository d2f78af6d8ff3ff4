package simulation

import (
	"crypto/ed25519"
	"encoding/hex"
	"math/rand"
	"slices"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Operation weights: the key a simulation params file sets, and the
// default. Uptime proofs are the most frequent, as on the network, where
// every node sends one an hour.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgRegisterNode         = "op_weight_msg_register_node"
	OpWeightMsgContribute           = "op_weight_msg_contribute"
	OpWeightMsgWithdrawContribution = "op_weight_msg_withdraw_contribution"
	OpWeightMsgRequestUnlock        = "op_weight_msg_request_unlock"
	OpWeightMsgClaimRewards         = "op_weight_msg_claim_rewards"
	OpWeightMsgUptimeProof          = "op_weight_msg_uptime_proof"
	OpWeightMsgNodeStateVote        = "op_weight_msg_node_state_vote"
	DefaultWeightMsgRegisterNode    = 60
	DefaultWeightMsgContribute      = 100
	DefaultWeightMsgWithdraw        = 25
	DefaultWeightMsgRequestUnlock   = 20
	DefaultWeightMsgClaimRewards    = 60
	DefaultWeightMsgUptimeProof     = 150
	DefaultWeightMsgNodeStateVote   = 80
)

const (
	// maxReservedSpots is the most spots a registration reserves.
	maxReservedSpots = 2
	// keyAttempts is how many random node keys a registration tries.
	keyAttempts = 10
	// fullStakeOneIn: one registration in this many stakes the whole
	// requirement, when the operator can.
	fullStakeOneIn = 4
	// dissentOneIn: one vote in this many disagrees with its quorum.
	dissentOneIn = 10
	// deregisterOneIn: one quorum in this many votes to deregister.
	deregisterOneIn = 5
)

// ops builds the module's operations.
type ops struct {
	env     simutil.Env
	k       *keeper.Keeper
	queries types.QueryServer
	keys    simutil.NodeKeys
	// freeloaderOneIn is FreeloaderOneIn's value (0: no freeloaders).
	freeloaderOneIn uint32
}

// WeightedOperations returns the module's operations with their weights.
func WeightedOperations(appParams simtypes.AppParams, env simutil.Env, k *keeper.Keeper) simulation.WeightedOperations {
	o := ops{
		env: env, k: k, queries: keeper.NewQueryServerImpl(k), keys: simutil.NewNodeKeys(),
		freeloaderOneIn: freeloaderOneIn(appParams),
	}
	return simulation.WeightedOperations{
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgRegisterNode, DefaultWeightMsgRegisterNode), o.registerNode),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgContribute, DefaultWeightMsgContribute), o.contribute),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgWithdrawContribution, DefaultWeightMsgWithdraw), o.withdraw),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgRequestUnlock, DefaultWeightMsgRequestUnlock), o.requestUnlock),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgClaimRewards, DefaultWeightMsgClaimRewards), o.claimRewards),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgUptimeProof, DefaultWeightMsgUptimeProof), o.uptimeProof),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgNodeStateVote, DefaultWeightMsgNodeStateVote), o.nodeStateVote),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgSetBeneficiary, DefaultWeightMsgSetBeneficiary), o.setBeneficiary),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgUpdateReservations, DefaultWeightMsgUpdateReservations), o.updateReservations),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgChangeFee, DefaultWeightMsgChangeFee), o.changeFee),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgRotateNodeKey, DefaultWeightMsgRotateNodeKey), o.rotateNodeKey),
	}
}

// nodesWithStatus returns the nodes in the given statuses, in key order.
func nodesWithStatus(ctx sdk.Context, k *keeper.Keeper, statuses ...types.NodeStatus) ([]types.Node, error) {
	var out []types.Node
	for _, status := range statuses {
		it, err := k.Staking.Nodes.Indexes.Status.MatchExact(ctx, int32(status))
		if err != nil {
			return nil, err
		}
		keys, err := it.PrimaryKeys()
		if err != nil {
			return nil, err
		}
		for _, key := range keys {
			node, err := k.Staking.Nodes.Get(ctx, key)
			if err != nil {
				return nil, err
			}
			out = append(out, node)
		}
	}
	return out, nil
}

// contributions returns a node's contributors and their contributions.
func (o ops) contributions(ctx sdk.Context, pubkey string) ([]sdk.AccAddress, []types.Contribution, error) {
	var addrs []sdk.AccAddress
	var cs []types.Contribution
	err := o.k.Staking.Contributions.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](pubkey),
		func(key collections.Pair[string, sdk.AccAddress], c types.Contribution) (bool, error) {
			addrs = append(addrs, key.K2())
			cs = append(cs, c)
			return false, nil
		})
	return addrs, cs, err
}

func pubkeyBytes(pubkey string) []byte {
	bz, err := hex.DecodeString(pubkey)
	if err != nil {
		panic("node keys in state are hex: " + err.Error())
	}
	return bz
}

// registerNode registers a node with a key nobody used, staked by an
// operator who can afford it: now and then the full requirement, so the
// node is active at once; sometimes with spots reserved for others.
func (o ops) registerNode(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRegisterNode{}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	minimum := params.MinOperatorStake()
	operator, spendable, ok := o.env.AccountWithBalance(r, ctx, accs, minimum.MulRaw(10).QuoRaw(9))
	if !ok {
		return o.env.NoOp(msg, "no account can stake the operator minimum %s", minimum)
	}
	var key ed25519.PrivateKey
	for range keyAttempts {
		candidate := simutil.NodeKey(r.Intn(simutil.NodeKeyCount))
		used, err := o.k.Staking.UsedPubkeys.Has(ctx, simutil.PubkeyHex(candidate))
		if err != nil {
			return o.env.Fail(msg, err)
		}
		if !used {
			key = candidate
			break
		}
	}
	if key == nil {
		return o.env.NoOp(msg, "no unused node key found")
	}
	affordable := spendable.MulRaw(9).QuoRaw(10) // what leaves room for the fee
	stake := simutil.IntBetween(r, minimum, math.MinInt(params.StakingRequirement, affordable))
	if r.Intn(fullStakeOneIn) == 0 && params.StakingRequirement.LTE(affordable) {
		stake = params.StakingRequirement
	}
	msg.Operator = operator.Address.String()
	msg.FeeBps = uint32(r.Intn(types.BasisPoints + 1)) //nolint:gosec // 0 to 10000
	msg.Stake = sdk.NewCoin(types.Denom, stake)
	msg.Reserved = reservedSpots(r, accs, operator, stake, params)
	signBytes, err := types.RegistrationSignBytes(chainID, msg.Operator, msg.FeeBps, msg.Reserved)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	msg.Pubkey = simutil.Pubkey(key)
	msg.Signature = ed25519.Sign(key, signBytes)
	return o.env.Deliver(r, app, ctx, operator, msg, stake)
}

// reservedSpots reserves, one time in four, one or two spots for other
// accounts, each holding at least what a new contributor would have to
// stake at that point.
func reservedSpots(r *rand.Rand, accs []simtypes.Account, operator simtypes.Account, stake math.Int, params types.Params) []types.ReservedSpot {
	spots := []types.ReservedSpot{}
	if r.Intn(4) != 0 {
		return spots
	}
	open, slots := params.StakingRequirement.Sub(stake), uint32(1)
	taken := map[string]bool{operator.Address.String(): true}
	for range 1 + r.Intn(maxReservedSpots) {
		minimum, maximum, err := types.ContributionBounds(open, slots, params.MaxContributors)
		if err != nil {
			break
		}
		acc, _ := simtypes.RandomAcc(r, accs)
		if taken[acc.Address.String()] {
			break
		}
		taken[acc.Address.String()] = true
		amount := simutil.IntBetween(r, minimum, math.MinInt(maximum, minimum.MulRaw(2)))
		spots = append(spots, types.ReservedSpot{Address: acc.Address.String(), Amount: amount})
		open, slots = open.Sub(amount), slots+1
	}
	return spots
}

// contribute stakes into a node awaiting contributions, between the bounds
// the node allows the contributor now: a reserved spot's holder, a
// contributor adding more, or a new one. A third of the time it fills the
// node.
func (o ops) contribute(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgContribute{}
	awaiting, err := nodesWithStatus(ctx, o.k, types.NODE_STATUS_AWAITING)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(awaiting) == 0 {
		return o.env.NoOp(msg, "no node awaits contributions")
	}
	node := simutil.Pick(r, awaiting)
	from, _ := simtypes.RandomAcc(r, accs)
	// A reserved spot's holder fills it half of the time.
	var reserved []simtypes.Account
	err = o.k.Staking.Reserved.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](node.Pubkey),
		func(key collections.Pair[string, sdk.AccAddress], _ math.Int) (bool, error) {
			if acc, ok := simtypes.FindAccount(accs, key.K2()); ok {
				reserved = append(reserved, acc)
			}
			return false, nil
		})
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(reserved) > 0 && r.Intn(2) == 0 {
		from = simutil.Pick(r, reserved)
	}
	bounds, err := o.queries.NextContribution(ctx, &types.QueryNextContributionRequest{Pubkey: node.Pubkey, Address: from.Address.String()})
	if err != nil {
		return o.env.NoOp(msg, "node %s takes no contribution from %s: %s", node.Pubkey, from.Address, err)
	}
	if bounds.Maximum.LT(bounds.Minimum) {
		// Governance lowered the requirement below what the node holds
		// staked and reserved: the reserved spot cannot be filled.
		return o.env.NoOp(msg, "node %s takes %s to %s from %s", node.Pubkey, bounds.Minimum, bounds.Maximum, from.Address)
	}
	affordable := o.env.Spendable(ctx, from.Address).MulRaw(9).QuoRaw(10) // what leaves room for the fee
	if affordable.LT(bounds.Minimum) {
		return o.env.NoOp(msg, "%s cannot afford the minimum %s", from.Address, bounds.Minimum)
	}
	amount := simutil.IntBetween(r, bounds.Minimum, math.MinInt(bounds.Maximum, affordable))
	if r.Intn(3) == 0 && bounds.Maximum.LTE(affordable) {
		amount = bounds.Maximum
	}
	msg.Contributor = from.Address.String()
	msg.Pubkey = pubkeyBytes(node.Pubkey)
	msg.Amount = sdk.NewCoin(types.Denom, amount)
	return o.env.Deliver(r, app, ctx, from, msg, amount)
}

// withdraw takes back a contribution to a node awaiting contributions once
// withdraw_delay has passed since it was made; the operator withdrawing
// cancels the node.
func (o ops) withdraw(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgWithdrawContribution{}
	awaiting, err := nodesWithStatus(ctx, o.k, types.NODE_STATUS_AWAITING)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(awaiting) == 0 {
		return o.env.NoOp(msg, "no node awaits contributions")
	}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	node := simutil.Pick(r, awaiting)
	addrs, cs, err := o.contributions(ctx, node.Pubkey)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	var due []simtypes.Account
	for i, addr := range addrs {
		acc, ok := simtypes.FindAccount(accs, addr)
		if ok && !ctx.BlockTime().Before(cs[i].LastContributedAt.Add(params.WithdrawDelay)) {
			due = append(due, acc)
		}
	}
	if len(due) == 0 {
		return o.env.NoOp(msg, "no contribution to node %s may be withdrawn yet", node.Pubkey)
	}
	from := simutil.Pick(r, due)
	msg.Contributor = from.Address.String()
	msg.Pubkey = pubkeyBytes(node.Pubkey)
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}

// requestUnlock starts the exit of an active node, asked by its operator or
// by a contributor allowed to: one holding at least small_contributor_bps
// of the stake, or any once small_contributor_lock has passed.
func (o ops) requestUnlock(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRequestUnlock{}
	active, err := nodesWithStatus(ctx, o.k, types.NODE_STATUS_ACTIVE)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	// A node whose proof is overdue cannot unlock.
	active = slices.DeleteFunc(active, func(n types.Node) bool {
		return o.k.Liveness.CheckUnlock(ctx, n.Pubkey) != nil
	})
	if len(active) == 0 {
		return o.env.NoOp(msg, "no active node that may unlock")
	}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	node := simutil.Pick(r, active)
	addrs, cs, err := o.contributions(ctx, node.Pubkey)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	locked := node.ActivatedAt != nil && ctx.BlockTime().Before(node.ActivatedAt.Add(params.SmallContributorLock))
	var allowed []simtypes.Account
	for i, addr := range addrs {
		acc, ok := simtypes.FindAccount(accs, addr)
		if !ok {
			continue
		}
		small := cs[i].Amount.MulRaw(types.BasisPoints).LT(node.TotalStaked.MulRaw(int64(params.SmallContributorBps)))
		if addr.String() == node.Operator || !small || !locked {
			allowed = append(allowed, acc)
		}
	}
	if len(allowed) == 0 {
		return o.env.NoOp(msg, "nobody may unlock node %s yet", node.Pubkey)
	}
	from := simutil.Pick(r, allowed)
	msg.Requester = from.Address.String()
	msg.Pubkey = pubkeyBytes(node.Pubkey)
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}

// claimRewards pays an account what it earned, picked among the
// contributors of a node or at random, now and then to another account.
func (o ops) claimRewards(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgClaimRewards{}
	from, _ := simtypes.RandomAcc(r, accs)
	if nodes, err := nodesWithStatus(ctx, o.k, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED); err == nil && len(nodes) > 0 && r.Intn(4) > 0 {
		addrs, _, err := o.contributions(ctx, simutil.Pick(r, nodes).Pubkey)
		if err != nil {
			return o.env.Fail(msg, err)
		}
		if acc, ok := simtypes.FindAccount(accs, simutil.Pick(r, addrs)); ok {
			from = acc
		}
	}
	rewards, err := o.queries.Rewards(ctx, &types.QueryRewardsRequest{Address: from.Address.String()})
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if !rewards.Claimable.Add(rewards.Pending).IsPositive() {
		return o.env.NoOp(msg, "%s has no rewards", from.Address)
	}
	msg.Claimant = from.Address.String()
	msg.Recipient = claimRecipient(r, accs)
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}
