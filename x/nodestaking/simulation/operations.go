package simulation

import (
	"context"
	"crypto/ed25519"
	"math/rand"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Operation weights: the name a simsx.WeightSource reads (a simulation
// params file sets it under "op_weight_" and the name, as simsx's
// ParamWeightSource prefixes it), and the default. Uptime proofs are the
// most frequent, as on the network, where every node sends one an hour.
const (
	WeightMsgRegisterNode         = "msg_register_node"
	WeightMsgContribute           = "msg_contribute"
	WeightMsgWithdrawContribution = "msg_withdraw_contribution"
	WeightMsgRequestUnlock        = "msg_request_unlock"
	WeightMsgClaimRewards         = "msg_claim_rewards"
	WeightMsgUptimeProof          = "msg_uptime_proof"
	WeightMsgNodeStateVote        = "msg_node_state_vote"
	DefaultWeightMsgRegisterNode  = 60
	DefaultWeightMsgContribute    = 100
	DefaultWeightMsgWithdraw      = 25
	DefaultWeightMsgRequestUnlock = 20
	DefaultWeightMsgClaimRewards  = 60
	DefaultWeightMsgUptimeProof   = 150
	DefaultWeightMsgNodeStateVote = 80
)

const (
	// maxReservedSpots is the most spots a registration reserves.
	maxReservedSpots = 2
	// keyAttempts is how many random node keys a registration tries.
	keyAttempts = 10
	// payerAttempts is how many random accounts a search for one that can
	// pay tries.
	payerAttempts = 10
	// fullStakeOneIn: one registration in this many stakes the whole
	// requirement, when the operator can.
	fullStakeOneIn = 4
	// dissentOneIn: one vote in this many disagrees with its quorum.
	dissentOneIn = 10
	// deregisterOneIn: one quorum in this many votes to deregister.
	deregisterOneIn = 5
)

// factories builds the module's message factories: they read the keeper's
// state and sign proofs, votes and rotations with the simulation's node
// keys.
type factories struct {
	k       *keeper.Keeper
	queries types.QueryServer
	keys    simutil.NodeKeys
	// freeloaderOneIn is FreeloaderOneIn's value (0: no freeloaders).
	freeloaderOneIn uint32
}

// WeightedOperationsX registers the module's message factories with their
// weights. The weight source also gives FreeloaderOneIn.
func WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry, k *keeper.Keeper) {
	f := factories{
		k: k, queries: keeper.NewQueryServerImpl(k), keys: simutil.NewNodeKeys(),
		freeloaderOneIn: freeloaderOneIn(weights),
	}
	reg.Add(weights.Get(WeightMsgRegisterNode, DefaultWeightMsgRegisterNode), simsx.SimMsgFactoryFn[*types.MsgRegisterNode](f.registerNode))
	reg.Add(weights.Get(WeightMsgContribute, DefaultWeightMsgContribute), simsx.SimMsgFactoryFn[*types.MsgContribute](f.contribute))
	reg.Add(weights.Get(WeightMsgWithdrawContribution, DefaultWeightMsgWithdraw), simsx.SimMsgFactoryFn[*types.MsgWithdrawContribution](f.withdraw))
	reg.Add(weights.Get(WeightMsgRequestUnlock, DefaultWeightMsgRequestUnlock), simsx.SimMsgFactoryFn[*types.MsgRequestUnlock](f.requestUnlock))
	reg.Add(weights.Get(WeightMsgClaimRewards, DefaultWeightMsgClaimRewards), simsx.SimMsgFactoryFn[*types.MsgClaimRewards](f.claimRewards))
	reg.Add(weights.Get(WeightMsgUptimeProof, DefaultWeightMsgUptimeProof), simsx.SimMsgFactoryFn[*types.MsgUptimeProof](f.uptimeProof))
	reg.Add(weights.Get(WeightMsgNodeStateVote, DefaultWeightMsgNodeStateVote), simsx.SimMsgFactoryFn[*types.MsgNodeStateVote](f.nodeStateVote))
	reg.Add(weights.Get(WeightMsgSetBeneficiary, DefaultWeightMsgSetBeneficiary), simsx.SimMsgFactoryFn[*types.MsgSetBeneficiary](f.setBeneficiary))
	reg.Add(weights.Get(WeightMsgUpdateReservations, DefaultWeightMsgUpdateReservations),
		simsx.SimMsgFactoryFn[*types.MsgUpdateReservations](f.updateReservations))
	reg.Add(weights.Get(WeightMsgChangeFee, DefaultWeightMsgChangeFee), simsx.SimMsgFactoryFn[*types.MsgChangeFee](f.changeFee))
	reg.Add(weights.Get(WeightMsgRotateNodeKey, DefaultWeightMsgRotateNodeKey), simsx.SimMsgFactoryFn[*types.MsgRotateNodeKey](f.rotateNodeKey))
}

// registerNode registers a node with a key nobody used, staked by an
// operator who can afford it: now and then the full requirement, so the
// node is active at once; sometimes with spots reserved for others.
func (f factories) registerNode(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgRegisterNode) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	params, err := f.k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return nil, nil
	}
	minimum := params.MinOperatorStake()
	operator, ok := accountWithBalance(testData, reporter, minimum.MulRaw(10).QuoRaw(9))
	if !ok {
		reporter.Skipf("no account can stake the operator minimum %s", minimum)
		return nil, nil
	}
	key, err := f.unusedNodeKey(ctx, r)
	if err != nil {
		reporter.Fail(err, "reading the used node keys")
		return nil, nil
	}
	if key == nil {
		reporter.Skip("no unused node key found")
		return nil, nil
	}
	affordable := spendable(&operator).MulRaw(9).QuoRaw(10) // what leaves room for the fee
	stake := simutil.IntBetween(r, minimum, math.MinInt(params.StakingRequirement, affordable))
	if r.Intn(fullStakeOneIn) == 0 && params.StakingRequirement.LTE(affordable) {
		stake = params.StakingRequirement
	}
	msg := &types.MsgRegisterNode{
		Operator: operator.AddressBech32,
		FeeBps:   uint32(r.Intn(types.BasisPoints + 1)), //nolint:gosec // 0 to 10000
		Stake:    sdk.NewCoin(types.Denom, stake),
		Reserved: reservedSpots(testData, reporter, operator, stake, params),
	}
	signBytes, err := types.RegistrationSignBytes(ctx.ChainID(), msg.Operator, msg.FeeBps, msg.Reserved)
	if err != nil {
		reporter.Fail(err, "building the registration sign bytes")
		return nil, nil
	}
	msg.Pubkey = simutil.Pubkey(key)
	msg.Signature = ed25519.Sign(key, signBytes)
	if !reserve(&operator, stake) {
		reporter.Skipf("%s cannot stake %s", operator.AddressBech32, stake)
		return nil, nil
	}
	return []simsx.SimAccount{operator}, msg
}

