package keeper_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// livenessScenario adds the liveness actions to the staking scenario:
// uptime proofs (some too soon), quorum votes (some refused), governance
// deregistrations of decommissioned nodes, and block times that let nodes
// time out and credits run out.
type livenessScenario struct {
	*scenario
}

// prove sends a random node's next proof and checks the outcome the rules
// make certain.
func (s *livenessScenario) prove() {
	nodes := s.nodes(types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if s.r.IntN(8) == 0 {
		nodes = s.nodes(types.NODE_STATUS_AWAITING, types.NODE_STATUS_DEREGISTERED)
	}
	if len(nodes) == 0 {
		return
	}
	s.proveNode(nodes[s.r.IntN(len(nodes))])
}

// proveAll has every serving node prove when it may, as running nodes do.
func (s *livenessScenario) proveAll() {
	half := s.f.params().UptimeProofInterval / 2
	for _, node := range s.nodes(types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING) {
		if s.f.livenessNow().Sub(s.f.live(s.keyOf(node)).LastProofAt) >= half && s.r.IntN(10) > 0 {
			s.proveNode(node)
		}
	}
}

func (s *livenessScenario) proveNode(node types.Node) {
	f := s.f
	params := f.params()
	down := node.Status == types.NODE_STATUS_DECOMMISSIONED
	var wantErr error
	switch {
	case !node.Status.Serving() && !down:
		wantErr = types.ErrWrongStatus
	case f.livenessNow().Sub(f.live(s.keyOf(node)).LastProofAt) < params.UptimeProofInterval/2 && !f.owesShare(node):
		wantErr = types.ErrProofTooSoon
	}
	if wantErr != nil {
		before := f.livenessSnapshot()
		_, err := f.sendProof(s.keyOf(node))
		f.requireRefused(err, wantErr, before)
		s.done["proof rejected"]++
		return
	}
	// Only a network too small for a quorum lets a proof bring a node back.
	small := !params.CanDecide(int(min(f.activeCount(), uint64(params.QuorumSize))))
	exhausted := f.sharesExhaust(node)
	res, err := f.sendProof(s.keyOf(node))
	require.NoError(f.t, err)
	if exhausted {
		require.NotEqual(f.t, types.NODE_STATUS_ACTIVE, f.nodeByHex(node.Pubkey).Status, "withheld shares beyond its credit fail it")
		s.done["failed for withheld shares"]++
		return
	}
	require.Equal(f.t, down && !small, res.Decommissioned)
	switch {
	case down && small:
		s.done["recommission by proof"]++
	case down:
		s.done["proof while decommissioned"]++
	default:
		s.done["proof"]++
	}
}

// vote has some members of a random node's quorum vote about it, now and
// then an outsider, and checks each outcome.
func (s *livenessScenario) vote() {
	f := s.f
	nodes := s.nodes(types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if down := s.nodes(types.NODE_STATUS_DECOMMISSIONED); len(down) > 0 && s.r.IntN(2) == 0 {
		nodes = down
	}
	if len(nodes) == 0 {
		return
	}
	tested := nodes[s.r.IntN(len(nodes))]
	if tested.Status == types.NODE_STATUS_DECOMMISSIONED && s.r.IntN(2) == 0 {
		// Its agent proves, so that its quorum may vote it back.
		s.proveNode(tested)
		tested = f.nodeByHex(tested.Pubkey)
	}
	res, err := f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: tested.Pubkey})
	if err != nil {
		require.ErrorIs(f.t, err, types.ErrWrongPeriod, "the first block of a period has no seed yet")
		return
	}
	state := types.NODE_STATE_DECOMMISSIONED
	if tested.Status == types.NODE_STATUS_DECOMMISSIONED {
		state = types.NODE_STATE_RECOMMISSIONED
	}
	if s.r.IntN(4) == 0 {
		state = types.NODE_STATE_DEREGISTERED
	}
	voters := slices.Clone(res.Quorum.Members)
	if s.r.IntN(5) == 0 {
		for _, n := range s.nodes(types.NODE_STATUS_ACTIVE) {
			if n.Pubkey != tested.Pubkey && !slices.Contains(voters, n.Pubkey) {
				voters = append(voters, n.Pubkey)
				break
			}
		}
	}
	s.r.Shuffle(len(voters), func(i, j int) { voters[i], voters[j] = voters[j], voters[i] })
	count := len(voters)
	if s.r.IntN(2) == 0 && state != types.NODE_STATE_RECOMMISSIONED {
		// Some members only; a node's quorum votes it back whole, as agents
		// that find it up do.
		count = s.r.IntN(len(voters) + 1)
	}
	for _, voterHex := range voters[:count] {
		s.voteOnce(f.nodeByHex(voterHex), tested.Pubkey, state)
	}
}

