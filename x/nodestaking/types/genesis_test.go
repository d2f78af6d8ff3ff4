package types_test

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

var genesisTime = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// nodeHex returns node key i in lowercase hex.
func nodeHex(i byte) string {
	pub, _ := testKey(i)
	return hex.EncodeToString(pub)
}

// activeRecord returns a valid active node: operator testAddr(1) with
// 6,250 SESH and testAddr(2) with the rest.
func activeRecord() types.NodeRecord {
	activated := genesisTime
	return types.NodeRecord{
		Node: types.Node{
			Pubkey: nodeHex(1), Operator: testAddr(1), FeeBps: 500, Status: types.NODE_STATUS_ACTIVE,
			TotalStaked: sesh(25_000), Contributors: 2, RegisteredAt: genesisTime, ActivatedAt: &activated,
			RewardIndex: math.NewInt(100),
		},
		Contributions: []types.ContributionRecord{
			{Address: testAddr(1), Contribution: types.Contribution{Amount: sesh(6_250), LastContributedAt: genesisTime}},
			{Address: testAddr(2), Contribution: types.Contribution{Amount: sesh(18_750), LastContributedAt: genesisTime}},
		},
		Reserved: []types.ReservedSpot{},
	}
}

// awaitingRecord returns a valid node awaiting contributions, with a
// reserved spot for testAddr(3).
func awaitingRecord() types.NodeRecord {
	return types.NodeRecord{
		Node: types.Node{
			Pubkey: nodeHex(2), Operator: testAddr(1), Status: types.NODE_STATUS_AWAITING,
			TotalStaked: sesh(10_000), Contributors: 1, RegisteredAt: genesisTime, RewardIndex: math.ZeroInt(),
		},
		Contributions: []types.ContributionRecord{
			{Address: testAddr(1), Contribution: types.Contribution{Amount: sesh(10_000), LastContributedAt: genesisTime}},
		},
		Reserved: []types.ReservedSpot{{Address: testAddr(3), Amount: sesh(5_000)}},
	}
}

// removedNode returns a valid record of a node removed at its exit.
func removedNode(pubkey string) types.RemovedNode {
	return types.RemovedNode{
		Pubkey: pubkey, Operator: testAddr(1), FeeBps: 500, Reason: types.REMOVAL_REASON_EXITED,
		RegisteredAt: genesisTime, RemovedAt: genesisTime, TotalStaked: sesh(25_000), Earned: math.NewInt(7), Penalty: math.ZeroInt(),
	}
}

func validGenesis() *types.GenesisState {
	gs := types.DefaultGenesis()
	gs.RewardIndex = math.NewInt(1_000)
	gs.Carry = math.NewInt(1)
	gs.TotalReceived = math.NewInt(2_001)
	gs.TotalClaimed = math.NewInt(100)
	gs.Nodes = []types.NodeRecord{activeRecord(), awaitingRecord()}
	gs.Claimable = []types.Claimable{{Address: testAddr(2), Amount: math.NewInt(50)}}
	return gs
}

