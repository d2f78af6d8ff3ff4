package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// InitGenesis loads the module state. The exit queue, the earning-node
// count and the total staked are derived from the nodes.
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
	active := uint64(0)
	decommissioned := uint64(0)
	staked := math.ZeroInt()
	for _, rec := range gs.Nodes {
		node := rec.Node
		// The count follows the reservations the record lists.
		// #nosec G115 -- Validate bounds them by the contributor limit.
		node.ReservedSpots = uint32(len(rec.Reserved))
		if err := k.initLiveness(ctx, &node, gs.Params, len(gs.ActiveOrder) > 0); err != nil {
			return err
		}
		if err := k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
			return err
		}
		if err := k.UsedPubkeys.Set(ctx, node.Pubkey); err != nil {
			return err
		}
		for _, c := range rec.Contributions {
			addr, err := k.addressCodec.StringToBytes(c.Address)
			if err != nil {
				return err
			}
			if err := k.Contributions.Set(ctx, contribKey(node.Pubkey, addr), c.Contribution); err != nil {
				return err
			}
			if !c.RewardsTaken.IsNil() && c.RewardsTaken.IsPositive() {
				if err := k.RewardsTaken.Set(ctx, contribKey(node.Pubkey, addr), c.RewardsTaken); err != nil {
					return err
				}
			}
		}
		for _, r := range rec.Reserved {
			addr, err := k.addressCodec.StringToBytes(r.Address)
			if err != nil {
				return err
			}
			if err := k.Reserved.Set(ctx, contribKey(node.Pubkey, addr), r.Amount); err != nil {
				return err
			}
		}
		if node.ExitTime != nil {
			if err := k.ExitQueue.Set(ctx, queueKey(*node.ExitTime, node.Pubkey)); err != nil {
				return err
			}
		}
		if node.Earning() {
			active++
		}
		if node.Status == types.NODE_STATUS_DECOMMISSIONED {
			decommissioned++
		}
		staked = staked.Add(node.TotalStaked)
	}
	for _, c := range gs.Claimable {
		addr, err := k.addressCodec.StringToBytes(c.Address)
		if err != nil {
			return err
		}
		if err := k.Claimable.Set(ctx, addr, c.Amount); err != nil {
			return err
		}
	}
	for _, key := range gs.UsedPubkeys {
		if err := k.UsedPubkeys.Set(ctx, key); err != nil {
			return err
		}
	}
	if err := k.TotalClaimed.Set(ctx, gs.TotalClaimed); err != nil {
		return err
	}
	for _, pubkey := range gs.ActiveOrder {
		if err := k.addActive(ctx, pubkey); err != nil {
			return err
		}
	}
	for _, ps := range gs.PeriodSeeds {
		if err := k.PeriodSeeds.Set(ctx, ps.Period, ps.Seed); err != nil {
			return err
		}
	}
	for _, q := range gs.Quorums {
		if err := k.Quorums.Set(ctx, collections.Join(q.Period, q.Tested), q.Quorum); err != nil {
			return err
		}
	}
	for _, v := range gs.Votes {
		if err := k.Votes.Set(ctx, collections.Join3(v.Period, v.Tested, v.Voter), int32(v.State)); err != nil {
			return err
		}
	}
	if err := k.TotalStaked.Set(ctx, staked); err != nil {
		return err
	}
	if err := k.DecommissionedCount.Set(ctx, decommissioned); err != nil {
		return err
	}
	return k.Rewards.Set(ctx, types.RewardState{
		RewardIndex:   gs.RewardIndex,
		Carry:         gs.Carry,
		EarningNodes:  active,
		TotalReceived: gs.TotalReceived,
	})
}

