package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// totals returns an address's lifetime counters as the query shows them.
func (f *fixture) totals(addr sdk.AccAddress) types.AddressTotals {
	f.t.Helper()
	res, err := f.queries.AddressTotals(f.ctx, &types.QueryAddressTotalsRequest{Address: addr.String()})
	require.NoError(f.t, err)
	return res.Totals
}

// counted builds the totals the counters should hold.
func counted(claimed, returned, penalties math.Int) types.AddressTotals {
	return types.AddressTotals{RewardsClaimed: claimed, StakesReturned: returned, PenaltiesPaid: penalties}
}

func TestAddressTotalsCountClaimsReturnedStakesAndPenalties(t *testing.T) {
	f := newFixture(t)
	zero := math.ZeroInt()
	operator, contributor := testAddr(1), testAddr(2)
	awaitingOp, leaver := testAddr(3), testAddr(4)
	f.newNode(nodeKey(1), 1_000, stake{operator, sesh(6_250)}, stake{contributor, sesh(18_750)})
	require.NoError(t, f.register(awaitingOp, nodeKey(2), sesh(6_250), 0))
	_, err := f.contribute(leaver, nodeKey(2), sesh(3_000))
	require.NoError(t, err)
	require.Equal(t, counted(zero, zero, zero), f.totals(contributor), "an address never counted is all zero")

	// A claim: 2,000,000 earned, fee 200,000, then 450,000 and 1,350,000.
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(2_000_000)))
	f.endBlock()
	claimed, err := f.claim(contributor)
	require.NoError(t, err)
	require.Equal(t, "1350000", claimed.String())
	require.Equal(t, counted(claimed, zero, zero), f.totals(contributor))

	// A withdrawal before activation, then the operator's cancellation.
	f.nextBlock(day)
	require.NoError(t, f.withdraw(leaver, nodeKey(2)))
	require.Equal(t, counted(zero, sesh(3_000), zero), f.totals(leaver))
	require.NoError(t, f.withdraw(awaitingOp, nodeKey(2)))
	require.Equal(t, counted(zero, sesh(6_250), zero), f.totals(awaitingOp))
	f.endBlock()

	// A deregistration: 30 days later the stakes return, the operator's
	// less 0.2% of 25,000 SESH.
	require.NoError(t, f.deregister(nodeKey(1)))
	f.nextBlock(30 * day)
	f.endBlock()
	require.False(t, f.hasNode(nodeKey(1)))
	penalty := sesh(50)
	require.Equal(t, counted(zero, sesh(6_250).Sub(penalty), penalty), f.totals(operator))
	require.Equal(t, counted(claimed, sesh(18_750), zero), f.totals(contributor))

	// The credited rewards, claimed after the exit, count too.
	more, err := f.claim(operator)
	require.NoError(t, err)
	require.Equal(t, "650000", more.String())
	require.Equal(t, counted(more, sesh(6_250).Sub(penalty), penalty), f.totals(operator))
	f.checkConservation()

	res, err := f.queries.AddressTotals(f.ctx, &types.QueryAddressTotalsRequest{Address: operator.String()})
	require.NoError(t, err)
	require.Equal(t, types.TotalsStart{Height: 1, Time: genesisTime, ClaimedBefore: zero}, res.Since, "counted from genesis")
}

func TestAddressTotalsSurviveGenesisExport(t *testing.T) {
	f := newFixture(t)
	f.newNode(nodeKey(1), 0, stake{testAddr(1), sesh(6_250)}, stake{testAddr(2), sesh(18_750)})
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(4_000_001)))
	f.endBlock()
	_, err := f.claim(testAddr(2))
	require.NoError(t, err)
	require.NoError(t, f.unlock(testAddr(1), nodeKey(1)))
	f.nextBlock(types.DefaultUnlockDelay)
	f.endBlock()

	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, exported.AddressTotals, 2)
	require.NotNil(t, exported.TotalsStart)
	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))

	for _, addr := range []sdk.AccAddress{testAddr(1), testAddr(2)} {
		require.Equal(t, f.totals(addr), g.totals(addr))
	}
	require.Equal(t, f.snapshot().Genesis, g.snapshot().Genesis)
	g.checkConservation()
}

