package simulation

import (
	"encoding/binary"
	"hash/fnv"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// FreeloaderOneIn names the simulation setting that turns on the
// freeloader strategy: one node key in this many holds its stake and never
// proves it is up, and quorums vote on what their tests would find (a
// freeloader never answers, a node that proves answers but in one period in
// faultOneIn). Absent or 0, the default, no node freeloads and quorums vote
// every serving node they test down, as the runs before the strategy did.
//
// The module reads it through the simulation's simsx.WeightSource, as it
// reads its weights: a params file sets it under FreeloaderOneInParam.
//
// The freeloader runs also count no halts (halt_threshold 0): a halt stops
// every proof deadline, so that nobody can fail, freeloader or not.
const FreeloaderOneIn = "nodestaking_freeloader_one_in"

// FreeloaderOneInParam is FreeloaderOneIn's key in a simulation params
// file: simsx.ParamWeightSource reads a name under "op_weight_" and the name.
const FreeloaderOneInParam = "op_weight_" + FreeloaderOneIn

// faultOneIn: under the freeloader strategy, a node that proves is found
// down by its quorum in one period in this many (a network fault).
const faultOneIn = 10

// freeloaderOneIn reads FreeloaderOneIn from the simulation's settings,
// without a random draw (0 when absent).
func freeloaderOneIn(weights simsx.WeightSource) uint32 {
	return weights.Get(FreeloaderOneIn, 0)
}

// Freeloader reports whether the simulation's node pubkey freeloads when one
// node in oneIn does (never when oneIn is 0): chosen by the key, so that the
// test that checks the strategy tells the groups apart the same way.
func Freeloader(pubkey string, oneIn uint32) bool {
	if oneIn == 0 {
		return false
	}
	return keyHash([]byte("freeloader"), []byte(pubkey))%oneIn == 0
}

// verdict is what a quorum's members agree on about a node in a period.
// Without the freeloader strategy: one quorum in deregisterOneIn votes to
// deregister, a serving node is voted down and a decommissioned one back
// up, as the runs before the strategy did. With it, quorums vote on what
// their tests find: a node that answers is left alone (no vote,
// NODE_STATE_UNSPECIFIED) or voted back up; a node that does not (a
// freeloader, or a node that proves in a period of network fault) is voted
// down, or deregistered by one quorum in deregisterOneIn.
func (f factories) verdict(tested types.Node, period uint64) types.NodeState {
	sum := keyHash([]byte(tested.Pubkey), binary.BigEndian.AppendUint64(nil, period))
	deregister := sum%deregisterOneIn == 0
	if f.freeloaderOneIn == 0 {
		switch {
		case deregister:
			return types.NODE_STATE_DEREGISTERED
		case tested.Status.Serving():
			return types.NODE_STATE_DECOMMISSIONED
		default:
			return types.NODE_STATE_RECOMMISSIONED
		}
	}
	down := Freeloader(tested.Pubkey, f.freeloaderOneIn) || sum/deregisterOneIn%faultOneIn == 0
	switch {
	case !down && tested.Status.Serving():
		return types.NODE_STATE_UNSPECIFIED
	case !down:
		return types.NODE_STATE_RECOMMISSIONED
	case deregister:
		return types.NODE_STATE_DEREGISTERED
	case tested.Status.Serving():
		return types.NODE_STATE_DECOMMISSIONED
	default:
		return types.NODE_STATE_UNSPECIFIED // still down: its credit runs out
	}
}

// keyHash is FNV-32a of parts: the simulation's deterministic choices,
// which draw nothing from the run's random source.
func keyHash(parts ...[]byte) uint32 {
	h := fnv.New32a()
	for _, p := range parts {
		_, _ = h.Write(p)
	}
	return h.Sum32()
}
