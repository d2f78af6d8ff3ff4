package staking

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/rewards"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Contrib is a contribution with its owner.
type Contrib struct {
	Addr sdk.AccAddress
	types.Contribution
}

// stakesOf returns the contributions as the reward component takes them.
func (k *Keeper) stakesOf(cs []Contrib) ([]rewards.Stake, error) {
	out := make([]rewards.Stake, len(cs))
	for i, c := range cs {
		out[i] = rewards.Stake{Addr: c.Addr, Amount: c.Amount}
		if c.Beneficiary == "" {
			continue
		}
		b, err := k.address("beneficiary", c.Beneficiary)
		if err != nil {
			return nil, err
		}
		out[i].Beneficiary = b
	}
	return out, nil
}

// ContribKey is a contribution's key: (node, contributor).
func ContribKey(pubkey string, addr sdk.AccAddress) collections.Pair[string, sdk.AccAddress] {
	return collections.Join(pubkey, addr)
}

// GetNode loads a node or returns ErrNodeNotFound.
func (k *Keeper) GetNode(ctx context.Context, pubkey string) (types.Node, error) {
	node, err := k.Nodes.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return node, errorsmod.Wrapf(types.ErrNodeNotFound, "no node with key %s", pubkey)
	}
	return node, err
}

// contributionOf loads addr's contribution to a node or returns ErrNotContributor.
func (k *Keeper) contributionOf(ctx context.Context, pubkey string, addr sdk.AccAddress) (types.Contribution, error) {
	c, err := k.Contributions.Get(ctx, ContribKey(pubkey, addr))
	if errors.Is(err, collections.ErrNotFound) {
		return c, errorsmod.Wrapf(types.ErrNotContributor, "%s has no stake in node %s", addr, pubkey)
	}
	return c, err
}

// NodeContributions returns a node's contributions, the operator's first
// and the others in address order.
func (k *Keeper) NodeContributions(ctx context.Context, node types.Node) ([]Contrib, error) {
	operator, err := k.env.AddressCodec.StringToBytes(node.Operator)
	if err != nil {
		return nil, err
	}
	out := make([]Contrib, 1, node.Contributors)
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
		c := Contrib{Addr: kv.Key.K2(), Contribution: kv.Value}
		if c.Addr.Equals(sdk.AccAddress(operator)) {
			out[0] = c
		} else {
			out = append(out, c)
		}
	}
	if out[0].Addr == nil {
		return nil, errorsmod.Wrapf(types.ErrNotContributor, "node %s has no operator contribution", node.Pubkey)
	}
	return out, nil
}

// StakesOf returns an address's stakes in its nodes, with the nodes, as
// claims and the reward queries take them.
func (k *Keeper) StakesOf(ctx context.Context, addr sdk.AccAddress) ([]rewards.NodeStake, error) {
	addrStr, err := k.env.AddressCodec.BytesToString(addr)
	if err != nil {
		return nil, err
	}
	it, err := k.Contributions.Indexes.ByContributor.MatchExact(ctx, addr)
	if err != nil {
		return nil, err
	}
	keys, err := it.PrimaryKeys()
	if err != nil {
		return nil, err
	}
	out := make([]rewards.NodeStake, 0, len(keys))
	for _, key := range keys {
		node, err := k.Nodes.Get(ctx, key.K1())
		if err != nil {
			return nil, err
		}
		c, err := k.Contributions.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		s := rewards.NodeStake{Node: node, Amount: c.Amount, Operator: node.Operator == addrStr}
		if c.Beneficiary != "" {
			if s.Beneficiary, err = k.address("beneficiary", c.Beneficiary); err != nil {
				return nil, err
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// OpenSpace returns what is left of the requirement for unreserved
// contributors, the spots in use, and the unfilled reservations.
func (k *Keeper) OpenSpace(ctx context.Context, node types.Node, params types.Params) (open math.Int, slots uint32, reserved map[string]math.Int, err error) {
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

// CountReserved counts a node's unfilled reserved spots in the store.
func (k *Keeper) CountReserved(ctx context.Context, pubkey string) (uint32, error) {
	var n uint32
	err := k.Reserved.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](pubkey),
		func(collections.Pair[string, sdk.AccAddress], math.Int) (bool, error) {
			n++
			return false, nil
		})
	return n, err
}

// activate makes a fully staked node active: it earns from this block on
// and its liveness starts. The caller saves the node.
func (k *Keeper) activate(ctx context.Context, node *types.Node) error {
	now := k.env.Now(ctx)
	node.Status = types.NODE_STATUS_ACTIVE
	node.ActivatedAt = &now
	if err := k.liveness.Start(ctx, node.Pubkey); err != nil {
		return err
	}
	if err := k.rewards.StartEarning(ctx, node); err != nil {
		return err
	}
	return k.env.Emit(ctx, &types.EventNodeActivated{Pubkey: node.Pubkey})
}

// addStaked moves the total staked counter by delta.
func (k *Keeper) addStaked(ctx context.Context, delta math.Int) error {
	total, err := k.TotalStaked.Get(ctx)
	if err != nil {
		return err
	}
	return k.TotalStaked.Set(ctx, total.Add(delta))
}

// removeNode deletes a node with its contributions, reservations, what its
// contributors took of its rewards, and its liveness.
func (k *Keeper) removeNode(ctx context.Context, node types.Node) error {
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
	if err := k.rewards.Forget(ctx, node.Pubkey); err != nil {
		return err
	}
	if err := k.liveness.Forget(ctx, node.Pubkey); err != nil {
		return err
	}
	if node.SigningKey != "" {
		if err := k.SigningKeys.Remove(ctx, node.SigningKey); err != nil {
			return err
		}
	}
	return k.Nodes.Remove(ctx, node.Pubkey)
}

// refund sends a contribution's stake (amount) from the module to its
// beneficiary, or to its contributor when it names none, and counts it in
// the contributor's lifetime totals.
func (k *Keeper) refund(ctx context.Context, c Contrib, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	to, err := k.payee(c)
	if err != nil {
		return err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, sdk.NewCoins(sdk.NewCoin(types.Denom, amount))); err != nil {
		return err
	}
	// The contributor's stake came back, wherever it was sent.
	return k.totals.AddReturned(ctx, c.Addr, amount)
}

// address decodes a bech32 address of a message field.
func (k *Keeper) address(field, s string) (sdk.AccAddress, error) {
	bz, err := k.env.AddressCodec.StringToBytes(s)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q: %s", field, s, err)
	}
	return bz, nil
}