func TestGenesisStateValidate(t *testing.T) {
	exit := genesisTime.Add(15 * 24 * time.Hour)
	tests := []struct {
		name    string
		change  func(*types.GenesisState)
		wantErr error
	}{
		{name: "default", change: func(gs *types.GenesisState) { *gs = *types.DefaultGenesis() }},
		{name: "active and awaiting nodes", change: func(*types.GenesisState) {}},
		{name: "a removed node", change: func(gs *types.GenesisState) {
			gs.UsedPubkeys, gs.RemovedNodes = []string{nodeHex(5)}, []types.RemovedNode{removedNode(nodeHex(5))}
		}},
		{name: "a removed node whose key is not used", change: func(gs *types.GenesisState) {
			gs.RemovedNodes = []types.RemovedNode{removedNode(nodeHex(5))}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a live node listed as removed", change: func(gs *types.GenesisState) {
			gs.RemovedNodes = []types.RemovedNode{removedNode(nodeHex(1))}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a removed node listed twice", change: func(gs *types.GenesisState) {
			gs.UsedPubkeys = []string{nodeHex(5)}
			gs.RemovedNodes = []types.RemovedNode{removedNode(nodeHex(5)), removedNode(nodeHex(5))}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a removed node without a reason", change: func(gs *types.GenesisState) {
			n := removedNode(nodeHex(5))
			n.Reason = types.REMOVAL_REASON_UNSPECIFIED
			gs.UsedPubkeys, gs.RemovedNodes = []string{nodeHex(5)}, []types.RemovedNode{n}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a removed node with a negative penalty", change: func(gs *types.GenesisState) {
			n := removedNode(nodeHex(5))
			n.Penalty = math.NewInt(-1)
			gs.UsedPubkeys, gs.RemovedNodes = []string{nodeHex(5)}, []types.RemovedNode{n}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a contribution with a beneficiary", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Contributions[1].Contribution.Beneficiary = testAddr(4)
		}},
		{name: "a beneficiary that is no address", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Contributions[1].Contribution.Beneficiary = "session1nope"
		}, wantErr: types.ErrInvalidGenesis},
		{name: "the contributor as its own beneficiary", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Contributions[1].Contribution.Beneficiary = testAddr(2)
		}, wantErr: types.ErrInvalidGenesis},
		{name: "unlocking node with its exit time", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Node.Status, gs.Nodes[0].Node.ExitTime = types.NODE_STATUS_UNLOCKING, &exit
		}},
		{name: "deregistered node with its exit time", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Node.Status, gs.Nodes[0].Node.ExitTime = types.NODE_STATUS_DEREGISTERED, &exit
		}},
		{name: "deregistered node with its exit penalty", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Node.Status, gs.Nodes[0].Node.ExitTime = types.NODE_STATUS_DEREGISTERED, &exit
			gs.Nodes[0].Node.ExitPenalty = sesh(50)
		}},
		{name: "deregistered node with a penalty above its stake", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Node.Status, gs.Nodes[0].Node.ExitTime = types.NODE_STATUS_DEREGISTERED, &exit
			gs.Nodes[0].Node.ExitPenalty = sesh(25_001)
		}, wantErr: types.ErrInvalidGenesis},
		{name: "active node with an exit penalty", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.ExitPenalty = sesh(50) }, wantErr: types.ErrInvalidGenesis},
		{name: "active node with a pending fee raise", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Node.FeeChangeAt, gs.Nodes[0].Node.PendingFeeBps = &exit, 2_000
		}},
		{name: "awaiting node with a pending fee", change: func(gs *types.GenesisState) {
			gs.Nodes[1].Node.FeeChangeAt, gs.Nodes[1].Node.PendingFeeBps = &exit, 2_000
		}, wantErr: types.ErrInvalidGenesis},
		{name: "pending fee above 100%", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Node.FeeChangeAt, gs.Nodes[0].Node.PendingFeeBps = &exit, 10_001
		}, wantErr: types.ErrInvalidGenesis},
		{name: "pending fee without its time", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.PendingFeeBps = 2_000 }, wantErr: types.ErrInvalidGenesis},
		{name: "fee base above the earnings", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.FeeBase = sesh(1) }, wantErr: types.ErrInvalidGenesis},
		{name: "fee before above the fee base", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.FeeBefore = math.OneInt() }, wantErr: types.ErrInvalidGenesis},
		{name: "no fee change notice", change: func(gs *types.GenesisState) { gs.Params.FeeChangeNotice = 0 }, wantErr: types.ErrInvalidParams},
		{name: "invalid params", change: func(gs *types.GenesisState) { gs.Params.MaxExitsPerBlock = 0 }, wantErr: types.ErrInvalidParams},
		{name: "negative reward index", change: func(gs *types.GenesisState) { gs.RewardIndex = math.NewInt(-1) }, wantErr: types.ErrInvalidGenesis},
		{name: "negative carry", change: func(gs *types.GenesisState) { gs.Carry = math.NewInt(-1) }, wantErr: types.ErrInvalidGenesis},
		{name: "no total received", change: func(gs *types.GenesisState) { gs.TotalReceived = math.Int{} }, wantErr: types.ErrInvalidGenesis},
		{name: "negative total claimed", change: func(gs *types.GenesisState) { gs.TotalClaimed = math.NewInt(-1) }, wantErr: types.ErrInvalidGenesis},
		{name: "a node listed twice", change: func(gs *types.GenesisState) { gs.Nodes[1] = activeRecord() }, wantErr: types.ErrInvalidGenesis},
		{name: "uppercase node key", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Node.Pubkey = strings.ToUpper(gs.Nodes[0].Node.Pubkey)
		}, wantErr: types.ErrInvalidGenesis},
		{name: "node key not hex", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.Pubkey = "node" }, wantErr: types.ErrInvalidGenesis},
		{name: "short node key", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.Pubkey = gs.Nodes[0].Node.Pubkey[2:] }, wantErr: types.ErrInvalidGenesis},
		{name: "fee over 100%", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.FeeBps = 10_001 }, wantErr: types.ErrInvalidGenesis},
		{name: "unspecified status", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.Status = types.NODE_STATUS_UNSPECIFIED }, wantErr: types.ErrInvalidGenesis},
		{name: "unknown status", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.Status = 9 }, wantErr: types.ErrInvalidGenesis},
		{name: "no contributions", change: func(gs *types.GenesisState) {
			gs.Nodes[1].Contributions, gs.Nodes[1].Node.Contributors = nil, 0
		}, wantErr: types.ErrInvalidGenesis},
		{name: "operator not first", change: func(gs *types.GenesisState) {
			c := gs.Nodes[0].Contributions
			c[0], c[1] = c[1], c[0]
		}, wantErr: types.ErrInvalidGenesis},
		{name: "contributor count does not match", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.Contributors = 3 }, wantErr: types.ErrInvalidGenesis},
		// Governance may change the params after nodes registered: the
		// exported nodes must still import.
		{name: "contributor limit lowered below a node's spots", change: func(gs *types.GenesisState) { gs.Params.MaxContributors = 1 }},
		{name: "bad contributor address", change: func(gs *types.GenesisState) { gs.Nodes[0].Contributions[1].Address = "x" }, wantErr: types.ErrInvalidGenesis},
		{name: "contributor listed twice", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Contributions[1].Address = testAddr(1)
		}, wantErr: types.ErrInvalidGenesis},
		{name: "zero contribution", change: func(gs *types.GenesisState) {
			gs.Nodes[1].Contributions[0].Contribution.Amount = math.ZeroInt()
			gs.Nodes[1].Node.TotalStaked = math.ZeroInt()
		}, wantErr: types.ErrInvalidGenesis},
		{name: "total staked is not the sum", change: func(gs *types.GenesisState) {
			gs.Nodes[1].Node.TotalStaked = gs.Nodes[1].Node.TotalStaked.AddRaw(1)
		}, wantErr: types.ErrInvalidGenesis},
		{name: "reserved spot for a contributor", change: func(gs *types.GenesisState) { gs.Nodes[1].Reserved[0].Address = testAddr(1) }, wantErr: types.ErrInvalidGenesis},
		{name: "reserved spot with a bad address", change: func(gs *types.GenesisState) { gs.Nodes[1].Reserved[0].Address = "x" }, wantErr: types.ErrInvalidGenesis},
		{name: "zero reserved amount", change: func(gs *types.GenesisState) { gs.Nodes[1].Reserved[0].Amount = math.ZeroInt() }, wantErr: types.ErrInvalidGenesis},
		{name: "reserved spot that fills the node exactly", change: func(gs *types.GenesisState) { gs.Nodes[1].Reserved[0].Amount = sesh(15_000) }},
		{name: "requirement lowered below an awaiting node's stake and reservations", change: func(gs *types.GenesisState) {
			gs.Params.StakingRequirement = sesh(12_000)
		}},
		{name: "requirement raised above the active node's stake", change: func(gs *types.GenesisState) {
			gs.Params.StakingRequirement = sesh(30_000)
		}},
		{name: "active node never activated", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.ActivatedAt = nil }, wantErr: types.ErrInvalidGenesis},
		{name: "node index above the global index", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.RewardIndex = math.NewInt(1_001) }, wantErr: types.ErrInvalidGenesis},
		{name: "negative node index", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.RewardIndex = math.NewInt(-1) }, wantErr: types.ErrInvalidGenesis},
		{name: "unlocking node without exit time", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.Status = types.NODE_STATUS_UNLOCKING }, wantErr: types.ErrInvalidGenesis},
		{name: "deregistered node without exit time", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.Status = types.NODE_STATUS_DEREGISTERED }, wantErr: types.ErrInvalidGenesis},
		{name: "active node with an exit time", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.ExitTime = &exit }, wantErr: types.ErrInvalidGenesis},
		{name: "claimable with a bad address", change: func(gs *types.GenesisState) { gs.Claimable[0].Address = "x" }, wantErr: types.ErrInvalidGenesis},
		{name: "claimable listed twice", change: func(gs *types.GenesisState) { gs.Claimable = append(gs.Claimable, gs.Claimable[0]) }, wantErr: types.ErrInvalidGenesis},
		{name: "negative claimable", change: func(gs *types.GenesisState) { gs.Claimable[0].Amount = math.NewInt(-1) }, wantErr: types.ErrInvalidGenesis},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gs := validGenesis()
			tc.change(gs)
			err := gs.Validate()
			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}

