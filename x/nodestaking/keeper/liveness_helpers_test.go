package keeper_test

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/liveness"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// withShortLiveness sets liveness params a test can walk through in a few
// blocks: proofs every 10 minutes, a 25-minute timeout, 1-hour periods.
func withShortLiveness(p *types.Params) {
	p.UptimeProofInterval = 10 * time.Minute
	p.UptimeProofTimeout = 25 * time.Minute
}

// node returns a node as stored.
func (f *fixture) node(key ed25519.PrivateKey) types.Node {
	f.t.Helper()
	node, err := f.k.Staking.Nodes.Get(f.ctx, keyHex(key))
	require.NoError(f.t, err)
	return node
}

// operator returns a node's operator.
func (f *fixture) operator(key ed25519.PrivateKey) sdk.AccAddress {
	f.t.Helper()
	addr, err := sdk.AccAddressFromBech32(f.node(key).Operator)
	require.NoError(f.t, err)
	return addr
}

// keysList returns node keys 1..n.
func keysList(n int) []ed25519.PrivateKey {
	out := make([]ed25519.PrivateKey, n)
	for i := range out {
		out[i] = nodeKey(i + 1)
	}
	return out
}

// indexOf returns i for nodeKey(i), among the first 1000.
func indexOf(key ed25519.PrivateKey) int {
	for i := 1; i <= 1000; i++ {
		if keyHex(nodeKey(i)) == keyHex(key) {
			return i
		}
	}
	panic("not a test node key")
}

// status returns a node's status.
func (f *fixture) status(key ed25519.PrivateKey) types.NodeStatus { return f.node(key).Status }

// params returns the params in force.
func (f *fixture) params() types.Params {
	f.t.Helper()
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(f.t, err)
	return p
}

// testEndpoint is the endpoint the test proofs register.
func testEndpoint() types.NodeEndpoint {
	return types.NodeEndpoint{PublicIp: "203.0.113.7", StoragePort: 22021, QuicPort: 22020, NodeVersion: "11.0.2", StorageVersion: "2.8.0"}
}

// lastBlockProof is proof number seq naming the block before the current
// one, the newest committed block, with testEndpoint.
func (f *fixture) lastBlockProof(seq uint64) types.UptimeProof {
	return types.UptimeProof{Seq: seq, BlockHeight: f.height - 1, AppHash: appHashAt(f.height - 1), Endpoint: testEndpoint()}
}

// proofMsg returns proof number seq of key, naming the last committed
// block, signed for chain.
func (f *fixture) proofMsg(sender sdk.AccAddress, key ed25519.PrivateKey, chain string, seq uint64) *types.MsgUptimeProof {
	msg := signProof(sender, key, key, chain, f.lastBlockProof(seq))
	msg.SeedProof = types.SeedProofFor(key, chain, f.seedRound())
	return msg
}

// seedRound returns the seed round in progress (nil before the first).
func (f *fixture) seedRound() *types.SeedRound {
	f.t.Helper()
	res, err := f.queries.SeedRound(f.ctx, &types.QuerySeedRoundRequest{})
	require.NoError(f.t, err)
	return res.Round
}

// signProof returns a proof message of key whose signature is signer's
// over chain and p.
func signProof(sender sdk.AccAddress, key, signer ed25519.PrivateKey, chain string, p types.UptimeProof) *types.MsgUptimeProof {
	signBytes, err := types.UptimeProofSignBytes(chain, keyHex(key), p)
	if err != nil {
		panic(err)
	}
	return &types.MsgUptimeProof{
		Sender: sender.String(), Pubkey: pubkey(key), Seq: p.Seq, Signature: ed25519.Sign(signer, signBytes),
		BlockHeight: p.BlockHeight, AppHash: p.AppHash, Endpoint: p.Endpoint,
	}
}

