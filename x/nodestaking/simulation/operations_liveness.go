package simulation

import (
	"crypto/ed25519"
	"fmt"
	"math/rand"
	"slices"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// uptimeProof sends the next proof of a serving or decommissioned node
// whose last one is at least half an interval old (a decommissioned node's
// proof lets its quorum vote it back). The node key signs it; the operator
// pays the fee.
func (o ops) uptimeProof(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgUptimeProof{}
	nodes, err := nodesWithStatus(ctx, o.k, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	nodes = slices.DeleteFunc(nodes, func(n types.Node) bool { return Freeloader(n.Pubkey, o.freeloaderOneIn) })
	if len(nodes) == 0 {
		return o.env.NoOp(msg, "no serving or decommissioned node that proves")
	}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	node := simutil.Pick(r, nodes)
	key, ok := o.keys[node.CurrentKey()] // the key it signs with, after a rotation too
	if !ok {
		return o.env.NoOp(msg, "node %s does not have a simulation key", node.Pubkey)
	}
	rec, has, err := o.k.Liveness.Record(ctx, node.Pubkey)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if !has {
		return o.env.Fail(msg, fmt.Errorf("%s node %s has no liveness record", node.Status, node.Pubkey))
	}
	now, err := o.k.Liveness.Now(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if now.Sub(rec.LastProofAt) < params.UptimeProofInterval/2 {
		return o.env.NoOp(msg, "node %s proved its uptime less than half an interval ago", node.Pubkey)
	}
	sender, ok := simutil.Account(accs, node.Operator)
	if !ok || !o.env.Spendable(ctx, sender.Address).IsPositive() {
		if sender, _, ok = o.env.AccountWithBalance(r, ctx, accs, math.OneInt()); !ok {
			return o.env.NoOp(msg, "nobody can pay for the proof")
		}
	}
	// The proof names the newest block the chain recorded, as node software
	// names the last committed one.
	height, appHash, ok, err := o.k.Liveness.LatestProofBlock(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if !ok {
		return o.env.NoOp(msg, "no block recorded for proofs yet")
	}
	proof := types.UptimeProof{Seq: rec.Proofs + 1, BlockHeight: height, AppHash: appHash, Endpoint: simEndpoint(key, rec.Proofs)}
	signBytes, err := types.UptimeProofSignBytes(chainID, node.Pubkey, proof)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	msg.Sender = sender.Address.String()
	msg.Pubkey = pubkeyBytes(node.Pubkey)
	msg.Seq, msg.BlockHeight, msg.AppHash, msg.Endpoint = proof.Seq, proof.BlockHeight, proof.AppHash, proof.Endpoint
	msg.Signature = ed25519.Sign(key, signBytes)
	round, err := o.queries.SeedRound(ctx, &types.QuerySeedRoundRequest{})
	if err != nil {
		return o.env.Fail(msg, err)
	}
	msg.SeedProof = types.SeedProofFor(key, chainID, round.Round)
	return o.env.Deliver(r, app, ctx, sender, msg, math.ZeroInt())
}

// simEndpoint is a public endpoint in the documentation address range,
// derived from the node key and its proof count (not drawn: the operations'
// random draws stay those of the runs before endpoints existed), so that it
// changes from proof to proof.
func simEndpoint(key ed25519.PrivateKey, proofs uint64) types.NodeEndpoint {
	b := key.Public().(ed25519.PublicKey) //nolint:errcheck,forcetypeassert // an ed25519 key's public key
	return types.NodeEndpoint{
		PublicIp:    fmt.Sprintf("198.51.100.%d", 1+int(b[0])%254),
		StoragePort: 1024 + (uint32(b[1])<<8|uint32(b[2]))%64512, // 1024 to 65535
		QuicPort:    1024 + (uint32(b[3])<<8|uint32(b[4]))%64512,
		NodeVersion: fmt.Sprintf("11.0.%d", proofs%10), StorageVersion: "2.8.0",
	}
}

// nodeStateVote has a member of a node's quorum in the current testing
// period vote on it. The members of one quorum mostly agree: a serving node
// is voted down (decommissioned, or one time in five deregistered), a
// decommissioned one back up; one vote in ten dissents. Once the quorum
// decided, the members that have not voted vote for what it decided. A vote the chain
// would refuse (a quorum too small to decide, a node not proven since it
// went down, a deregistration of a node with credit) is not sent.
func (o ops) nodeStateVote(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgNodeStateVote{}
	nodes, err := nodesWithStatus(ctx, o.k, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(nodes) == 0 {
		return o.env.NoOp(msg, "no node to test")
	}
	tested := simutil.Pick(r, nodes)
	res, err := o.queries.Quorum(ctx, &types.QueryQuorumRequest{Pubkey: tested.Pubkey})
	if err != nil {
		return o.env.NoOp(msg, "no quorum for node %s: %s", tested.Pubkey, err)
	}
	if res.Quorum.Decided && res.Quorum.State == types.NODE_STATE_UNSPECIFIED {
		return o.env.NoOp(msg, "the quorum on node %s decided in period %d", tested.Pubkey, res.Period)
	}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if !params.CanDecide(len(res.Quorum.Members)) {
		return o.env.NoOp(msg, "the quorum on node %s is too small to decide", tested.Pubkey)
	}
	voters, err := o.canVote(ctx, tested.Pubkey, res)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(voters) == 0 {
		return o.env.NoOp(msg, "no member of node %s's quorum can vote", tested.Pubkey)
	}
	picked := simutil.Pick(r, voters)
	voterID, voter := picked.id, picked.key
	state := o.verdict(tested, res.Period)
	switch {
	case res.Quorum.Decided:
		// A late vote for what the quorum decided: the member's duty.
		state = res.Quorum.State
	case state == types.NODE_STATE_UNSPECIFIED:
		return o.env.NoOp(msg, "node %s answers its quorum in period %d", tested.Pubkey, res.Period)
	case r.Intn(dissentOneIn) == 0:
		state = dissent(r, tested.Status, state)
	}
	if err := o.k.Liveness.CheckTransition(ctx, tested.Status, tested.Pubkey, state, params); err != nil && !res.Quorum.Decided {
		return o.env.NoOp(msg, "a vote %s about node %s would be refused: %s", state, tested.Pubkey, err)
	}
	sender, _, ok := o.env.AccountWithBalance(r, ctx, accs, math.OneInt())
	if !ok {
		return o.env.NoOp(msg, "nobody can pay for the vote")
	}
	signBytes, err := types.NodeStateVoteSignBytes(chainID, sender.Address.String(), voterID, tested.Pubkey, res.Period, state)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	msg.Sender = sender.Address.String()
	msg.Voter = pubkeyBytes(voterID)
	msg.Tested = pubkeyBytes(tested.Pubkey)
	msg.Period = res.Period
	msg.State = state
	msg.Signature = ed25519.Sign(voter, signBytes)
	return o.env.Deliver(r, app, ctx, sender, msg, math.ZeroInt())
}

// simVoter is a quorum member the simulation can vote for: its ID and the
// key it signs with.
type simVoter struct {
	id  string
	key ed25519.PrivateKey
}

// canVote are the members of a quorum that have not voted, serve, and
// whose signing keys (after a rotation, the key rotated to) the simulation
// holds, by member ID.
func (o ops) canVote(ctx sdk.Context, tested string, res *types.QueryQuorumResponse) ([]simVoter, error) {
	votes, err := o.queries.Votes(ctx, &types.QueryVotesRequest{Pubkey: tested, Period: res.Period})
	if err != nil {
		return nil, err
	}
	var voters []simVoter
	for _, member := range res.Quorum.Members {
		if slices.ContainsFunc(votes.Votes, func(v types.NodeVote) bool { return v.Voter == member }) {
			continue
		}
		node, err := o.k.Staking.Nodes.Get(ctx, member)
		if err != nil || !node.Status.Serving() {
			continue
		}
		if key, ok := o.keys[node.CurrentKey()]; ok {
			voters = append(voters, simVoter{id: member, key: key})
		}
	}
	return voters, nil
}

// dissent is another state the node could move to.
func dissent(r *rand.Rand, status types.NodeStatus, agreed types.NodeState) types.NodeState {
	options := []types.NodeState{types.NODE_STATE_DEREGISTERED}
	if status.Serving() {
		options = append(options, types.NODE_STATE_DECOMMISSIONED)
	} else {
		options = append(options, types.NODE_STATE_RECOMMISSIONED)
	}
	options = slices.DeleteFunc(options, func(s types.NodeState) bool { return s == agreed })
	return simutil.Pick(r, options)
}
