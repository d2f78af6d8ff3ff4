package simulation_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/pro/simulation"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// TestRandomizedGenStateIsValid generates the random genesis for many seeds:
// each must pass the module's own genesis validation.
func TestRandomizedGenStateIsValid(t *testing.T) {
	for seed := range int64(200) {
		simState := simutil.NewSimulationState(seed)
		simulation.RandomizedGenState(simState)
		var gs types.GenesisState
		simState.Cdc.MustUnmarshalJSON(simState.GenState[types.ModuleName], &gs)
		require.NoError(t, gs.Validate(), "seed %d", seed)
	}
}

// TestRandomParamsAreValid draws the params governance proposals carry.
func TestRandomParamsAreValid(t *testing.T) {
	for seed := range int64(500) {
		simState := simutil.NewSimulationState(seed)
		params := simulation.RandomParams(simState.Rand, simState.Accounts, types.DefaultPlans())
		require.NoError(t, params.Validate(), "seed %d", seed)
	}
}
