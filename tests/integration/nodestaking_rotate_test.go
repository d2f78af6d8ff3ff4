package integration

import (
	"crypto/ed25519"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/testutil"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestNodeKeyRotation rotates a node's key through the whole app: its old
// key's proof is then refused and the new key's accepted, the node keeps
// its ID, and the rotation survives an export and import.
func TestNodeKeyRotation(t *testing.T) {
	c := livenessChain(t, 2, nil)
	c.NextBlock(time.Second)
	op := c.Accounts[0]
	keys := registerNodes(t, c, c.Accounts)
	node := keys[0]
	seed := sha256.Sum256([]byte("rotated node key"))
	newKey := ed25519.NewKeyFromSeed(seed[:])

	r := c.Deliver(time.Second, c.Accounts[1], testutil.RotateNodeKeyMsg(t, c.ChainID, c.Accounts[1].Address, node, newKey, 0))
	requireCode(t, r, nstypes.ErrNotOperator)
	r = c.Deliver(time.Second, op, testutil.RotateNodeKeyMsg(t, c.ChainID, op.Address, node, newKey, 0))
	require.Zero(t, r.Code, r.Log)
	require.Len(t, typedEvents[*nstypes.EventNodeKeyRotated](t, r.Events), 1)
	require.Equal(t, nodeID(newKey), nodeOf(t, c, node).SigningKey)

	c.NextBlock(time.Hour)
	height, appHash := c.LastBlock()
	r = c.Deliver(time.Second, op, testutil.UptimeProofMsg(t, c, op.Address, node, 1, height, appHash))
	requireCode(t, r, nstypes.ErrInvalidSignature)
	height, appHash = c.LastBlock()
	r = c.Deliver(time.Second, op, testutil.UptimeProofMsgSignedBy(t, c, op.Address, node, newKey, 1, height, appHash))
	require.Zero(t, r.Code, r.Log)
	require.Equal(t, uint64(1), recordOf(t, c, node).Proofs)
	requireNodeConservation(t, c)

	g := testutil.RestartFromExport(t, c)
	g.NextBlock(time.Second)
	res, err := nsQuery(g).NodeBySigningKey(g.Ctx(), &nstypes.QueryNodeBySigningKeyRequest{SigningKey: nodeID(newKey)})
	require.NoError(t, err)
	require.Equal(t, nodeID(node), res.Node.Pubkey)
	r = g.Deliver(time.Second, op, testutil.RotateNodeKeyMsg(t, g.ChainID, op.Address, keys[1], newKey, 0))
	requireCode(t, r, nstypes.ErrNotOperator)
	r = g.Deliver(time.Second, g.Accounts[1], testutil.RotateNodeKeyMsg(t, g.ChainID, g.Accounts[1].Address, keys[1], newKey, 0))
	requireCode(t, r, nstypes.ErrKeyUsed)
}
