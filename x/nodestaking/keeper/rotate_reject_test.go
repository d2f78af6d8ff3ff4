package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestRotateNodeKeyRefused: every refusal names its registered error and
// leaves the state unchanged; a rotated-to key is used for good.
func TestRotateNodeKeyRefused(t *testing.T) {
	f := newFixture(t, withoutProofDuty)
	f.soloNodes(1, 4)
	require.NoError(t, f.register(testAddr(9), nodeKey(9), sesh(10_000), 0)) // awaiting
	f.rotate(nodeKey(3), nodeKey(301))
	require.NoError(t, f.deregister(nodeKey(4)))
	f.endBlock()
	f.nextBlock(time.Hour)
	op1 := f.operator(nodeKey(1))
	key := nodeKey(1)
	fresh := nodeKey(100)

	for _, tc := range []struct {
		name    string
		msg     *types.MsgRotateNodeKey
		wantErr error
	}{
		{"unknown node", rotateMsg(op1, nodeKey(50), fresh, chainID, 0), types.ErrNodeNotFound},
		{"not the operator", rotateMsg(testAddr(20), key, fresh, chainID, 0), types.ErrNotOperator},
		{"the key it signs with", rotateMsg(op1, key, key, chainID, 0), types.ErrSameKey},
		{"another node's ID", rotateMsg(op1, key, nodeKey(2), chainID, 0), types.ErrKeyUsed},
		{"a key another node rotated to", rotateMsg(op1, key, nodeKey(301), chainID, 0), types.ErrKeyUsed},
		{"a deregistered node", rotateMsg(f.operator(nodeKey(4)), nodeKey(4), fresh, chainID, 0), types.ErrRotationStatus},
		{"within the cooldown", rotateMsg(f.operator(nodeKey(3)), nodeKey(3), fresh, chainID, 1), types.ErrRotationTooSoon},
		{"signed for another chain", rotateMsg(op1, key, fresh, "other-chain", 0), types.ErrRotationSig},
		{"signed at another rotation count", rotateMsg(op1, key, fresh, chainID, 1), types.ErrRotationSig},
		{"signed for another node", func() *types.MsgRotateNodeKey {
			m := rotateMsg(op1, nodeKey(2), fresh, chainID, 0)
			m.NodePubkey = pubkey(key)
			return m
		}(), types.ErrRotationSig},
		{"signed by another key", func() *types.MsgRotateNodeKey {
			m := rotateMsg(op1, key, nodeKey(102), chainID, 0)
			m.NewPubkey = pubkey(fresh)
			return m
		}(), types.ErrRotationSig},
		{"short new key", func() *types.MsgRotateNodeKey {
			m := rotateMsg(op1, key, fresh, chainID, 0)
			m.NewPubkey = m.NewPubkey[:31]
			return m
		}(), types.ErrInvalidPubkey},
		{"short signature", func() *types.MsgRotateNodeKey {
			m := rotateMsg(op1, key, fresh, chainID, 0)
			m.Signature = m.Signature[:63]
			return m
		}(), types.ErrInvalidSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.msgs.RotateNodeKey(f.ctx, tc.msg)
			f.requireRejected(err, tc.wantErr, before)
		})
	}

	// Another operator's rotation signature does not serve node 1's operator.
	other := rotateMsg(testAddr(20), key, fresh, chainID, 0)
	other.Operator = op1.String()
	before := f.snapshot()
	_, err := f.msgs.RotateNodeKey(f.ctx, other)
	f.requireRejected(err, types.ErrRotationSig, before)

	// A key rotated to never registers; the awaiting node may rotate.
	before = f.snapshot()
	err = f.register(testAddr(10), nodeKey(301), sesh(10_000), 0)
	f.requireRejected(err, types.ErrNodeExists, before)
	f.rotate(nodeKey(9), nodeKey(901))

	// After the cooldown node 3 rotates again, at its new count only.
	f.nextBlock(types.DefaultKeyRotationCooldown)
	replay := rotateMsg(f.operator(nodeKey(3)), nodeKey(3), fresh, chainID, 0)
	before = f.snapshot()
	_, err = f.msgs.RotateNodeKey(f.ctx, replay)
	f.requireRejected(err, types.ErrRotationSig, before)
	f.rotate(nodeKey(3), fresh)
	require.Equal(t, uint64(2), f.node(nodeKey(3)).KeyRotations)
	has, err := f.k.Staking.SigningKeys.Has(f.ctx, keyHex(nodeKey(301)))
	require.NoError(t, err)
	require.False(t, has, "the index drops the key rotated away from")
	_, err = f.msgs.RotateNodeKey(f.ctx, rotateMsg(op1, key, nodeKey(301), chainID, 0))
	require.ErrorIs(t, err, types.ErrKeyUsed, "a key rotated away from stays used")
}

