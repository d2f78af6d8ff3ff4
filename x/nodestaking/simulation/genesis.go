// Package simulation holds the nodestaking module's part of the app
// simulation: a random genesis with a few nodes, weighted simsx message
// factories for every message users and nodes send (registration,
// contributions, withdrawals, unlocks, claims, uptime proofs with seed
// shares, quorum votes, beneficiaries, terms and fees, key rotations), and
// the governance proposals for the authority's messages.
package simulation

import (
	"math/rand"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Keys of the random genesis values, which a simulation params file may set.
const (
	GenesisParams = "nodestaking_params"
	GenesisNodes  = "nodestaking_genesis_nodes"
)

// between returns a random duration in [lo, hi].
func between(r *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int63n(int64(hi-lo)+1))
}

// RandomParams returns valid random params around a staking requirement.
// Liveness timeouts run from an hour to a week, so depending on the draw
// and on the block gaps nodes keep up with their proofs or fall behind,
// are decommissioned, come back, or run out of credit.
func RandomParams(r *rand.Rand, requirement math.Int) types.Params {
	maxContributors := uint32(1 + r.Intn(12)) //nolint:gosec // 1 to 12
	timeout := between(r, time.Hour, 7*24*time.Hour)
	quorum := uint32(1 + r.Intn(10)) //nolint:gosec // 1 to 10
	maxCredit := between(r, 0, 96*time.Hour)
	p := types.Params{
		StakingRequirement:       math.MaxInt(requirement, math.OneInt()),
		MaxContributors:          maxContributors,
		MinOperatorStakeBps:      uint32(1_000 + r.Intn(9_001)), //nolint:gosec // 10% to 100%
		SmallContributorBps:      uint32(r.Intn(5_001)),         //nolint:gosec // up to 50%
		SmallContributorLock:     between(r, 0, 30*24*time.Hour),
		UnlockDelay:              between(r, time.Hour, 20*24*time.Hour),
		WithdrawDelay:            between(r, 0, 48*time.Hour),
		DeregistrationLock:       between(r, time.Hour, 40*24*time.Hour),
		DeregistrationPenaltyBps: uint32(r.Intn(501)),     //nolint:gosec // up to 5%
		MaxExitsPerBlock:         uint32(1 + r.Intn(100)), //nolint:gosec // 1 to 100
		UptimeProofInterval:      between(r, timeout/5, timeout),
		UptimeProofTimeout:       timeout,
		TestingPeriod:            between(r, 10*time.Minute, 24*time.Hour),
		QuorumSize:               quorum,
		QuorumThreshold:          uint32(1 + r.Intn(int(quorum))), //nolint:gosec // 1 to quorum
		InitialCredit:            between(r, 0, maxCredit),
		CreditPerDay:             between(r, 0, 2*time.Hour),
		MaxCredit:                maxCredit,
		MinDecommissionCredit:    between(r, 0, 4*time.Hour),
		RecommissionPenalty:      uint32(r.Intn(5)),       //nolint:gosec // 0 to 4
		MaxLivenessPerBlock:      uint32(1 + r.Intn(100)), //nolint:gosec // 1 to 100
		MaxPrunedPerBlock:        uint32(1 + r.Intn(50)),  //nolint:gosec // 1 to 50: small, so that pruning takes several blocks
	}
	// Derived, not drawn: the params drawn before version 6 keep their
	// values for a seed. 5 to 203 blocks.
	p.ProofBlockWindow = 5 + 4*(p.MaxPrunedPerBlock-1)
	// One run in three counts no halts, so that its long block gaps wear
	// credit down and deregister nodes; the others count gaps of more than
	// half the timeout as halts.
	p.HaltThreshold = timeout / 2
	if r.Intn(3) == 0 {
		p.HaltThreshold = 0
	}
	// Derived too: half an hour to ten days, so that a run sees scheduled
	// fee changes both apply and be cancelled by unlocks.
	p.FeeChangeNotice = p.UnlockDelay / 2
	// The defaults, not drawn (the draws of a seed stay as they were).
	p.MaxFreeVoteGas, p.MaxFreeVoteTxBytes = types.DefaultMaxFreeVoteGas, types.DefaultMaxFreeVoteTxBytes
	// Derived: 0 to 48 hours between a node's key rotations.
	p.KeyRotationCooldown = p.WithdrawDelay
	return p
}

// RandomizedGenState generates the nodestaking genesis: random params with
// a requirement of a tenth to four fifths of an account's initial
// balance, and
// up to three nodes registered at genesis by random accounts, some fully
// staked and active, their stakes held by the module account.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate(GenesisParams, &gs.Params, simState.Rand, func(r *rand.Rand) {
		gs.Params = RandomParams(r, simState.InitialStake.MulRaw(int64(1+r.Intn(8))).QuoRaw(10))
	})
	if freeloaderOneIn(simsx.ParamWeightSource(simState.AppParams)) > 0 {
		gs.Params.HaltThreshold = 0 // see FreeloaderOneIn
	}
	var numNodes int
	simState.AppParams.GetOrGenerate(GenesisNodes, &numNodes, simState.Rand, func(r *rand.Rand) { numNodes = r.Intn(4) })

	staked := math.ZeroInt()
	genesis := simState.GenTimestamp
	for i := range numNodes {
		operator, _ := simtypes.RandomAcc(simState.Rand, simState.Accounts)
		key := simutil.NodeKey(i)
		node := types.Node{
			Pubkey:       simutil.PubkeyHex(key),
			Operator:     operator.Address.String(),
			FeeBps:       uint32(simState.Rand.Intn(types.BasisPoints + 1)), //nolint:gosec // 0 to 10000
			Status:       types.NODE_STATUS_ACTIVE,
			TotalStaked:  gs.Params.StakingRequirement,
			Contributors: 1,
			RegisteredAt: genesis,
			ActivatedAt:  &genesis,
			RewardIndex:  math.ZeroInt(),
		}
		if simState.Rand.Intn(2) == 0 && gs.Params.MinOperatorStake().LT(gs.Params.StakingRequirement) {
			node.Status, node.ActivatedAt = types.NODE_STATUS_AWAITING, nil
			node.TotalStaked = simutil.IntBetween(simState.Rand, gs.Params.MinOperatorStake(), gs.Params.StakingRequirement.SubRaw(1))
		}
		gs.Nodes = append(gs.Nodes, types.NodeRecord{
			Node: node,
			Contributions: []types.ContributionRecord{{
				Address:      node.Operator,
				Contribution: types.Contribution{Amount: node.TotalStaked, LastContributedAt: genesis},
			}},
			Reserved: []types.ReservedSpot{},
		})
		staked = staked.Add(node.TotalStaked)
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
	simutil.AddModuleBalance(simState, types.ModuleName, staked)
}