// livenessGenesis returns a valid genesis with liveness state: nodes 1 and
// 3 active (numbered 3, 1), node 4 decommissioned, node 2 awaiting; the
// seeds of periods 10 and 11, and a quorum of nodes 1 and 3 testing node 4
// in period 11 with one vote.
func livenessGenesis() *types.GenesisState {
	gs := validGenesis()
	proof, down := genesisTime.Add(time.Hour), genesisTime.Add(2*time.Hour)
	gs.Nodes[0].Liveness = &types.LivenessRecord{LastProofAt: proof, CreditAt: proof, Credit: 2 * time.Hour, Proofs: 3}
	third := activeRecord()
	third.Node.Pubkey = nodeHex(3)
	decommissioned := activeRecord()
	decommissioned.Node.Pubkey = nodeHex(4)
	decommissioned.Node.Status = types.NODE_STATUS_DECOMMISSIONED
	decommissioned.Liveness = &types.LivenessRecord{LastProofAt: proof, CreditAt: down, Credit: 2 * time.Hour, DecommissionedAt: &down}
	gs.Nodes = append(gs.Nodes, third, decommissioned)
	gs.ActiveOrder = []string{nodeHex(3), nodeHex(1)}
	gs.PeriodSeeds = []types.PeriodSeed{
		{Period: 10, Seed: bytes.Repeat([]byte{1}, 32)},
		{Period: 11, Seed: bytes.Repeat([]byte{2}, 32)},
	}
	gs.Quorums = []types.QuorumRecord{{
		Period: 11, Tested: nodeHex(4), Quorum: types.Quorum{Members: []string{nodeHex(1), nodeHex(3)}, Required: 2},
	}}
	gs.Votes = []types.NodeVote{{Period: 11, Tested: nodeHex(4), Voter: nodeHex(3), State: types.NODE_STATE_RECOMMISSIONED}}
	return gs
}

