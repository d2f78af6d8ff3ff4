package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// InitGenesis loads the module state. The exit queue, the liveness queues,
// the earning-node count and the total staked are derived from the nodes.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	// Stakes are sent to the module account's address directly: the account
	// must exist.
	k.accountKeeper.GetModuleAccount(ctx, types.ModuleName)
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	earning := uint64(0)
	staked := math.ZeroInt()
	for _, rec := range gs.Nodes {
		node := rec.Node
		// The count follows the reservations the record lists.
		// #nosec G115 -- Validate bounds them by the contributor limit.
		node.ReservedSpots = uint32(len(rec.Reserved))
		if err := k.Staking.InitNode(ctx, node, rec.Contributions, rec.Reserved); err != nil {
			return err
		}
		for _, c := range rec.Contributions {
			addr, err := k.env.AddressCodec.StringToBytes(c.Address)
			if err != nil {
				return err
			}
			if err := k.Rewards.SetTaken(ctx, node.Pubkey, addr, c.RewardsTaken); err != nil {
				return err
			}
		}
		if err := k.Liveness.InitNode(ctx, node, rec.Liveness, gs.Params, len(gs.ActiveOrder) > 0); err != nil {
			return err
		}
		if node.Earning() {
			earning++
		}
		staked = staked.Add(node.TotalStaked)
	}
	for _, key := range gs.UsedPubkeys {
		if err := k.Staking.UsedPubkeys.Set(ctx, key); err != nil {
			return err
		}
	}
	for _, n := range gs.RemovedNodes {
		if err := k.Staking.RemovedNodes.Set(ctx, n.Pubkey, n); err != nil {
			return err
		}
	}
	if err := k.Staking.TotalStaked.Set(ctx, staked); err != nil {
		return err
	}
	if err := k.Liveness.InitGenesis(ctx, gs); err != nil {
		return err
	}
	for _, c := range gs.Claimable {
		addr, err := k.env.AddressCodec.StringToBytes(c.Address)
		if err != nil {
			return err
		}
		if err := k.Rewards.Claimable.Set(ctx, addr, c.Amount); err != nil {
			return err
		}
	}
	if err := k.Rewards.TotalClaimed.Set(ctx, gs.TotalClaimed); err != nil {
		return err
	}
	if err := k.Totals.InitGenesis(ctx, gs); err != nil {
		return err
	}
	return k.Rewards.State.Set(ctx, types.RewardState{
		RewardIndex:   gs.RewardIndex,
		Carry:         gs.Carry,
		EarningNodes:  earning,
		TotalReceived: gs.TotalReceived,
	})
}

// ExportGenesis returns the module state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, Nodes: []types.NodeRecord{}, Claimable: []types.Claimable{}}
	err = k.Staking.Nodes.Walk(ctx, nil, func(_ string, node types.Node) (bool, error) {
		rec, err := k.nodeRecord(ctx, node)
		gs.Nodes = append(gs.Nodes, rec)
		return false, err
	})
	if err != nil {
		return nil, err
	}
	err = k.Rewards.Claimable.Walk(ctx, nil, func(addr sdk.AccAddress, amount math.Int) (bool, error) {
		s, err := k.env.AddressCodec.BytesToString(addr)
		gs.Claimable = append(gs.Claimable, types.Claimable{Address: s, Amount: amount})
		return false, err
	})
	if err != nil {
		return nil, err
	}
	st, err := k.Rewards.State.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs.RewardIndex, gs.Carry, gs.TotalReceived = st.RewardIndex, st.Carry, st.TotalReceived
	// Keys of the nodes listed, their IDs and current signing keys, are used
	// by definition; export the others.
	err = k.Staking.UsedPubkeys.Walk(ctx, nil, func(key string) (bool, error) {
		has, err := k.Staking.Nodes.Has(ctx, key)
		if err == nil && !has {
			has, err = k.Staking.SigningKeys.Has(ctx, key)
		}
		if err == nil && !has {
			gs.UsedPubkeys = append(gs.UsedPubkeys, key)
		}
		return false, err
	})
	if err != nil {
		return nil, err
	}
	err = k.Staking.RemovedNodes.Walk(ctx, nil, func(_ string, n types.RemovedNode) (bool, error) {
		gs.RemovedNodes = append(gs.RemovedNodes, n)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if gs.TotalClaimed, err = k.Rewards.TotalClaimed.Get(ctx); err != nil {
		return nil, err
	}
	if err := k.Liveness.ExportGenesis(ctx, gs); err != nil {
		return nil, err
	}
	if err := k.Totals.ExportGenesis(ctx, gs); err != nil {
		return nil, err
	}
	return gs, nil
}

// nodeRecord returns a node with its contributions (operator first, each
// with what it took of the node's rewards), its unfilled reservations and
// its liveness record.
func (k Keeper) nodeRecord(ctx context.Context, node types.Node) (types.NodeRecord, error) {
	rec := types.NodeRecord{Node: node, Contributions: []types.ContributionRecord{}, Reserved: []types.ReservedSpot{}}
	contribs, err := k.Staking.NodeContributions(ctx, node)
	if err != nil {
		return rec, err
	}
	for _, c := range contribs {
		s, err := k.env.AddressCodec.BytesToString(c.Addr)
		if err != nil {
			return rec, err
		}
		taken, err := k.Rewards.TakenBy(ctx, node.Pubkey, c.Addr)
		if err != nil {
			return rec, err
		}
		rec.Contributions = append(rec.Contributions, types.ContributionRecord{Address: s, Contribution: c.Contribution, RewardsTaken: taken})
	}
	if rec.Reserved, err = k.Staking.ReservedSpots(ctx, node.Pubkey); err != nil {
		return rec, err
	}
	live, has, err := k.Liveness.Record(ctx, node.Pubkey)
	if err != nil {
		return rec, err
	}
	if has {
		rec.Liveness = &live
	}
	return rec, nil
}
