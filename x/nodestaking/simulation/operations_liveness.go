package simulation

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"math/rand"
	"slices"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// uptimeProof sends the next proof of a serving or decommissioned node
// whose last one is at least half an interval old (a decommissioned node's
// proof lets its quorum vote it back), with its seed share. The node key
// signs it; the operator pays the fee.
func (f factories) uptimeProof(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgUptimeProof) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	nodes, err := nodesWithStatus(ctx, f.k, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if err != nil {
		reporter.Fail(err, "reading the nodes")
		return nil, nil
	}
	nodes = slices.DeleteFunc(nodes, func(n types.Node) bool { return Freeloader(n.Pubkey, f.freeloaderOneIn) })
	if len(nodes) == 0 {
		reporter.Skip("no serving or decommissioned node that proves")
		return nil, nil
	}
	params, err := f.k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return nil, nil
	}
	node := simutil.Pick(r, nodes)
	key, ok := f.keys[node.CurrentKey()] // the key it signs with, after a rotation too
	if !ok {
		reporter.Skipf("node %s does not have a simulation key", node.Pubkey)
		return nil, nil
	}
	rec, has, err := f.k.Liveness.Record(ctx, node.Pubkey)
	if err != nil {
		reporter.Fail(err, "reading the liveness record")
		return nil, nil
	}
	if !has {
		reporter.Fail(fmt.Errorf("%s node %s has no liveness record", node.Status, node.Pubkey), "reading the liveness record")
		return nil, nil
	}
	now, err := f.k.Liveness.Now(ctx)
	if err != nil {
		reporter.Fail(err, "reading the liveness clock")
		return nil, nil
	}
	if now.Sub(rec.LastProofAt) < params.UptimeProofInterval/2 {
		reporter.Skipf("node %s proved its uptime less than half an interval ago", node.Pubkey)
		return nil, nil
	}
	sender, ok := account(testData, reporter, node.Operator)
	if !ok || !spendable(&sender).IsPositive() {
		if sender, ok = accountWithBalance(testData, reporter, math.OneInt()); !ok {
			reporter.Skip("nobody can pay for the proof")
			return nil, nil
		}
	}
	msg, err := f.proofMsg(ctx, key, node.Pubkey, rec)
	if err != nil {
		reporter.Fail(err, "building the proof")
		return nil, nil
	}
	if msg == nil {
		reporter.Skip("no block recorded for proofs yet")
		return nil, nil
	}
	msg.Sender = sender.AddressBech32
	return []simsx.SimAccount{sender}, msg
}

