package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func TestInitGenesisNewChain(t *testing.T) {
	tests := []struct {
		name        string
		pool        math.Int
		wantInflows []types.SourceAmount
	}{
		{"funded pool", sesh(40_000_000), []types.SourceAmount{{Source: types.SourceGenesis, Amount: sesh(40_000_000)}}},
		{"empty pool", math.ZeroInt(), []types.SourceAmount{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withPool(tc.pool))

			exported, err := f.k.ExportGenesis(f.ctx)

			require.NoError(t, err)
			require.Equal(t, tc.wantInflows, exported.Inflows)
			require.Equal(t, types.DefaultParams(), exported.Params)
			require.NotNil(t, exported.EmissionState)
			require.Equal(t, uint64(1), exported.EmissionState.Day)
			require.Equal(t, genesisTime, exported.EmissionState.DayStart)
			require.True(t, exported.EmissionState.DayStartBalance.Equal(tc.pool))
			require.True(t, exported.TotalEmitted.IsZero())
			require.True(t, exported.TotalRetained.IsZero())
			require.NoError(t, exported.Validate())
			require.NoError(t, f.k.CheckConservation(f.ctx))
		})
	}
}

// TestGenesisRoundTrip exports a running chain, starts a second chain from
// the export, and runs both on the same blocks: they stay identical.
func TestGenesisRoundTrip(t *testing.T) {
	// Arrange: a chain two and a half days in, funded on the way.
	src := newFixture(t)
	depositor := testAddr(1)
	src.bank.Mint(src.ctx, depositor, nsesh(sesh(100)))
	for _, at := range everyInterval(time.Hour, 2*day+12*time.Hour) {
		src.runBlock(at)
	}
	require.NoError(t, src.k.FundFromAccount(src.ctx, depositor, sesh(100), types.SourceFund))
	exported, err := src.k.ExportGenesis(src.ctx)
	require.NoError(t, err)

	// Act: a new chain from the export, holding the same pool.
	dst := newFixture(t, withPool(src.balance()), withGenesis(exported))
	reExported, err := dst.k.ExportGenesis(dst.ctx)
	require.NoError(t, err)

	// Assert
	require.Equal(t, exported, reExported)
	require.Empty(t, dst.genesis.started, "an existing chain resumes its day, it does not start one")
	require.NoError(t, dst.k.CheckConservation(dst.ctx))
	for _, at := range everyInterval(17*time.Minute, 3*day)[1:] {
		at = at.Add(2*day + 12*time.Hour)
		require.Equal(t, src.runBlock(at), dst.runBlock(at))
	}
	srcState, err := src.k.ExportGenesis(src.ctx)
	require.NoError(t, err)
	dstState, err := dst.k.ExportGenesis(dst.ctx)
	require.NoError(t, err)
	require.Equal(t, srcState, dstState)
	require.True(t, src.balance().Equal(dst.balance()))
}

func TestInitGenesisRejects(t *testing.T) {
	state := types.EmissionState{
		Day: 3, DayStart: genesisTime, DayEnd: genesisTime.Add(day),
		DayStartBalance: sesh(1), DayReward: math.NewInt(10), DayEmitted: math.NewInt(4),
	}
	tests := []struct {
		name    string
		change  func(gs *types.GenesisState)
		wantErr error
	}{
		{"bad params", func(gs *types.GenesisState) { gs.Params.MaxCatchupDays = 0 }, types.ErrInvalidParams},
		{"negative total emitted", func(gs *types.GenesisState) {
			gs.EmissionState, gs.TotalEmitted = &state, math.NewInt(-1)
		}, types.ErrInvalidGenesis},
		{"totals without emission state", func(gs *types.GenesisState) { gs.TotalRetained = math.OneInt() }, types.ErrInvalidGenesis},
		{"inflow source listed twice", func(gs *types.GenesisState) {
			gs.EmissionState = &state
			gs.Inflows = []types.SourceAmount{{Source: "pro", Amount: math.OneInt()}, {Source: "pro", Amount: math.OneInt()}}
		}, types.ErrInvalidGenesis},
		{"day emitted beyond reward", func(gs *types.GenesisState) {
			s := state
			s.DayEmitted = math.NewInt(11)
			gs.EmissionState = &s
		}, types.ErrInvalidGenesis},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			f.runBlock(genesisTime.Add(time.Hour))
			gs := types.DefaultGenesis()
			tc.change(gs)
			before := f.snapshot()
			f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())

			// Act
			err := f.k.InitGenesis(f.ctx, gs)

			// Assert
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.ctx.EventManager().Events())
		})
	}
}
