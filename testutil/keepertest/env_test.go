package keepertest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/core/header"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func TestMain(m *testing.M) { keepertest.Main(m) }

const testStore = "module"

var (
	alice = keepertest.Addr(1)
	bob   = keepertest.Addr(2)
)

// newEnv is a chain on which alice holds 100.
func newEnv(t *testing.T, opts ...keepertest.Option) *keepertest.Env {
	t.Helper()
	return keepertest.NewEnv(t, testStore, append([]keepertest.Option{
		keepertest.WithModuleAccounts(rewardpooltypes.PoolAccount, "minter"),
		keepertest.WithFunded(math.NewInt(100), alice),
	}, opts...)...)
}

// write sets key in the module's store and emits an event, as a handler does.
func write(ctx context.Context, e *keepertest.Env, key string) error {
	if err := e.StoreService(testStore).OpenKVStore(ctx).Set([]byte(key), []byte("v")); err != nil {
		return err
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&rewardpooltypes.EventPoolFunded{
		Source: key, Funder: alice.String(), Amount: math.OneInt(),
	})
}

func TestNewEnv(t *testing.T) {
	e := newEnv(t)
	require.Equal(t, header.Info{Height: 1, Time: keepertest.GenesisTime}, e.Ctx.HeaderInfo())
	require.Equal(t, "100", e.Balance(e.Ctx, alice).String())
	require.Equal(t, "100", e.Bank.GetSupply(e.Ctx, keepertest.Denom).Amount.String())
	require.Empty(t, e.Ctx.EventManager().Events())
	require.Regexp(t, "^session1", e.Authority)
	require.Regexp(t, "^session1", alice.String(), "Main sets the chain's prefix")
	require.Nil(t, e.Accounts.GetModuleAddress("unknown"))

	at := header.Info{Height: 7, Time: time.Unix(42, 0).UTC(), ChainID: "c"}
	require.Equal(t, at, keepertest.NewEnv(t, testStore, keepertest.WithHeader(at)).Ctx.HeaderInfo())
	require.Panics(t, func() { e.StoreService("other") })
	require.Panics(t, func() { e.TransientStoreService("other") })
	require.NotPanics(t, func() {
		keepertest.NewEnv(t, testStore, keepertest.WithTransientStore("t")).TransientStoreService("t")
	})
}

func TestDeliverCommitsOnSuccess(t *testing.T) {
	e := newEnv(t)
	err := keepertest.Deliver(e.Ctx, func(ctx context.Context) error {
		if err := write(ctx, e, "a"); err != nil {
			return err
		}
		return e.Bank.SendCoins(ctx, alice, bob, sdk.NewCoins(sdk.NewInt64Coin(keepertest.Denom, 30)))
	})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"61": "76"}, e.Store(e.Ctx, testStore))
	require.Equal(t, "30", e.Balance(e.Ctx, bob).String())
	require.Len(t, keepertest.EventsOf[*rewardpooltypes.EventPoolFunded](t, e.Ctx), 1)
}

func TestDeliverDiscardsOnError(t *testing.T) {
	e := newEnv(t)
	before := e.State(e.Ctx)
	failure := errors.New("handler failed")
	err := keepertest.Deliver(e.Ctx, func(ctx context.Context) error {
		if err := write(ctx, e, "a"); err != nil {
			return err
		}
		if err := e.Bank.SendCoins(ctx, alice, bob, sdk.NewCoins(sdk.NewInt64Coin(keepertest.Denom, 30))); err != nil {
			return err
		}
		return failure
	})
	keepertest.RequireRejected(t, err, failure, before, e.State(e.Ctx))
	require.Empty(t, e.Ctx.EventManager().Events(), "a rejected Msg's events are dropped")
	require.Equal(t, "0", e.Balance(e.Ctx, bob).String())
}

func TestStateSeesEveryStore(t *testing.T) {
	e := newEnv(t)
	before := e.State(e.Ctx)
	require.Contains(t, before, testStore)
	require.NotEmpty(t, before["fakebank"], "the funded balance")

	e.Fund(e.Ctx, bob, math.OneInt())
	require.NotEqual(t, before, e.State(e.Ctx), "a balance changed")

	before = e.State(e.Ctx)
	require.NoError(t, write(e.Ctx, e, "k"))
	require.NotEqual(t, before, e.State(e.Ctx), "the module's store changed")
}

func TestNextBlock(t *testing.T) {
	first := header.Info{Height: 3, Time: keepertest.GenesisTime, ChainID: "c", Hash: []byte{1}, AppHash: []byte{2}}
	e := keepertest.NewEnv(t, testStore, keepertest.WithHeader(first))
	require.NoError(t, write(e.Ctx, e, "a"))

	next := keepertest.NextBlock(e.Ctx, time.Hour)
	require.Equal(t, header.Info{Height: 4, Time: keepertest.GenesisTime.Add(time.Hour), ChainID: "c"}, next.HeaderInfo())
	require.Empty(t, next.EventManager().Events())
	require.Len(t, keepertest.Events(t, e.Ctx), 1, "the earlier block keeps its events")

	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	require.Equal(t, header.Info{Height: 5, Time: at, ChainID: "c"}, keepertest.AtTime(next, at).HeaderInfo())
	require.Empty(t, keepertest.ClearEvents(e.Ctx).EventManager().Events())
}

func TestEventsOfFilters(t *testing.T) {
	e := newEnv(t)
	require.NoError(t, write(e.Ctx, e, "a"))
	require.NoError(t, e.Ctx.EventManager().EmitTypedEvent(&rewardpooltypes.EventDayStarted{}))
	require.Len(t, keepertest.Events(t, e.Ctx), 2)
	funded := keepertest.EventsOf[*rewardpooltypes.EventPoolFunded](t, e.Ctx)
	require.Len(t, funded, 1)
	require.Equal(t, "a", funded[0].Source)
}

func TestRequireBlockFailsOnPanicOrError(t *testing.T) {
	for name, run := range map[string]func() error{
		"error": func() error { return errors.New("failed") },
		"panic": func() error { panic("overflow") },
	} {
		probe := &testing.T{}
		done := make(chan struct{})
		go func() { // a failed require ends its goroutine
			defer close(done)
			keepertest.RequireBlock(probe, run)
		}()
		<-done
		require.True(t, probe.Failed(), name)
	}
	keepertest.RequireBlock(t, func() error { return nil })
}