// proofMsg is node pubkey's next uptime proof, after rec, signed with key,
// with its seed share for the current round; nil when the chain recorded no
// block a proof can name yet. The proof names the newest block the chain
// recorded, as node software names the last committed one.
func (f factories) proofMsg(ctx sdk.Context, key ed25519.PrivateKey, pubkey string, rec types.LivenessRecord) (*types.MsgUptimeProof, error) {
	height, appHash, ok, err := f.k.Liveness.LatestProofBlock(ctx)
	if err != nil || !ok {
		return nil, err
	}
	proof := types.UptimeProof{Seq: rec.Proofs + 1, BlockHeight: height, AppHash: appHash, Endpoint: simEndpoint(key, rec.Proofs)}
	signBytes, err := types.UptimeProofSignBytes(ctx.ChainID(), pubkey, proof)
	if err != nil {
		return nil, err
	}
	round, err := f.queries.SeedRound(ctx, &types.QuerySeedRoundRequest{})
	if err != nil {
		return nil, err
	}
	return &types.MsgUptimeProof{
		Pubkey: pubkeyBytes(pubkey),
		Seq:    proof.Seq, BlockHeight: proof.BlockHeight, AppHash: proof.AppHash, Endpoint: proof.Endpoint,
		Signature: ed25519.Sign(key, signBytes),
		SeedProof: types.SeedProofFor(key, ctx.ChainID(), round.Round),
	}, nil
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
func (f factories) nodeStateVote(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgNodeStateVote) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	nodes, err := nodesWithStatus(ctx, f.k, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if err != nil {
		reporter.Fail(err, "reading the nodes")
		return nil, nil
	}
	if len(nodes) == 0 {
		reporter.Skip("no node to test")
		return nil, nil
	}
	tested := simutil.Pick(r, nodes)
	res, err := f.queries.Quorum(ctx, &types.QueryQuorumRequest{Pubkey: tested.Pubkey})
	if err != nil {
		reporter.Skipf("no quorum for node %s: %s", tested.Pubkey, err)
		return nil, nil
	}
	if res.Quorum.Decided && res.Quorum.State == types.NODE_STATE_UNSPECIFIED {
		reporter.Skipf("the quorum on node %s decided in period %d", tested.Pubkey, res.Period)
		return nil, nil
	}
	params, err := f.k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return nil, nil
	}
	if !params.CanDecide(len(res.Quorum.Members)) {
		reporter.Skipf("the quorum on node %s is too small to decide", tested.Pubkey)
		return nil, nil
	}
	voters, err := f.canVote(ctx, tested.Pubkey, res)
	if err != nil {
		reporter.Fail(err, "reading the quorum's votes")
		return nil, nil
	}
	if len(voters) == 0 {
		reporter.Skipf("no member of node %s's quorum can vote", tested.Pubkey)
		return nil, nil
	}
	voter := simutil.Pick(r, voters)
	state, why := f.voteState(ctx, r, tested, res, params)
	if why != "" {
		reporter.Skip(why)
		return nil, nil
	}
	sender, ok := accountWithBalance(testData, reporter, math.OneInt())
	if !ok {
		reporter.Skip("nobody can pay for the vote")
		return nil, nil
	}
	signBytes, err := types.NodeStateVoteSignBytes(ctx.ChainID(), sender.AddressBech32, voter.id, tested.Pubkey, res.Period, state)
	if err != nil {
		reporter.Fail(err, "building the vote sign bytes")
		return nil, nil
	}
	return []simsx.SimAccount{sender}, &types.MsgNodeStateVote{
		Sender: sender.AddressBech32, Voter: pubkeyBytes(voter.id), Tested: pubkeyBytes(tested.Pubkey),
		Period: res.Period, State: state, Signature: ed25519.Sign(voter.key, signBytes),
	}
}

// voteState is what a member of the quorum on tested votes: what the quorum
// decided, once it did, else its verdict or now and then a dissent. why
// says why there is no vote to send: the node answers its quorum, or the
// chain would refuse the vote.
func (f factories) voteState(ctx sdk.Context, r *rand.Rand, tested types.Node, res *types.QueryQuorumResponse, params types.Params,
) (state types.NodeState, why string) {
	state = f.verdict(tested, res.Period)
	switch {
	case res.Quorum.Decided:
		// A late vote for what the quorum decided: the member's duty.
		return res.Quorum.State, ""
	case state == types.NODE_STATE_UNSPECIFIED:
		return state, fmt.Sprintf("node %s answers its quorum in period %d", tested.Pubkey, res.Period)
	case r.Intn(dissentOneIn) == 0:
		state = dissent(r, tested.Status, state)
	}
	if err := f.k.Liveness.CheckTransition(ctx, tested.Status, tested.Pubkey, state, params); err != nil {
		return state, fmt.Sprintf("a vote %s about node %s would be refused: %s", state, tested.Pubkey, err)
	}
	return state, ""
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
func (f factories) canVote(ctx sdk.Context, tested string, res *types.QueryQuorumResponse) ([]simVoter, error) {
	votes, err := f.queries.Votes(ctx, &types.QueryVotesRequest{Pubkey: tested, Period: res.Period})
	if err != nil {
		return nil, err
	}
	var voters []simVoter
	for _, member := range res.Quorum.Members {
		if slices.ContainsFunc(votes.Votes, func(v types.NodeVote) bool { return v.Voter == member }) {
			continue
		}
		node, err := f.k.Staking.Nodes.Get(ctx, member)
		if err != nil || !node.Status.Serving() {
			continue
		}
		if key, ok := f.keys[node.CurrentKey()]; ok {
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
