package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/blocktime"
	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// contrib is a contribution with its owner.
type contrib struct {
	addr sdk.AccAddress
	types.Contribution
}

func stakesOf(cs []contrib) []math.Int {
	out := make([]math.Int, len(cs))
	for i, c := range cs {
		out[i] = c.Amount
	}
	return out
}

// now returns the block time.
func (k Keeper) now(ctx context.Context) time.Time {
	return blocktime.Now(ctx, k.headerService)
}

// saveNode writes a node read with status was. When the status is still
// was, the node's entry in the status index stands as it is, and the record
// is written alone: Nodes.Set would read the stored record back and decode
// it to learn the old status, a tenth of what an uptime proof allocates.
// A status change goes through Nodes.Set, which moves the index entry.
func (k Keeper) saveNode(ctx context.Context, was types.NodeStatus, node types.Node) error {
	if node.Status != was {
		return k.Nodes.Set(ctx, node.Pubkey, node)
	}
	return k.nodeRecords.Set(ctx, node.Pubkey, node)
}

// getNode loads a node or returns ErrNodeNotFound.
func (k Keeper) getNode(ctx context.Context, pubkey string) (types.Node, error) {
	node, err := k.Nodes.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return node, errorsmod.Wrapf(types.ErrNodeNotFound, "no node with key %s", pubkey)
	}
	return node, err
}

// nodeContributions returns a node's contributions, the operator's first
// and the others in address order.
func (k Keeper) nodeContributions(ctx context.Context, node types.Node) ([]contrib, error) {
	operator, err := k.addressCodec.StringToBytes(node.Operator)
	if err != nil {
		return nil, err
	}
	out := make([]contrib, 1, node.Contributors)
	it, err := k.Contributions.Iterate(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](node.Pubkey))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		kv, err := it.KeyValue()
		if err != nil {
			return nil, err
		}
		c := contrib{addr: kv.Key.K2(), Contribution: kv.Value}
		if c.addr.Equals(sdk.AccAddress(operator)) {
			out[0] = c
		} else {
			out = append(out, c)
		}
	}
	if out[0].addr == nil {
		return nil, errorsmod.Wrapf(types.ErrNotContributor, "node %s has no operator contribution", node.Pubkey)
	}
	return out, nil
}

// openSpace returns what is left of the requirement for unreserved
// contributors, the spots in use, and the unfilled reservations.
func (k Keeper) openSpace(ctx context.Context, node types.Node, params types.Params) (open math.Int, slots uint32, reserved map[string]math.Int, err error) {
	reserved = map[string]math.Int{}
	reservedSum := math.ZeroInt()
	if node.ReservedSpots == 0 {
		// Most nodes have none: no iterator (a store seek, about 20 µs
		// in a busy block).
		return params.StakingRequirement.Sub(node.TotalStaked), node.Contributors, reserved, nil
	}
	err = k.Reserved.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](node.Pubkey),
		func(key collections.Pair[string, sdk.AccAddress], amount math.Int) (bool, error) {
			reserved[string(key.K2())] = amount
			reservedSum = reservedSum.Add(amount)
			return false, nil
		})
	if err != nil {
		return math.Int{}, 0, nil, err
	}
	open = params.StakingRequirement.Sub(node.TotalStaked).Sub(reservedSum)
	// #nosec G115 -- at most max_contributors reservations exist.
	return open, node.Contributors + uint32(len(reserved)), reserved, nil
}

// countReserved counts a node's unfilled reserved spots in the store.
func (k Keeper) countReserved(ctx context.Context, pubkey string) (uint32, error) {
	var n uint32
	err := k.Reserved.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](pubkey),
		func(collections.Pair[string, sdk.AccAddress], math.Int) (bool, error) {
			n++
			return false, nil
		})
	return n, err
}

// activate makes a fully staked node earn from this block on.
func (k Keeper) activate(ctx context.Context, node *types.Node) error {
	st, err := k.Rewards.Get(ctx)
	if err != nil {
		return err
	}
	params, err := k.getParams(ctx)
	if err != nil {
		return err
	}
	now := k.now(ctx)
	node.Status = types.NODE_STATUS_ACTIVE
	node.ActivatedAt = &now
	if err := k.startLiveness(ctx, node, params); err != nil {
		return err
	}
	// The snapshot comes before the carry is spread: a node activating when
	// none earned receives the carry left by the last one to leave.
	node.RewardIndex = st.RewardIndex
	st.EarningNodes++
	st.SpreadCarry()
	if err := k.Rewards.Set(ctx, st); err != nil {
		return err
	}
	return k.eventService.EventManager(ctx).Emit(ctx, &types.EventNodeActivated{Pubkey: node.Pubkey})
}

// stopEarning settles an earning node and takes it out of the equal split;
// the carry is spread over the nodes that still earn.
func (k Keeper) stopEarning(ctx context.Context, node *types.Node) error {
	if !node.Earning() {
		return nil
	}
	st, err := k.Rewards.Get(ctx)
	if err != nil {
		return err
	}
	settle(node, st)
	if st.EarningNodes == 0 {
		return errors.New("earning node count would go below zero")
	}
	st.EarningNodes--
	st.SpreadCarry()
	return k.Rewards.Set(ctx, st)
}

// addStaked moves the total staked counter by delta.
func (k Keeper) addStaked(ctx context.Context, delta math.Int) error {
	total, err := k.TotalStaked.Get(ctx)
	if err != nil {
		return err
	}
	return k.TotalStaked.Set(ctx, total.Add(delta))
}

// removeNode deletes a node with its contributions and reservations.
func (k Keeper) removeNode(ctx context.Context, node types.Node) error {
	rng := collections.NewPrefixedPairRange[string, sdk.AccAddress](node.Pubkey)
	keys, err := k.Contributions.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	contribKeys, err := keys.Keys()
	if err != nil {
		return err
	}
	for _, key := range contribKeys {
		if err := k.Contributions.Remove(ctx, key); err != nil {
			return err
		}
	}
	if err := colls.RemoveRange(ctx, k.Reserved, rng); err != nil {
		return err
	}
	if err := colls.RemoveRange(ctx, k.RewardsTaken, rng); err != nil {
		return err
	}
	return k.Nodes.Remove(ctx, node.Pubkey)
}

// refund sends amount from the module back to addr.
func (k Keeper) refund(ctx context.Context, addr sdk.AccAddress, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	return k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, sdk.NewCoins(sdk.NewCoin(types.Denom, amount)))
}
