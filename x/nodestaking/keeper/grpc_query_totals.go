package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// AddressTotals returns an address's lifetime counters and when they began.
func (q queryServer) AddressTotals(ctx context.Context, req *types.QueryAddressTotalsRequest) (*types.QueryAddressTotalsResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	addr, err := q.k.env.AddressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%q: %s", req.Address, err)
	}
	totals, err := q.k.Totals.Of(ctx, addr)
	if err != nil {
		return nil, err
	}
	since, err := q.k.Totals.Since(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryAddressTotalsResponse{Totals: totals, Since: since}, nil
}

// DailyRewards estimates an address's rewards per day at today's reward:
// today's pool reward split equally between the earning nodes (rounded
// down, as Stats shows it), and of each of the address's earning nodes its
// Entitlement, the share a claim pays (operator fee, then pro rata by
// stake, each rounded down).
func (q queryServer) DailyRewards(ctx context.Context, req *types.QueryDailyRewardsRequest) (*types.QueryDailyRewardsResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	addr, err := q.k.env.AddressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%q: %s", req.Address, err)
	}
	perNode, err := q.k.rewardPerNodePerDay(ctx)
	if err != nil {
		return nil, err
	}
	stakes, err := q.k.Staking.StakesOf(ctx, addr)
	if err != nil {
		return nil, err
	}
	resp := &types.QueryDailyRewardsResponse{PerDay: math.ZeroInt(), RewardPerNodePerDay: perNode, Nodes: []types.NodeDailyReward{}}
	for _, s := range stakes {
		if !s.Node.Earning() {
			continue
		}
		amount := types.Entitlement(perNode, s.Node.FeeBps, s.Amount, s.Node.TotalStaked, s.Operator)
		resp.Nodes = append(resp.Nodes, types.NodeDailyReward{Pubkey: s.Node.Pubkey, Amount: amount})
		resp.PerDay = resp.PerDay.Add(amount)
	}
	return resp, nil
}

// rewardPerNodePerDay is today's pool reward divided by the earning nodes,
// rounded down; zero when none earns.
func (k Keeper) rewardPerNodePerDay(ctx context.Context) (math.Int, error) {
	st, err := k.Rewards.State.Get(ctx)
	if err != nil || st.EarningNodes == 0 {
		return math.ZeroInt(), err
	}
	dayReward, err := k.rewardPool.DayRewardNow(ctx)
	if err != nil {
		return math.Int{}, err
	}
	return dayReward.Quo(math.NewIntFromUint64(st.EarningNodes)), nil
}
