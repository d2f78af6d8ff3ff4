package types_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func TestGenesisValidate(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	running := func(change func(gs *types.GenesisState, s *types.EmissionState)) *types.GenesisState {
		s := types.EmissionState{
			Day: 4, DayStart: start, DayEnd: start.Add(24 * time.Hour),
			DayStartBalance: math.NewInt(1_000_000), DayReward: math.NewInt(413), DayEmitted: math.NewInt(100),
		}
		gs := types.DefaultGenesis()
		gs.EmissionState = &s
		gs.Inflows = []types.SourceAmount{{Source: types.SourceGenesis, Amount: math.NewInt(1_000_000)}}
		gs.TotalEmitted = math.NewInt(500)
		gs.TotalRetained = math.NewInt(30)
		change(gs, &s)
		return gs
	}
	fresh := func(change func(gs *types.GenesisState)) *types.GenesisState {
		gs := types.DefaultGenesis()
		change(gs)
		return gs
	}
	tests := []struct {
		name    string
		gs      *types.GenesisState
		wantErr error
	}{
		{"default", types.DefaultGenesis(), nil},
		{"running chain", running(func(*types.GenesisState, *types.EmissionState) {}), nil},
		{"day fully emitted", running(func(_ *types.GenesisState, s *types.EmissionState) { s.DayEmitted = s.DayReward }), nil},
		{"zero inflow recorded", running(func(gs *types.GenesisState, _ *types.EmissionState) {
			gs.Inflows = append(gs.Inflows, types.SourceAmount{Source: types.SourcePro, Amount: math.ZeroInt()})
		}), nil},
		{"bad params", fresh(func(gs *types.GenesisState) { gs.Params.AnnualRate = math.LegacyOneDec() }), types.ErrInvalidParams},
		{"nil total emitted", fresh(func(gs *types.GenesisState) { gs.TotalEmitted = math.Int{} }), types.ErrInvalidGenesis},
		{"negative total emitted", running(func(gs *types.GenesisState, _ *types.EmissionState) { gs.TotalEmitted = math.NewInt(-1) }), types.ErrInvalidGenesis},
		{"nil total retained", fresh(func(gs *types.GenesisState) { gs.TotalRetained = math.Int{} }), types.ErrInvalidGenesis},
		{"negative total retained", running(func(gs *types.GenesisState, _ *types.EmissionState) { gs.TotalRetained = math.NewInt(-1) }), types.ErrInvalidGenesis},
		{"new chain with inflows", fresh(func(gs *types.GenesisState) {
			gs.Inflows = []types.SourceAmount{{Source: types.SourceGenesis, Amount: math.OneInt()}}
		}), types.ErrInvalidGenesis},
		{"new chain with emitted total", fresh(func(gs *types.GenesisState) { gs.TotalEmitted = math.OneInt() }), types.ErrInvalidGenesis},
		{"new chain with retained total", fresh(func(gs *types.GenesisState) { gs.TotalRetained = math.OneInt() }), types.ErrInvalidGenesis},
		{"inflow source invalid", running(func(gs *types.GenesisState, _ *types.EmissionState) {
			gs.Inflows[0].Source = "Genesis"
		}), types.ErrInvalidGenesis},
		{"inflow source twice", running(func(gs *types.GenesisState, _ *types.EmissionState) {
			gs.Inflows = append(gs.Inflows, gs.Inflows[0])
		}), types.ErrInvalidGenesis},
		{"inflow negative", running(func(gs *types.GenesisState, _ *types.EmissionState) { gs.Inflows[0].Amount = math.NewInt(-1) }), types.ErrInvalidGenesis},
		{"inflow nil", running(func(gs *types.GenesisState, _ *types.EmissionState) { gs.Inflows[0].Amount = math.Int{} }), types.ErrInvalidGenesis},
		{"day 0", running(func(_ *types.GenesisState, s *types.EmissionState) { s.Day = 0 }), types.ErrInvalidGenesis},
		{"day ends when it starts", running(func(_ *types.GenesisState, s *types.EmissionState) { s.DayEnd = s.DayStart }), types.ErrInvalidGenesis},
		{"day ends before it starts", running(func(_ *types.GenesisState, s *types.EmissionState) { s.DayEnd = s.DayStart.Add(-time.Second) }), types.ErrInvalidGenesis},
		{"negative start balance", running(func(_ *types.GenesisState, s *types.EmissionState) { s.DayStartBalance = math.NewInt(-1) }), types.ErrInvalidGenesis},
		{"nil day reward", running(func(_ *types.GenesisState, s *types.EmissionState) { s.DayReward = math.Int{} }), types.ErrInvalidGenesis},
		{"negative day emitted", running(func(_ *types.GenesisState, s *types.EmissionState) { s.DayEmitted = math.NewInt(-1) }), types.ErrInvalidGenesis},
		{"day emitted beyond reward", running(func(_ *types.GenesisState, s *types.EmissionState) { s.DayEmitted = s.DayReward.AddRaw(1) }), types.ErrInvalidGenesis},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.gs.Validate()

			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}

func TestValidateSource(t *testing.T) {
	tests := []struct {
		source string
		valid  bool
	}{
		{types.SourceGenesis, true},
		{types.SourceFund, true},
		{types.SourcePro, true},
		{types.SourceNames, true},
		{types.SourcePenalty, true},
		{"a", true},
		{"node_penalty_2", true},
		{strings.Repeat("z", 32), true},
		{"", false},
		{strings.Repeat("z", 33), false},
		{"Pro", false},
		{"node-penalty", false},
		{"pro ", false},
		{"é", false},
	}
	for _, tc := range tests {
		t.Run(tc.source, func(t *testing.T) {
			err := types.ValidateSource(tc.source)

			if tc.valid {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidSource)
		})
	}
}
