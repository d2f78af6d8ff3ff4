package staking

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// InitNode loads a genesis node with its contributions and reservations;
// its key counts as used, a leaving node joins the exit queue and one with
// a pending fee change the fee change queue.
func (k *Keeper) InitNode(ctx context.Context, node types.Node, contribs []types.ContributionRecord, reserved []types.ReservedSpot) error {
	if err := k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return err
	}
	if err := k.UsedPubkeys.Set(ctx, node.Pubkey); err != nil {
		return err
	}
	if node.SigningKey != "" {
		if err := k.UsedPubkeys.Set(ctx, node.SigningKey); err != nil {
			return err
		}
		if err := k.SigningKeys.Set(ctx, node.SigningKey, node.Pubkey); err != nil {
			return err
		}
	}
	for _, c := range contribs {
		addr, err := k.env.AddressCodec.StringToBytes(c.Address)
		if err != nil {
			return err
		}
		if err := k.Contributions.Set(ctx, ContribKey(node.Pubkey, addr), c.Contribution); err != nil {
			return err
		}
	}
	for _, r := range reserved {
		addr, err := k.env.AddressCodec.StringToBytes(r.Address)
		if err != nil {
			return err
		}
		if err := k.Reserved.Set(ctx, ContribKey(node.Pubkey, addr), r.Amount); err != nil {
			return err
		}
	}
	if node.FeeChangeAt != nil {
		if err := k.FeeChangeQueue.Set(ctx, env.QueueKey(*node.FeeChangeAt, node.Pubkey)); err != nil {
			return err
		}
	}
	if node.ExitTime != nil {
		return k.ExitQueue.Set(ctx, env.QueueKey(*node.ExitTime, node.Pubkey))
	}
	return nil
}

// ReservedSpots returns a node's unfilled reserved spots, in address order.
func (k *Keeper) ReservedSpots(ctx context.Context, pubkey string) ([]types.ReservedSpot, error) {
	out := []types.ReservedSpot{}
	err := k.Reserved.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](pubkey),
		func(key collections.Pair[string, sdk.AccAddress], amount math.Int) (bool, error) {
			s, err := k.env.AddressCodec.BytesToString(key.K2())
			out = append(out, types.ReservedSpot{Address: s, Amount: amount})
			return false, err
		})
	return out, err
}
