package simulation_test

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/simulation"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
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

// TestRandomParamsAreValid draws the params governance proposals carry,
// around requirements from one nsesh up.
func TestRandomParamsAreValid(t *testing.T) {
	for seed := range int64(500) {
		r := rand.New(rand.NewSource(seed))
		requirement := math.NewInt(r.Int63n(1_000_000_000_000))
		require.NoError(t, simulation.RandomParams(r, requirement).Validate(), "seed %d", seed)
	}
}