func TestGenesisStateValidateLiveness(t *testing.T) {
	exit := genesisTime.Add(15 * 24 * time.Hour)
	tests := []struct {
		name    string
		change  func(*types.GenesisState)
		wantErr error
	}{
		{name: "decommissioned node, active order, seeds, quorum and votes", change: func(*types.GenesisState) {}},
		{name: "no active order: the nodes are numbered as listed", change: func(gs *types.GenesisState) { gs.ActiveOrder = nil }},
		{name: "active node without a liveness record", change: func(gs *types.GenesisState) { gs.Nodes[0].Liveness = nil }},
		{name: "no seeds, quorums or votes", change: func(gs *types.GenesisState) { gs.PeriodSeeds, gs.Quorums, gs.Votes = nil, nil, nil }},
		{name: "a quorum without votes", change: func(gs *types.GenesisState) { gs.Votes = nil }},
		{name: "negative credit", change: func(gs *types.GenesisState) { gs.Nodes[0].Liveness.Credit = -1 }, wantErr: types.ErrInvalidGenesis},
		{name: "decommissioned without decommissioned_at", change: func(gs *types.GenesisState) {
			gs.Nodes[3].Liveness.DecommissionedAt = nil
		}, wantErr: types.ErrInvalidGenesis},
		{name: "decommissioned without a liveness record", change: func(gs *types.GenesisState) { gs.Nodes[3].Liveness = nil }, wantErr: types.ErrInvalidGenesis},
		{name: "awaiting with a liveness record", change: func(gs *types.GenesisState) {
			gs.Nodes[1].Liveness = gs.Nodes[0].Liveness
		}, wantErr: types.ErrInvalidGenesis},
		{name: "decommissioned, never activated", change: func(gs *types.GenesisState) { gs.Nodes[3].Node.ActivatedAt = nil }, wantErr: types.ErrInvalidGenesis},
		{name: "decommissioned while unlocking: with an exit time", change: func(gs *types.GenesisState) { gs.Nodes[3].Node.ExitTime = &exit }},
		{name: "active with an exit time", change: func(gs *types.GenesisState) { gs.Nodes[0].Node.ExitTime = &exit }, wantErr: types.ErrInvalidGenesis},
		{name: "negative halted time", change: func(gs *types.GenesisState) {
			gs.LivenessClock = &types.LivenessClock{Halted: -time.Nanosecond}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a period's active set", change: func(gs *types.GenesisState) {
			gs.PeriodActiveSets = []types.PeriodActiveSet{{Period: 7, Count: 2, Pages: []types.PeriodPage{{Page: 0, Keys: make([]byte, 64)}, {Page: 1}}}}
			gs.SnapshotPeriod = 7
		}},
		{name: "a period's active set listed twice", change: func(gs *types.GenesisState) {
			gs.PeriodActiveSets = []types.PeriodActiveSet{{Period: 7}, {Period: 7}}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a page listed twice", change: func(gs *types.GenesisState) {
			gs.PeriodActiveSets = []types.PeriodActiveSet{{Period: 7, Pages: []types.PeriodPage{{Page: 1}, {Page: 1}}}}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a page of part of a key", change: func(gs *types.GenesisState) {
			gs.PeriodActiveSets = []types.PeriodActiveSet{{Period: 7, Pages: []types.PeriodPage{{Page: 0, Keys: make([]byte, 33)}}}}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a page of more than 32 keys", change: func(gs *types.GenesisState) {
			gs.PeriodActiveSets = []types.PeriodActiveSet{{Period: 7, Pages: []types.PeriodPage{{Page: 0, Keys: make([]byte, 33*32)}}}}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "a snapshot period without its set", change: func(gs *types.GenesisState) { gs.SnapshotPeriod = 7 }, wantErr: types.ErrInvalidGenesis},
		{name: "decommissioned with a negative reward index", change: func(gs *types.GenesisState) {
			gs.Nodes[3].Node.RewardIndex = math.NewInt(-1)
		}, wantErr: types.ErrInvalidGenesis},
		{name: "active node with decommissioned_at", change: func(gs *types.GenesisState) {
			gs.Nodes[0].Liveness.DecommissionedAt = gs.Nodes[3].Liveness.DecommissionedAt
		}, wantErr: types.ErrInvalidGenesis},
		{name: "active order without an active node", change: func(gs *types.GenesisState) { gs.ActiveOrder = gs.ActiveOrder[:1] }, wantErr: types.ErrInvalidGenesis},
		{name: "active order naming a node twice", change: func(gs *types.GenesisState) {
			gs.ActiveOrder = []string{nodeHex(3), nodeHex(1), nodeHex(3)}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "active order naming a decommissioned node", change: func(gs *types.GenesisState) {
			gs.ActiveOrder = append(gs.ActiveOrder, nodeHex(4))
		}, wantErr: types.ErrInvalidGenesis},
		{name: "active order naming an awaiting node", change: func(gs *types.GenesisState) {
			gs.ActiveOrder = append(gs.ActiveOrder, nodeHex(2))
		}, wantErr: types.ErrInvalidGenesis},
		{name: "active order naming an unknown node", change: func(gs *types.GenesisState) {
			gs.ActiveOrder = []string{nodeHex(3), nodeHex(9)}
		}, wantErr: types.ErrInvalidGenesis},
		{name: "short seed", change: func(gs *types.GenesisState) { gs.PeriodSeeds[0].Seed = gs.PeriodSeeds[0].Seed[:31] }, wantErr: types.ErrInvalidGenesis},
		{name: "seed listed twice", change: func(gs *types.GenesisState) { gs.PeriodSeeds[0].Period = 11 }, wantErr: types.ErrInvalidGenesis},
		{name: "quorum without the seed of its period", change: func(gs *types.GenesisState) {
			gs.PeriodSeeds = gs.PeriodSeeds[:1]
		}, wantErr: types.ErrInvalidGenesis},
		{name: "quorum listed twice", change: func(gs *types.GenesisState) { gs.Quorums = append(gs.Quorums, gs.Quorums[0]) }, wantErr: types.ErrInvalidGenesis},
		{name: "vote without its quorum", change: func(gs *types.GenesisState) { gs.Quorums = nil }, wantErr: types.ErrInvalidGenesis},
		{name: "vote in another period", change: func(gs *types.GenesisState) { gs.Votes[0].Period = 10 }, wantErr: types.ErrInvalidGenesis},
		{name: "vote by a non-member", change: func(gs *types.GenesisState) { gs.Votes[0].Voter = nodeHex(2) }, wantErr: types.ErrInvalidGenesis},
		{name: "vote listed twice", change: func(gs *types.GenesisState) { gs.Votes = append(gs.Votes, gs.Votes[0]) }, wantErr: types.ErrInvalidGenesis},
		{name: "vote without a state", change: func(gs *types.GenesisState) { gs.Votes[0].State = types.NODE_STATE_UNSPECIFIED }, wantErr: types.ErrInvalidGenesis},
		{name: "vote for an unknown state", change: func(gs *types.GenesisState) { gs.Votes[0].State = 9 }, wantErr: types.ErrInvalidGenesis},
		{name: "invalid liveness params", change: func(gs *types.GenesisState) { gs.Params.QuorumThreshold = 11 }, wantErr: types.ErrInvalidParams},
		{name: "decided quorum with its state", change: func(gs *types.GenesisState) {
			gs.Quorums[0].Quorum.Decided, gs.Quorums[0].Quorum.State = true, types.NODE_STATE_DECOMMISSIONED
		}},
		{name: "decided quorum without a state (decided before it was recorded)", change: func(gs *types.GenesisState) { gs.Quorums[0].Quorum.Decided = true }},
		{name: "undecided quorum with a state", change: func(gs *types.GenesisState) {
			gs.Quorums[0].Quorum.State = types.NODE_STATE_DECOMMISSIONED
		}, wantErr: types.ErrInvalidGenesis},
		{name: "decided quorum with an unknown state", change: func(gs *types.GenesisState) {
			gs.Quorums[0].Quorum.Decided, gs.Quorums[0].Quorum.State = true, 9
		}, wantErr: types.ErrInvalidGenesis},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gs := livenessGenesis()
			tc.change(gs)
			err := gs.Validate()
			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}
