package simulation_test

import (
	"maps"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/simulation"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// registered runs register against an empty params file plus params and
// returns the weight of each message type it registered.
func registered(t *testing.T, params simtypes.AppParams, register func(simsx.WeightSource, simsx.Registry)) map[string]uint32 {
	t.Helper()
	reg := simsx.NewUnorderedRegistry()
	register(simsx.ParamWeightSource(params), reg)
	out := map[string]uint32{}
	for _, wf := range reg.Elements() {
		url := sdk.MsgTypeURL(wf.Factory.MsgType())
		require.NotContains(t, out, url, "registered twice")
		out[url] = wf.Weight
	}
	return out
}

// TestWeightedOperationsX checks that every operation is registered with
// its default weight, and that a params file's op_weight_ key overrides
// it, as it did for the legacy operations.
func TestWeightedOperationsX(t *testing.T) {
	register := func(w simsx.WeightSource, reg simsx.Registry) { simulation.WeightedOperationsX(w, reg, nil) }
	want := map[string]uint32{
		sdk.MsgTypeURL(&types.MsgRegisterNode{}):         simulation.DefaultWeightMsgRegisterNode,
		sdk.MsgTypeURL(&types.MsgContribute{}):           simulation.DefaultWeightMsgContribute,
		sdk.MsgTypeURL(&types.MsgWithdrawContribution{}): simulation.DefaultWeightMsgWithdraw,
		sdk.MsgTypeURL(&types.MsgRequestUnlock{}):        simulation.DefaultWeightMsgRequestUnlock,
		sdk.MsgTypeURL(&types.MsgClaimRewards{}):         simulation.DefaultWeightMsgClaimRewards,
		sdk.MsgTypeURL(&types.MsgUptimeProof{}):          simulation.DefaultWeightMsgUptimeProof,
		sdk.MsgTypeURL(&types.MsgNodeStateVote{}):        simulation.DefaultWeightMsgNodeStateVote,
		sdk.MsgTypeURL(&types.MsgSetBeneficiary{}):       simulation.DefaultWeightMsgSetBeneficiary,
		sdk.MsgTypeURL(&types.MsgUpdateReservations{}):   simulation.DefaultWeightMsgUpdateReservations,
		sdk.MsgTypeURL(&types.MsgChangeFee{}):            simulation.DefaultWeightMsgChangeFee,
		sdk.MsgTypeURL(&types.MsgRotateNodeKey{}):        simulation.DefaultWeightMsgRotateNodeKey,
	}
	require.Equal(t, want, registered(t, simtypes.AppParams{}, register))

	params := simtypes.AppParams{"op_weight_msg_uptime_proof": []byte("7"), "op_weight_msg_rotate_node_key": []byte("0")}
	got := registered(t, params, register)
	require.Equal(t, uint32(7), got[sdk.MsgTypeURL(&types.MsgUptimeProof{})])
	require.NotContains(t, got, sdk.MsgTypeURL(&types.MsgRotateNodeKey{}), "weight 0 turns an operation off")
}

// TestProposalMsgsX checks the governance proposals' weights and keys.
func TestProposalMsgsX(t *testing.T) {
	register := func(w simsx.WeightSource, reg simsx.Registry) { simulation.ProposalMsgsX(w, reg, nil) }
	require.Equal(t, map[string]uint32{
		sdk.MsgTypeURL(&types.MsgUpdateParams{}):   simulation.DefaultWeightMsgUpdateParams,
		sdk.MsgTypeURL(&types.MsgDeregisterNode{}): simulation.DefaultWeightMsgDeregisterNode,
	}, registered(t, simtypes.AppParams{}, register))
	got := registered(t, simtypes.AppParams{"op_weight_msg_update_nodestaking_params": []byte("9")}, register)
	require.Equal(t, uint32(9), got[sdk.MsgTypeURL(&types.MsgUpdateParams{})])
}

// TestFreeloaderOneInParam checks that the key a params file sets turns the
// freeloader strategy on in the random genesis: the same params as without
// it, but for halts, which a freeloader run does not count.
func TestFreeloaderOneInParam(t *testing.T) {
	genesis := func(seed int64, params simtypes.AppParams) types.Params {
		simState := simutil.NewSimulationState(seed)
		maps.Copy(simState.AppParams, params)
		simulation.RandomizedGenState(simState)
		var gs types.GenesisState
		simState.Cdc.MustUnmarshalJSON(simState.GenState[types.ModuleName], &gs)
		return gs.Params
	}
	counted := 0
	for seed := range int64(20) {
		plain := genesis(seed, nil)
		free := genesis(seed, simtypes.AppParams{simulation.FreeloaderOneInParam: []byte("3")})
		require.Zero(t, free.HaltThreshold, "seed %d: a freeloader run counts no halts", seed)
		if plain.HaltThreshold != 0 {
			counted++
		}
		plain.HaltThreshold = 0
		require.Equal(t, plain, free, "seed %d", seed)
	}
	require.NotZero(t, counted, "some runs without freeloaders count halts")
}
