package keeper_test

import (
	"context"

	"cosmossdk.io/core/store"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// The fakes are the shared ones of testutil/keepertest (exact stand-ins
// for x/auth's module accounts, x/bank and x/rewardpool, their state in
// stores of their own so that a discarded cache context undoes it: EndBlock
// runs each exit in one), under the names these tests use.

type headerService = keepertest.HeaderService

// fakeAccountKeeper knows the module accounts of the test chain: this
// module's and the reward pool's.
func fakeAccountKeeper() keepertest.AccountKeeper {
	return keepertest.NewAccountKeeper(types.ModuleName, rewardpooltypes.PoolAccount)
}

// fakeBank is keepertest's Bank, read and funded in nsesh.
type fakeBank struct{ *keepertest.Bank }

var _ types.BankKeeper = fakeBank{}

// mint credits nsesh out of thin air: funding test accounts, and the
// reward pool's emission.
func (b *fakeBank) mint(ctx context.Context, addr sdk.AccAddress, amount math.Int) {
	b.Mint(ctx, addr, sdk.NewCoins(sdk.NewCoin(types.Denom, amount)))
}

// fakeRewardPool is keepertest's Pool; DayRewardNow answers dayReward.
type fakeRewardPool struct {
	*keepertest.Pool
	dayReward math.Int
}

var _ types.RewardPool = (*fakeRewardPool)(nil)

// inflow returns what the pool has received from source.
func (p *fakeRewardPool) inflow(ctx context.Context, source string) math.Int {
	return p.Inflow(ctx, source)
}

func (p *fakeRewardPool) DayRewardNow(context.Context) (math.Int, error) {
	return p.dayReward, nil
}

// newFakes builds the fake bank and reward pool on stores of their own. The
// bank refuses module sends to the pool's account, as x/bank refuses them to
// the app's module accounts.
func newFakes(bankStore, poolStore store.KVStoreService) (*fakeBank, *fakeRewardPool) {
	bank := keepertest.NewBank(bankStore, fakeAccountKeeper(), keepertest.WithBlockedModules(rewardpooltypes.PoolAccount))
	return &fakeBank{bank}, &fakeRewardPool{Pool: keepertest.NewPool(poolStore, bank), dayReward: math.ZeroInt()}
}
