package nodeagent

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestRotatedNodeSignsWithItsKeyAndNamesItsID: with node_id set, the agent
// names the node by its ID in proofs and votes and signs them, seed proof
// included, with the key in key_file.
func TestRotatedNodeSignsWithItsKeyAndNamesItsID(t *testing.T) {
	f := newFixture(t)
	rotated, rotatedHex := newKey(t, 9)
	cfg := *f.agent.cfg
	cfg.Node.NodeID = f.self
	require.NotContains(t, cfg.Validate().Error(), "node_id")
	agent := New(&cfg, f.chain, rotated, f.probe, NewMetrics(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.Equal(t, f.self, agent.Pubkey())

	f.chain.block.Time = f.now.Add(30 * time.Minute)
	require.NoError(t, agent.Round(context.Background()))
	require.NotEmpty(t, f.chain.sent)
	msg, ok := f.chain.sent[0].(*types.MsgUptimeProof)
	require.True(t, ok)
	require.Equal(t, f.self, hex.EncodeToString(msg.Pubkey), "named by its ID")
	signBytes, err := types.UptimeProofSignBytes(testChainID, f.self, types.UptimeProof{
		Seq: msg.Seq, BlockHeight: msg.BlockHeight, AppHash: msg.AppHash, Endpoint: msg.Endpoint,
	})
	require.NoError(t, err)
	newPub, err := hex.DecodeString(rotatedHex)
	require.NoError(t, err)
	require.True(t, ed25519.Verify(newPub, signBytes, msg.Signature), "signed by the rotated key")
	_, err = types.VerifySeedProof(newPub, msg.SeedProof, types.SeedInput(testChainID, 6, make([]byte, types.SeedSize)))
	require.NoError(t, err, "the rotated key's seed proof")

	cfg.Node.NodeID = "AB"
	require.ErrorContains(t, cfg.Validate(), "node.node_id")
}
