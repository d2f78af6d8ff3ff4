package simulation_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/simulation"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
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