// voteOnce casts one vote and checks it against the rules: the refusal the
// rules make certain, in the order the chain checks them, or the decision
// once enough members agree.
func (s *livenessScenario) voteOnce(voter types.Node, testedHex string, state types.NodeState) {
	f := s.f
	testedNow := f.nodeByHex(testedHex)
	q, err := f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: testedHex})
	require.NoError(f.t, err)
	var wantErr error
	switch {
	case !voter.Status.Serving():
		wantErr = types.ErrWrongStatus
	case q.Quorum.Decided && state != q.Quorum.State:
		// A decided quorum takes only late votes for what it decided.
		wantErr = types.ErrVoteDecided
	case q.Quorum.Decided:
	case !statusAllows(testedNow.Status, state):
		wantErr = types.ErrWrongStatus
	case !f.params().CanDecide(len(q.Quorum.Members)):
		wantErr = types.ErrQuorumTooSmall
	default:
		wantErr = s.downError(testedNow, state)
	}
	if wantErr == nil {
		switch {
		case !slices.Contains(q.Quorum.Members, voter.Pubkey):
			wantErr = types.ErrNotQuorumMember
		case slices.ContainsFunc(f.votesAbout(s.keyOf(testedNow), 0), func(v types.NodeVote) bool { return v.Voter == voter.Pubkey }):
			wantErr = types.ErrAlreadyVoted
		}
	}
	agree := 0
	for _, v := range f.votesAbout(s.keyOf(testedNow), 0) {
		if v.State == state {
			agree++
		}
	}
	before := f.livenessSnapshot()
	res, err := f.vote(s.keyOf(voter), s.keyOf(testedNow), state)
	if wantErr != nil {
		f.requireRefused(err, wantErr, before)
		s.done["vote rejected"]++
		return
	}
	require.NoError(f.t, err)
	require.Equal(f.t, !q.Quorum.Decided && agree+1 >= int(q.Quorum.Required), res.Applied)
	s.done["vote"]++
	if res.Applied {
		s.done["vote applied: "+state.String()]++
	}
}

// statusAllows is the rule on statuses: down and out votes about serving
// nodes, back and out votes about decommissioned ones.
func statusAllows(status types.NodeStatus, state types.NodeState) bool {
	switch state {
	case types.NODE_STATE_DECOMMISSIONED:
		return status.Serving()
	case types.NODE_STATE_RECOMMISSIONED:
		return status == types.NODE_STATUS_DECOMMISSIONED
	default:
		return status.Serving() || status == types.NODE_STATUS_DECOMMISSIONED
	}
}

// downError is the refusal of an allowed vote about a decommissioned node:
// back only once it proved within the timeout since it went down; out only
// once its credit is low.
func (s *livenessScenario) downError(tested types.Node, state types.NodeState) error {
	if tested.Status != types.NODE_STATUS_DECOMMISSIONED {
		return nil
	}
	f := s.f
	params := f.params()
	rec := f.live(s.keyOf(tested))
	now := f.livenessNow()
	if state == types.NODE_STATE_RECOMMISSIONED {
		if !rec.LastProofAt.After(*rec.DecommissionedAt) || now.Sub(rec.LastProofAt) > params.UptimeProofTimeout {
			return types.ErrNotProven
		}
		return nil
	}
	if rec.CreditNow(now, params, tested.Status) >= params.MinDecommissionCredit {
		return types.ErrWrongStatus
	}
	return nil
}

// deregisterDecommissioned has governance deregister a decommissioned node.
func (s *livenessScenario) deregisterDecommissioned() {
	nodes := s.nodes(types.NODE_STATUS_DECOMMISSIONED)
	if len(nodes) == 0 {
		return
	}
	require.NoError(s.f.t, s.f.deregister(s.keyOf(nodes[s.r.IntN(len(nodes))])))
	s.done["deregister decommissioned"]++
}