// TestRotateNodeKeyGenesis: the rotation fields and the index survive an
// export and import, and inconsistent ones are refused.
func TestRotateNodeKeyGenesis(t *testing.T) {
	f := newFixture(t, withoutProofDuty)
	f.soloNodes(1, 3)
	f.rotate(nodeKey(1), nodeKey(101))
	f.nextBlock(types.DefaultKeyRotationCooldown)
	f.rotate(nodeKey(1), nodeKey(102))
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Contains(t, exported.UsedPubkeys, keyHex(nodeKey(101)))
	require.NotContains(t, exported.UsedPubkeys, keyHex(nodeKey(102)), "a node's signing key is listed with it")

	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())
	require.Equal(t, f.snapshot().Genesis, g.snapshot().Genesis)
	res, err := g.queries.NodeBySigningKey(g.ctx, &types.QueryNodeBySigningKeyRequest{SigningKey: keyHex(nodeKey(102))})
	require.NoError(t, err)
	require.Equal(t, keyHex(nodeKey(1)), res.Node.Pubkey)
	_, err = g.msgs.RotateNodeKey(g.ctx, rotateMsg(g.operator(nodeKey(2)), nodeKey(2), nodeKey(102), chainID, 0))
	require.ErrorIs(t, err, types.ErrKeyUsed, "the imported signing key counts as used")
	g.checkConservation()

	for _, tc := range []struct {
		name   string
		change func(n *types.Node)
	}{
		{"another node's ID", func(n *types.Node) { n.SigningKey = keyHex(nodeKey(2)) }},
		{"a used key", func(n *types.Node) { n.SigningKey = keyHex(nodeKey(101)) }},
		{"upper case", func(n *types.Node) { n.SigningKey = "AB" + n.SigningKey[2:] }},
		{"no rotation counted", func(n *types.Node) { n.KeyRotations = 0 }},
		{"no rotation time", func(n *types.Node) { n.KeyRotatedAt = nil }},
		{"a count without a key", func(n *types.Node) { n.SigningKey = "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := *exported
			bad.Nodes = append([]types.NodeRecord(nil), exported.Nodes...)
			for i := range bad.Nodes {
				if bad.Nodes[i].Node.Pubkey == keyHex(nodeKey(1)) {
					tc.change(&bad.Nodes[i].Node)
				}
			}
			require.ErrorIs(t, bad.Validate(), types.ErrInvalidGenesis)
		})
	}
}

// TestRotatedNodeRemovalDropsItsIndexEntry: a rotated node that is removed
// (here cancelled by its operator) leaves no index entry, and its signing
// key stays used.
func TestRotatedNodeRemovalDropsItsIndexEntry(t *testing.T) {
	f := newFixture(t, withoutProofDuty)
	require.NoError(t, f.register(testAddr(1), nodeKey(1), sesh(10_000), 0))
	f.rotate(nodeKey(1), nodeKey(101))
	f.nextBlock(f.params().WithdrawDelay)
	require.NoError(t, f.withdraw(testAddr(1), nodeKey(1)))
	require.False(t, f.hasNode(nodeKey(1)))
	has, err := f.k.Staking.SigningKeys.Has(f.ctx, keyHex(nodeKey(101)))
	require.NoError(t, err)
	require.False(t, has)
	f.checkConservation()
	err = f.register(testAddr(2), nodeKey(101), sesh(10_000), 0)
	require.ErrorIs(t, err, types.ErrNodeExists, "a key rotated to never registers")
}