// reservedSpots reserves, one time in four, one or two spots for other
// accounts, each holding at least what a new contributor would have to
// stake at that point.
func reservedSpots(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, operator simsx.SimAccount, stake math.Int, params types.Params,
) []types.ReservedSpot {
	r := testData.Rand().Rand
	spots := []types.ReservedSpot{}
	if r.Intn(4) != 0 {
		return spots
	}
	open, slots := params.StakingRequirement.Sub(stake), uint32(1)
	taken := map[string]bool{operator.AddressBech32: true}
	for range 1 + r.Intn(maxReservedSpots) {
		minimum, maximum, err := types.ContributionBounds(open, slots, params.MaxContributors)
		if err != nil {
			break
		}
		acc := testData.AnyAccount(reporter)
		if taken[acc.AddressBech32] {
			break
		}
		taken[acc.AddressBech32] = true
		amount := simutil.IntBetween(r, minimum, math.MinInt(maximum, minimum.MulRaw(2)))
		spots = append(spots, types.ReservedSpot{Address: acc.AddressBech32, Amount: amount})
		open, slots = open.Sub(amount), slots+1
	}
	return spots
}

// unusedNodeKey draws up to keyAttempts simulation node keys and returns
// the first that no node used (nil when all were).
func (f factories) unusedNodeKey(ctx sdk.Context, r *rand.Rand) (ed25519.PrivateKey, error) {
	for range keyAttempts {
		candidate := simutil.NodeKey(r.Intn(simutil.NodeKeyCount))
		used, err := f.k.Staking.UsedPubkeys.Has(ctx, simutil.PubkeyHex(candidate))
		if err != nil {
			return nil, err
		}
		if !used {
			return candidate, nil
		}
	}
	return nil, nil
}

// contribute stakes into a node awaiting contributions, between the bounds
// the node allows the contributor now: a reserved spot's holder, a
// contributor adding more, or a new one. A third of the time it fills the
// node.
func (f factories) contribute(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgContribute) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	awaiting, err := nodesWithStatus(ctx, f.k, types.NODE_STATUS_AWAITING)
	if err != nil {
		reporter.Fail(err, "reading the nodes awaiting contributions")
		return nil, nil
	}
	if len(awaiting) == 0 {
		reporter.Skip("no node awaits contributions")
		return nil, nil
	}
	node := simutil.Pick(r, awaiting)
	from := testData.AnyAccount(reporter)
	// A reserved spot's holder fills it half of the time.
	var reserved []simsx.SimAccount
	err = f.k.Staking.Reserved.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](node.Pubkey),
		func(key collections.Pair[string, sdk.AccAddress], _ math.Int) (bool, error) {
			if acc, ok := account(testData, reporter, key.K2().String()); ok {
				reserved = append(reserved, acc)
			}
			return false, nil
		})
	if err != nil {
		reporter.Fail(err, "reading the reserved spots")
		return nil, nil
	}
	if len(reserved) > 0 && r.Intn(2) == 0 {
		from = simutil.Pick(r, reserved)
	}
	bounds, err := f.queries.NextContribution(ctx, &types.QueryNextContributionRequest{Pubkey: node.Pubkey, Address: from.AddressBech32})
	if err != nil {
		reporter.Skipf("node %s takes no contribution from %s: %s", node.Pubkey, from.AddressBech32, err)
		return nil, nil
	}
	if bounds.Maximum.LT(bounds.Minimum) {
		// Governance lowered the requirement below what the node holds
		// staked and reserved: the reserved spot cannot be filled.
		reporter.Skipf("node %s takes %s to %s from %s", node.Pubkey, bounds.Minimum, bounds.Maximum, from.AddressBech32)
		return nil, nil
	}
	affordable := spendable(&from).MulRaw(9).QuoRaw(10) // what leaves room for the fee
	if affordable.LT(bounds.Minimum) {
		reporter.Skipf("%s cannot afford the minimum %s", from.AddressBech32, bounds.Minimum)
		return nil, nil
	}
	amount := simutil.IntBetween(r, bounds.Minimum, math.MinInt(bounds.Maximum, affordable))
	if r.Intn(3) == 0 && bounds.Maximum.LTE(affordable) {
		amount = bounds.Maximum
	}
	if !reserve(&from, amount) {
		reporter.Skipf("%s cannot stake %s", from.AddressBech32, amount)
		return nil, nil
	}
	msg := &types.MsgContribute{Contributor: from.AddressBech32, Pubkey: pubkeyBytes(node.Pubkey), Amount: sdk.NewCoin(types.Denom, amount)}
	return []simsx.SimAccount{from}, msg
}
