package keeper_test

import (
	"context"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// fakeRewardPool is keepertest's Pool; DayRewardNow answers dayReward.
type fakeRewardPool struct {
	*keepertest.Pool
	dayReward math.Int
}

var _ types.RewardPool = (*fakeRewardPool)(nil)

func (p *fakeRewardPool) DayRewardNow(context.Context) (math.Int, error) {
	return p.dayReward, nil
}
