package keeper_test

import (
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// rotateMsg returns operator's rotation of node to newKey, signed by newKey
// for chain at the node's rotation count rotations.
func rotateMsg(operator sdk.AccAddress, node, newKey ed25519.PrivateKey, chain string, rotations uint64) *types.MsgRotateNodeKey {
	signBytes, err := types.RotationSignBytes(chain, keyHex(node), keyHex(newKey), operator.String(), rotations)
	if err != nil {
		panic(err)
	}
	return &types.MsgRotateNodeKey{
		Operator: operator.String(), NodePubkey: pubkey(node), NewPubkey: pubkey(newKey),
		Signature: ed25519.Sign(newKey, signBytes),
	}
}

// rotate has node's operator rotate it to newKey; it must be accepted.
func (f *fixture) rotate(node, newKey ed25519.PrivateKey) {
	f.t.Helper()
	n := f.node(node)
	operator, err := sdk.AccAddressFromBech32(n.Operator)
	require.NoError(f.t, err)
	res, err := f.msgs.RotateNodeKey(f.ctx, rotateMsg(operator, node, newKey, chainID, n.KeyRotations))
	require.NoError(f.t, err)
	require.Equal(f.t, n.KeyRotations+1, res.Rotations)
}

// proofSignedBy returns node's next proof signed, seed proof included, by
// signer.
func (f *fixture) proofSignedBy(node, signer ed25519.PrivateKey) *types.MsgUptimeProof {
	seq := uint64(1)
	if rec, has, err := f.k.Liveness.Record(f.ctx, keyHex(node)); err == nil && has {
		seq = rec.Proofs + 1
	}
	msg := signProof(testAddr(1), node, signer, chainID, f.lastBlockProof(seq))
	msg.SeedProof = types.SeedProofFor(signer, chainID, f.seedRound())
	return msg
}

// voteSignedBy returns voter's vote about tested in the current period,
// signed by signer.
func (f *fixture) voteSignedBy(voter, signer, tested ed25519.PrivateKey, state types.NodeState) *types.MsgNodeStateVote {
	msg := voteMsg(voter, tested, chainID, f.period(), state)
	signBytes, err := types.NodeStateVoteSignBytes(chainID, msg.Sender, keyHex(voter), keyHex(tested), f.period(), state)
	require.NoError(f.t, err)
	msg.Signature = ed25519.Sign(signer, signBytes)
	return msg
}

// TestRotateNodeKeyMovesProofsToTheNewKey: after a rotation the node's
// proofs, seed proofs included, are verified against the new key only; the
// node keeps its ID, and the queries show the key it signs with.
func TestRotateNodeKeyMovesProofsToTheNewKey(t *testing.T) {
	f := newFixture(t, withLiveness)
	f.soloNodes(1, 3)
	f.nextBlock(time.Minute)
	f.endBlock()
	f.nextBlock(time.Minute)
	node, oldKey, newKey := nodeKey(1), nodeKey(1), nodeKey(101)
	round := f.seedRound()
	require.NotNil(t, round, "proofs carry seed proofs")
	f.rotate(node, newKey)
	rec, _, err := f.k.Liveness.Record(f.ctx, keyHex(node))
	require.NoError(t, err)
	require.Equal(t, round.Number+2, rec.NextShare, "the new key is bound: its shares count from the second round after this one")
	n := f.node(node)
	require.Equal(t, keyHex(newKey), n.SigningKey)
	require.Equal(t, uint64(1), n.KeyRotations)
	require.True(t, f.now().Equal(*n.KeyRotatedAt))
	require.Equal(t, []*types.EventNodeKeyRotated{{
		Node: keyHex(node), Operator: n.Operator, OldKey: keyHex(oldKey), NewKey: keyHex(newKey), Rotations: 1,
	}}, events[*types.EventNodeKeyRotated](f))
	res, err := f.queries.Node(f.ctx, &types.QueryNodeRequest{Pubkey: keyHex(node)})
	require.NoError(t, err)
	require.Equal(t, keyHex(newKey), res.SigningKey)
	byKey, err := f.queries.NodeBySigningKey(f.ctx, &types.QueryNodeBySigningKeyRequest{SigningKey: keyHex(newKey)})
	require.NoError(t, err)
	require.Equal(t, keyHex(node), byKey.Node.Pubkey)
	_, err = f.queries.NodeBySigningKey(f.ctx, &types.QueryNodeBySigningKeyRequest{SigningKey: keyHex(oldKey)})
	require.ErrorIs(t, err, types.ErrNodeNotFound, "the ID no longer signs")
	f.endBlock()

	f.nextBlock(f.params().UptimeProofInterval)
	before := f.livenessSnapshot()
	_, err = f.msgs.UptimeProof(f.ctx, f.proofSignedBy(node, oldKey))
	f.requireRefused(err, types.ErrInvalidSignature, before)
	mixed := f.proofSignedBy(node, newKey)
	mixed.SeedProof = types.SeedProofFor(oldKey, chainID, f.seedRound())
	_, err = f.msgs.UptimeProof(f.ctx, mixed)
	f.requireRefused(err, types.ErrInvalidSeedProof, before)
	_, err = f.msgs.UptimeProof(f.ctx, f.proofSignedBy(node, newKey))
	require.NoError(t, err)
	require.Equal(t, uint64(1), f.liveness(node).Proofs)
	f.endBlock()
	f.nextBlock(time.Minute)
	ends, err := f.queries.Endpoints(f.ctx, &types.QueryEndpointsRequest{})
	require.NoError(t, err)
	require.Len(t, ends.Endpoints, 1)
	require.Equal(t, keyHex(node), ends.Endpoints[0].Pubkey)
	require.Equal(t, keyHex(newKey), ends.Endpoints[0].SigningKey, "clients find the key the node serves with")
}

// TestRotateNodeKeyMovesVotesToTheNewKey: a quorum member that rotated
// votes with its new key, by its ID; its old key's vote is refused, and
// only the new key's is free.
func TestRotateNodeKeyMovesVotesToTheNewKey(t *testing.T) {
	f := quorumFixture(t, 12)
	tested := nodeKey(1)
	voters := members(f.quorum(tested, 0), keysByHex(12))
	voter, newKey := voters[0], nodeKey(201)
	f.rotate(voter, newKey)
	f.endBlock()
	f.nextBlock(time.Second)

	params := f.params()
	old := f.voteSignedBy(voter, voter, tested, types.NODE_STATE_DECOMMISSIONED)
	_, free, err := f.k.Liveness.FreeVote(f.ctx, old, params)
	require.NoError(t, err)
	require.False(t, free)
	before := f.livenessSnapshot()
	_, err = f.msgs.NodeStateVote(f.ctx, old)
	f.requireRefused(err, types.ErrInvalidSignature, before)

	vote := f.voteSignedBy(voter, newKey, tested, types.NODE_STATE_DECOMMISSIONED)
	_, free, err = f.k.Liveness.FreeVote(f.ctx, vote, params)
	require.NoError(t, err)
	require.True(t, free)
	_, err = f.msgs.NodeStateVote(f.ctx, vote)
	require.NoError(t, err)
	require.Equal(t, []*types.EventNodeStateVote{{
		Period: f.period(), Tested: keyHex(tested), Voter: keyHex(voter), State: "NODE_STATE_DECOMMISSIONED",
	}}, events[*types.EventNodeStateVote](f))
}