// ExportGenesis returns the module state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.getParams(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, Nodes: []types.NodeRecord{}, Claimable: []types.Claimable{}}
	err = k.Nodes.Walk(ctx, nil, func(_ string, node types.Node) (bool, error) {
		rec, err := k.nodeRecord(ctx, node)
		gs.Nodes = append(gs.Nodes, rec)
		return false, err
	})
	if err != nil {
		return nil, err
	}
	err = k.Claimable.Walk(ctx, nil, func(addr sdk.AccAddress, amount math.Int) (bool, error) {
		s, err := k.addressCodec.BytesToString(addr)
		gs.Claimable = append(gs.Claimable, types.Claimable{Address: s, Amount: amount})
		return false, err
	})
	if err != nil {
		return nil, err
	}
	st, err := k.Rewards.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs.RewardIndex, gs.Carry, gs.TotalReceived = st.RewardIndex, st.Carry, st.TotalReceived
	// Keys of the nodes listed are used by definition; export the others.
	err = k.UsedPubkeys.Walk(ctx, nil, func(key string) (bool, error) {
		has, err := k.Nodes.Has(ctx, key)
		if err == nil && !has {
			gs.UsedPubkeys = append(gs.UsedPubkeys, key)
		}
		return false, err
	})
	if err != nil {
		return nil, err
	}
	if gs.TotalClaimed, err = k.TotalClaimed.Get(ctx); err != nil {
		return nil, err
	}
	if err := k.exportLiveness(ctx, gs); err != nil {
		return nil, err
	}
	return gs, nil
}

// nodeRecord returns a node with its contributions (operator first) and
// unfilled reservations.
func (k Keeper) nodeRecord(ctx context.Context, node types.Node) (types.NodeRecord, error) {
	rec := types.NodeRecord{Node: node, Contributions: []types.ContributionRecord{}, Reserved: []types.ReservedSpot{}}
	contribs, err := k.nodeContributions(ctx, node)
	if err != nil {
		return rec, err
	}
	for _, c := range contribs {
		s, err := k.addressCodec.BytesToString(c.addr)
		if err != nil {
			return rec, err
		}
		taken, err := k.taken(ctx, contribKey(node.Pubkey, c.addr))
		if err != nil {
			return rec, err
		}
		rec.Contributions = append(rec.Contributions, types.ContributionRecord{Address: s, Contribution: c.Contribution, RewardsTaken: taken})
	}
	err = k.Reserved.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](node.Pubkey),
		func(key collections.Pair[string, sdk.AccAddress], amount math.Int) (bool, error) {
			s, err := k.addressCodec.BytesToString(key.K2())
			rec.Reserved = append(rec.Reserved, types.ReservedSpot{Address: s, Amount: amount})
			return false, err
		})
	return rec, err
}

// initLiveness rebuilds a node's place in the liveness queues and the
// numbered active set. An active node without a proof time (written by
// add-node or by hand) starts its clock at its activation with the initial
// credit. Nodes are numbered in genesis order, which export keeps.
func (k Keeper) initLiveness(ctx context.Context, node *types.Node, params types.Params, ordered bool) error {
	switch node.Status {
	case types.NODE_STATUS_ACTIVE:
		if node.LastProofAt == nil {
			node.LastProofAt = node.ActivatedAt
		}
		if node.CreditAt == nil {
			node.Credit, node.CreditAt = params.InitialCredit, node.ActivatedAt
		}
		if err := k.ProofDeadlines.Set(ctx, queueKey(proofDeadline(*node, params), node.Pubkey)); err != nil {
			return err
		}
		if !ordered {
			return k.addActive(ctx, node.Pubkey)
		}
		return nil
	case types.NODE_STATUS_DECOMMISSIONED:
		return k.CreditRunsOut.Set(ctx, queueKey(creditRunsOut(*node), node.Pubkey))
	default:
		return nil
	}
}

// exportLiveness adds the numbered active set, period seeds, quorums and votes to gs.
func (k Keeper) exportLiveness(ctx context.Context, gs *types.GenesisState) error {
	if err := k.WalkActive(ctx, func(_ uint64, pubkey string) (bool, error) {
		gs.ActiveOrder = append(gs.ActiveOrder, pubkey)
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.PeriodSeeds.Walk(ctx, nil, func(period uint64, seed []byte) (bool, error) {
		gs.PeriodSeeds = append(gs.PeriodSeeds, types.PeriodSeed{Period: period, Seed: seed})
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.Quorums.Walk(ctx, nil, func(key collections.Pair[uint64, string], q types.Quorum) (bool, error) {
		gs.Quorums = append(gs.Quorums, types.QuorumRecord{Period: key.K1(), Tested: key.K2(), Quorum: q})
		return false, nil
	}); err != nil {
		return err
	}
	return k.Votes.Walk(ctx, nil, func(key collections.Triple[uint64, string, string], state int32) (bool, error) {
		gs.Votes = append(gs.Votes, types.NodeVote{Period: key.K1(), Tested: key.K2(), Voter: key.K3(), State: types.NodeState(state)})
		return false, nil
	})
}