// sendProof sends key's next uptime proof, paid by testAddr(1).
func (f *fixture) sendProof(key ed25519.PrivateKey) (*types.MsgUptimeProofResponse, error) {
	f.t.Helper()
	seq := uint64(1)
	if rec, has, err := f.k.Liveness.Record(f.ctx, keyHex(key)); err == nil && has {
		seq = rec.Proofs + 1
	}
	return f.msgs.UptimeProof(f.ctx, f.proofMsg(testAddr(1), key, chainID, seq))
}

// prove sends key's next uptime proof, which must be accepted.
func (f *fixture) prove(key ed25519.PrivateKey) *types.MsgUptimeProofResponse {
	f.t.Helper()
	res, err := f.sendProof(key)
	require.NoError(f.t, err)
	return res
}

// voteMsg returns voter's vote about tested, signed by voter for chain.
func voteMsg(voter, tested ed25519.PrivateKey, chain string, period uint64, state types.NodeState) *types.MsgNodeStateVote {
	signBytes, err := types.NodeStateVoteSignBytes(chain, testAddr(1).String(), keyHex(voter), keyHex(tested), period, state)
	if err != nil {
		panic(err)
	}
	return &types.MsgNodeStateVote{
		Sender: testAddr(1).String(), Voter: pubkey(voter), Tested: pubkey(tested), Period: period, State: state,
		Signature: ed25519.Sign(voter, signBytes),
	}
}

// vote casts voter's vote about tested in the current period.
func (f *fixture) vote(voter, tested ed25519.PrivateKey, state types.NodeState) (*types.MsgNodeStateVoteResponse, error) {
	return f.msgs.NodeStateVote(f.ctx, voteMsg(voter, tested, chainID, f.period(), state))
}

// period returns the current testing period.
func (f *fixture) period() uint64 { return types.Period(f.now(), f.params().TestingPeriod) }

// quorum returns the Quorum query's answer for key in a period (0: current).
func (f *fixture) quorum(key ed25519.PrivateKey, period uint64) types.Quorum {
	f.t.Helper()
	res, err := f.queries.Quorum(f.ctx, &types.QueryQuorumRequest{Pubkey: keyHex(key), Period: period})
	require.NoError(f.t, err)
	return res.Quorum
}

// liveness returns the Liveness query's answer for key.
func (f *fixture) liveness(key ed25519.PrivateKey) *types.QueryLivenessResponse {
	f.t.Helper()
	res, err := f.queries.Liveness(f.ctx, &types.QueryLivenessRequest{Pubkey: keyHex(key)})
	require.NoError(f.t, err)
	return res
}

// withHash sets the hash of the current block, from which the first block
// of a period draws the period's seed.
func (f *fixture) withHash(hash []byte) {
	h := f.ctx.HeaderInfo()
	h.Hash = hash
	f.ctx = f.ctx.WithHeaderInfo(h)
}

// toNextPeriod moves to the first block of the next testing period, dt
// after its start, with the given block hash, and ends it: its EndBlock
// fixes the period's seed.
func (f *fixture) toNextPeriod(dt time.Duration, hash []byte) {
	f.t.Helper()
	length := f.params().TestingPeriod
	start := time.Unix(0, int64(f.period()+1)*int64(length)) //nolint:gosec // test times are after 1970
	f.nextBlock(start.Add(dt).Sub(f.now()))
	f.withHash(hash)
	f.endBlock()
}

// keysByHex maps node keys 1..n by their hex names.
func keysByHex(n int) map[string]ed25519.PrivateKey {
	out := make(map[string]ed25519.PrivateKey, n)
	for i := 1; i <= n; i++ {
		out[keyHex(nodeKey(i))] = nodeKey(i)
	}
	return out
}

// soloNodes registers nodes first..last, each fully staked by its own
// account (testAddr(i), or testAddr(i-numAccounts) once they run out).
func (f *fixture) soloNodes(first, last int) {
	f.t.Helper()
	for i := first; i <= last; i++ {
		f.soloNode(nodeKey(i), testAddr(byte((i-1)%numAccounts+1)), 0)
	}
}