// blockTime returns the time to the next block: mostly minutes, sometimes
// past a timeout, now and then past a credit.
func (s *livenessScenario) blockTime() time.Duration {
	switch n := s.r.IntN(100); {
	case n < 76:
		return time.Duration(1+s.r.IntN(15*60)) * time.Second
	case n < 95:
		return time.Duration(15+s.r.IntN(60)) * time.Minute
	default:
		return time.Duration(1+s.r.IntN(6)) * time.Hour
	}
}

// nodeByHex returns a node as stored.
func (f *fixture) nodeByHex(pk string) types.Node {
	f.t.Helper()
	node, err := f.k.Staking.Nodes.Get(f.ctx, pk)
	require.NoError(f.t, err)
	return node
}

// TestLivenessUnderRandomActivity runs random blocks of registrations,
// contributions, proofs, votes, unlocks, deregistrations, claims, emissions
// and time jumps with short liveness params, and after every block checks
// the numbered active set and the queues against the nodes (checkLiveness)
// and the module's conservation (endBlock).
func TestLivenessUnderRandomActivity(t *testing.T) {
	done := map[string]int{}
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			// Gaps over 20 minutes are halts, which the liveness clock
			// skips: nodes time out over runs of short blocks without
			// proofs, not all at once at every long gap.
			f := newFixture(t, withParams(withShortLiveness), withParams(func(p *types.Params) { p.HaltThreshold = 20 * time.Minute }))
			s := &livenessScenario{&scenario{f: f, r: rand.New(rand.NewPCG(seed, 0x11fe)), claimed: math.ZeroInt(), done: map[string]int{}}}
			// Enough nodes that quorums can decide (eight serving nodes) for
			// most of the run, while small-network rules still come up.
			for range 30 {
				s.keys = append(s.keys, nodeKey(1000+len(s.keys)))
				f.soloNode(s.keys[len(s.keys)-1], s.account(), uint32(s.r.IntN(2_000)))
			}
			actions := []func(){
				s.register, s.register, s.contribute, s.contribute, s.contribute, s.withdraw, s.unlock, s.claim,
				s.deregister, s.deregisterDecommissioned, s.prove, s.prove, s.prove, s.vote, s.vote, s.vote, s.vote,
			}
			for step := range 400 {
				dt := s.blockTime()
				if step%100 == 99 {
					dt = 31 * day // every exit comes due
				}
				f.nextBlock(dt)
				if s.r.IntN(5) > 0 {
					f.emit(s.emissionAmount())
				}
				if s.r.IntN(3) > 0 {
					s.proveAll()
				}
				for range s.r.IntN(5) {
					actions[s.r.IntN(len(actions))]()
				}
				f.endBlock()
				f.checkLiveness()
				// Every nsesh is in an account, the module or the pool.
				total := f.balance(moduleAddr).Add(f.balance(poolAddr))
				for i := byte(1); i <= numAccounts; i++ {
					total = total.Add(f.balance(testAddr(i)))
				}
				require.Equal(t, startBalance.MulRaw(numAccounts).Add(f.emitted).String(), total.String())
				for _, ev := range events[*types.EventNodeDecommissioned](f) {
					s.done["decommissioned: "+ev.Reason]++
				}
				for _, ev := range events[*types.EventNodeFailed](f) {
					s.done["failed: "+ev.Reason]++
				}
				s.done["exit"] += len(events[*types.EventNodeExited](f))
			}
			t.Logf("%v", s.done)
			for kind, n := range s.done {
				done[kind] += n
			}
		})
	}
	// Over the three runs, every path was taken (a quorum's decision needs
	// eight serving nodes and seven votes, which a run does only now and
	// then).
	for _, kind := range []string{
		"register", "activate", "unlock", "claim", "deregister", "deregister decommissioned", "exit",
		"proof", "proof rejected", "proof while decommissioned", "vote", "vote rejected",
		"vote applied: NODE_STATE_DECOMMISSIONED", "vote applied: NODE_STATE_RECOMMISSIONED",
		"vote applied: NODE_STATE_DEREGISTERED",
		"decommissioned: uptime proof timeout", "decommissioned: quorum vote",
		"failed: uptime proof timeout", "failed: credit exhausted",
	} {
		require.Positive(t, done[kind], "the scenario never did %q", kind)
	}
}
