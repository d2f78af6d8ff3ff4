package keeper_test

import (
	"context"

	"cosmossdk.io/core/store"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// The fakes are the shared ones of testutil/keepertest (exact stand-ins
// for x/auth's module accounts, x/bank and x/rewardpool, their state in
// stores of their own so that a discarded cache context undoes it), under
// the names these tests use.

type (
	headerService     = keepertest.HeaderService
	fakeAccountKeeper = keepertest.AccountKeeper
)

var newFakeAccountKeeper = keepertest.NewAccountKeeper

// fakeBank is keepertest's Bank.
type fakeBank struct{ *keepertest.Bank }

var _ types.BankKeeper = fakeBank{}

func newFakeBank(storeService store.KVStoreService, ak fakeAccountKeeper) *fakeBank {
	return &fakeBank{keepertest.NewBank(storeService, ak)}
}

// mint credits coins out of thin air; tests use it to fund accounts.
func (b *fakeBank) mint(ctx context.Context, addr sdk.AccAddress, amt sdk.Coins) {
	b.Mint(ctx, addr, amt)
}

// all returns every non-zero balance, keyed by address and denom.
func (b *fakeBank) all(ctx context.Context) map[string]string { return b.All(ctx) }

// fakePool is keepertest's Pool.
type fakePool struct{ *keepertest.Pool }

var _ types.RewardPool = fakePool{}

func newFakePool(storeService store.KVStoreService, bank *fakeBank) *fakePool {
	return &fakePool{keepertest.NewPool(storeService, bank.Bank)}
}

// inflow returns the total a source has paid into the pool.
func (p *fakePool) inflow(ctx context.Context, source string) math.Int { return p.Inflow(ctx, source) }

// all returns every source's total.
func (p *fakePool) all(ctx context.Context) map[string]string { return p.All(ctx) }