func TestConservationChecksTheClaimedCounters(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(1_000)))
	f.endBlock()
	_, err := f.claim(testAddr(1))
	require.NoError(t, err)
	f.checkConservation()

	// A counter that disagrees with total_claimed breaks the invariant.
	require.NoError(t, f.k.Totals.AddClaimed(f.ctx, testAddr(2), math.OneInt()))

	err = f.k.CheckConservation(f.ctx, f.balance(moduleAddr))
	require.ErrorContains(t, err, "counters hold 1001 claimed")
}

func TestMigrate5to6StartsTheCountersAtZero(t *testing.T) {
	// Arrange: claims before the upgrade, which no counter holds.
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(7_777)))
	f.endBlock()
	_, err := f.claim(testAddr(1))
	require.NoError(t, err)
	require.NoError(t, f.k.Totals.ByAddress.Clear(f.ctx, nil), "version 5 had no counters")
	f.nextBlock(day)

	// Act
	require.NoError(t, keeper.NewMigrator(f.k).Migrate5to6(f.ctx))

	// Assert
	res, err := f.queries.AddressTotals(f.ctx, &types.QueryAddressTotalsRequest{Address: testAddr(1).String()})
	require.NoError(t, err)
	require.True(t, res.Totals.RewardsClaimed.IsZero())
	require.Equal(t, f.height, res.Since.Height)
	require.True(t, f.now().Equal(res.Since.Time))
	require.Equal(t, "7777", res.Since.ClaimedBefore.String())
	f.checkConservation()
}

func TestAddressTotalsRejectsBadInput(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name    string
		req     *types.QueryAddressTotalsRequest
		wantErr error
	}{
		{"no request", nil, types.ErrInvalidRequest},
		{"empty address", &types.QueryAddressTotalsRequest{}, types.ErrInvalidAddress},
		{"not bech32", &types.QueryAddressTotalsRequest{Address: "session1nope"}, types.ErrInvalidAddress},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = f.queries.AddressTotals(f.ctx, tc.req) })
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, codes.InvalidArgument, status.Code(err))
		})
	}
}

func TestGenesisValidatesAddressTotals(t *testing.T) {
	one := math.OneInt()
	rec := func(addr string, claimed int64) types.AddressTotalsRecord {
		return types.AddressTotalsRecord{Address: addr, Totals: counted(math.NewInt(claimed), one, one)}
	}
	a, b := testAddr(1).String(), testAddr(2).String()
	start := &types.TotalsStart{Height: 5, Time: genesisTime, ClaimedBefore: math.NewInt(10)}
	for _, tc := range []struct {
		name    string
		change  func(*types.GenesisState)
		wantErr bool
	}{
		{"counters match the claimed total", func(gs *types.GenesisState) {
			gs.TotalClaimed, gs.TotalsStart = math.NewInt(15), start
			gs.AddressTotals = []types.AddressTotalsRecord{rec(a, 2), rec(b, 3)}
		}, false},
		{"claims before a new genesis are not counted", func(gs *types.GenesisState) {
			gs.TotalClaimed = math.NewInt(15)
		}, false},
		{"counters above the claimed total", func(gs *types.GenesisState) {
			gs.TotalClaimed, gs.TotalsStart = math.NewInt(15), start
			gs.AddressTotals = []types.AddressTotalsRecord{rec(a, 6)}
		}, true},
		{"counted claims without a start", func(gs *types.GenesisState) {
			gs.TotalClaimed = math.NewInt(15)
			gs.AddressTotals = []types.AddressTotalsRecord{rec(a, 5)}
		}, true},
		{"address listed twice", func(gs *types.GenesisState) {
			gs.AddressTotals = []types.AddressTotalsRecord{rec(a, 0), rec(a, 0)}
		}, true},
		{"bad address", func(gs *types.GenesisState) {
			gs.AddressTotals = []types.AddressTotalsRecord{rec("session1nope", 0)}
		}, true},
		{"negative counter", func(gs *types.GenesisState) {
			r := rec(a, 0)
			r.Totals.PenaltiesPaid = math.NewInt(-1)
			gs.AddressTotals = []types.AddressTotalsRecord{r}
		}, true},
		{"unset counter", func(gs *types.GenesisState) {
			gs.AddressTotals = []types.AddressTotalsRecord{{Address: a}}
		}, true},
		{"claimed before above the total", func(gs *types.GenesisState) {
			gs.TotalsStart = start
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gs := types.DefaultGenesis()
			tc.change(gs)
			err := gs.Validate()
			if tc.wantErr {
				require.ErrorIs(t, err, types.ErrInvalidGenesis)
			} else {
				require.NoError(t, err)
			}
		})
	}
}