// proofDeadlines and creditRunsOut return a liveness queue as "unixnano/node".
func (f *fixture) proofDeadlines() []string { return f.timeQueue(f.k.Liveness.ProofDeadlines) }

func (f *fixture) creditRunsOut() []string { return f.timeQueue(f.k.Liveness.CreditRunsOut) }

func (f *fixture) timeQueue(q collections.KeySet[collections.Pair[int64, string]]) []string {
	f.t.Helper()
	it, err := q.Iterate(f.ctx, nil)
	require.NoError(f.t, err)
	keys, err := it.Keys()
	require.NoError(f.t, err)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%d/%s", k.K1(), k.K2())
	}
	return out
}

// activeOrder returns the numbered active set in index order.
func (f *fixture) activeOrder() []string {
	f.t.Helper()
	var out []string
	require.NoError(f.t, f.k.Liveness.WalkActive(f.ctx, func(idx uint64, pk string) (bool, error) {
		require.Equal(f.t, uint64(len(out)), idx, "the numbers run 0..n-1")
		out = append(out, pk)
		return false, nil
	}))
	return out
}

// checkLiveness checks the liveness bookkeeping against the nodes, with the
// params unchanged since the nodes' deadlines were set:
//   - the pages of ActivePages number exactly the ACTIVE nodes 0..n-1,
//     every page but the last full, ActiveIndexOf is the inverse,
//     ActiveCount is n;
//   - ProofDeadlines holds exactly one entry per serving (ACTIVE or
//     UNLOCKING) node, which are the numbered set, at its last
//     proof + timeout; CreditRunsOut one per DECOMMISSIONED node, when its
//     credit is gone;
//   - the earning-node count is the number of ACTIVE and UNLOCKING nodes;
//   - DecommissionedCount (the metrics counter) is the number of
//     DECOMMISSIONED nodes, and only they have a decommission time.
func (f *fixture) checkLiveness() {
	f.t.Helper()
	params := f.params()
	var active, deadlines, runsOut []string
	earning := uint64(0)
	require.NoError(f.t, f.k.Staking.Nodes.Walk(f.ctx, nil, func(pk string, n types.Node) (bool, error) {
		rec, has, err := f.k.Liveness.Record(f.ctx, pk)
		require.NoError(f.t, err)
		require.Equal(f.t, n.ActivatedAt != nil, has, "a node has a liveness record once activated: %s node %s", n.Status, pk)
		switch {
		case n.Status.Serving():
			active = append(active, pk)
			deadlines = append(deadlines, fmt.Sprintf("%d/%s", rec.LastProofAt.Add(params.UptimeProofTimeout).UnixNano(), pk))
			require.Nil(f.t, rec.DecommissionedAt, "serving node %s", pk)
		case n.Status == types.NODE_STATUS_DECOMMISSIONED:
			runsOut = append(runsOut, fmt.Sprintf("%d/%s", rec.CreditAt.Add(rec.Credit).UnixNano(), pk))
			require.NotNil(f.t, rec.DecommissionedAt, "decommissioned node %s", pk)
		default:
			require.Nil(f.t, rec.DecommissionedAt, "%s node %s", n.Status, pk)
		}
		if n.Earning() {
			earning++
		}
		return false, nil
	}))
	order := f.activeOrder()
	count, err := f.k.Liveness.ActiveCount.Get(f.ctx)
	if errors.Is(err, collections.ErrNotFound) {
		count, err = 0, nil
	}
	require.NoError(f.t, err)
	require.Equal(f.t, uint64(len(active)), count, "active_count")
	require.Len(f.t, order, len(active), "active_by_index")
	require.ElementsMatch(f.t, active, order, "the numbered set is the active nodes")
	for i, pk := range order {
		idx, err := f.k.Liveness.ActiveIndexOf.Get(f.ctx, pk)
		require.NoError(f.t, err)
		require.Equal(f.t, uint64(i), idx, "index of %s", pk)
		at, err := f.k.Liveness.ActiveAt(f.ctx, uint64(i))
		require.NoError(f.t, err)
		require.Equal(f.t, pk, at, "index %d", i)
	}
	pages := 0
	require.NoError(f.t, f.k.Liveness.ActivePages.Walk(f.ctx, nil, func(page uint64, b []byte) (bool, error) {
		require.Equal(f.t, uint64(pages), page, "pages are numbered 0..")
		want := min(len(order)-pages*liveness.ActivePageSize, liveness.ActivePageSize) * types.PubkeySize
		require.Equal(f.t, want, len(b), "page %d of %d active nodes", page, len(order))
		pages++
		return false, nil
	}))
	require.Equal(f.t, (len(order)+liveness.ActivePageSize-1)/liveness.ActivePageSize, pages, "pages of %d active nodes", len(order))
	var indexOf []string
	require.NoError(f.t, f.k.Liveness.ActiveIndexOf.Walk(f.ctx, nil, func(pk string, _ uint64) (bool, error) {
		indexOf = append(indexOf, pk)
		return false, nil
	}))
	require.ElementsMatch(f.t, active, indexOf, "active_index_of")
	slices.Sort(deadlines)
	slices.Sort(runsOut)
	require.Equal(f.t, deadlines, nilIfEmpty(f.proofDeadlines()), "proof deadlines")
	require.Equal(f.t, runsOut, nilIfEmpty(f.creditRunsOut()), "credit runs out")
	require.Equal(f.t, earning, f.activeCount(), "earning nodes")
	decommissioned, err := f.k.Liveness.DecommissionedCount.Get(f.ctx)
	if errors.Is(err, collections.ErrNotFound) {
		decommissioned, err = 0, nil
	}
	require.NoError(f.t, err)
	require.Equal(f.t, uint64(len(runsOut)), decommissioned, "decommissioned count")
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// livenessSnapshot is a snapshot with the liveness queues, which the
// exported genesis leaves out (InitGenesis rebuilds them).
type livenessSnapshot struct {
	snapshot
	ProofDeadlines []string
	CreditRunsOut  []string
}

func (f *fixture) livenessSnapshot() livenessSnapshot {
	f.t.Helper()
	return livenessSnapshot{snapshot: f.snapshot(), ProofDeadlines: f.proofDeadlines(), CreditRunsOut: f.creditRunsOut()}
}

// requireRefused checks that err is wantErr and that the state, liveness
// queues included, is still the before snapshot.
func (f *fixture) requireRefused(err, wantErr error, before livenessSnapshot) {
	f.t.Helper()
	require.ErrorIs(f.t, err, wantErr)
	require.Equal(f.t, before, f.livenessSnapshot(), "a rejected Msg changed the state")
}

// livenessNow reads the liveness clock: block time less the halts.
func (f *fixture) livenessNow() time.Time {
	f.t.Helper()
	now, err := f.k.Liveness.Now(f.ctx)
	require.NoError(f.t, err)
	return now
}

// overdue reports whether a serving node's proof is overdue: more than an
// interval since its last one.
func (f *fixture) overdue(pk string) bool {
	f.t.Helper()
	rec, err := f.k.Liveness.Records.Get(f.ctx, pk)
	require.NoError(f.t, err)
	return f.livenessNow().After(rec.LastProofAt.Add(f.params().UptimeProofInterval))
}

// live returns a node's liveness record, which it must have.
func (f *fixture) live(key ed25519.PrivateKey) types.LivenessRecord {
	f.t.Helper()
	rec, err := f.k.Liveness.Records.Get(f.ctx, keyHex(key))
	require.NoError(f.t, err)
	return rec
}
