package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// An uptime proof names a recent block of the chain: it cannot be signed
// before that block is committed, nor used long after, so proofs signed
// ahead of time and relayed later are refused.
func TestUptimeProofNeedsARecentBlock(t *testing.T) {
	key := nodeKey(1)
	// withBlock is the next proof of key naming block h with app hash hash.
	withBlock := func(f *fixture, h int64, hash []byte) *types.MsgUptimeProof {
		p := f.lastBlockProof(f.live(key).Proofs + 1)
		p.BlockHeight, p.AppHash = h, hash
		return signProof(testAddr(1), key, key, chainID, p)
	}
	tests := []struct {
		name    string
		msg     func(f *fixture) *types.MsgUptimeProof
		wantErr error
	}{
		{
			name:    "the current block, not committed yet",
			msg:     func(f *fixture) *types.MsgUptimeProof { return withBlock(f, f.height, appHashAt(f.height)) },
			wantErr: types.ErrUnknownBlock,
		},
		{
			name:    "a future block",
			msg:     func(f *fixture) *types.MsgUptimeProof { return withBlock(f, f.height+5, appHashAt(f.height+5)) },
			wantErr: types.ErrUnknownBlock,
		},
		{
			name: "one block older than the window",
			msg: func(f *fixture) *types.MsgUptimeProof {
				h := f.height - int64(types.DefaultProofBlockWindow) - 1
				return withBlock(f, h, appHashAt(h))
			},
			wantErr: types.ErrStaleProof,
		},
		{
			name:    "another app hash at that height",
			msg:     func(f *fixture) *types.MsgUptimeProof { return withBlock(f, f.height-1, appHashAt(f.height-2)) },
			wantErr: types.ErrUnknownBlock,
		},
		{
			name: "a block whose app hash the chain did not record",
			msg: func(f *fixture) *types.MsgUptimeProof {
				// As a height before the chain recorded them (an upgrade to
				// consensus version 6).
				require.NoError(t, f.k.Liveness.ProofBlocks.Remove(f.ctx, f.height-3))
				return withBlock(f, f.height-3, appHashAt(f.height-3))
			},
			wantErr: types.ErrUnknownBlock,
		},
		{
			name: "the signature covers another block",
			msg: func(f *fixture) *types.MsgUptimeProof {
				m := withBlock(f, f.height-2, appHashAt(f.height-2))
				m.BlockHeight, m.AppHash = f.height-1, appHashAt(f.height-1)
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "the signature covers another endpoint",
			msg: func(f *fixture) *types.MsgUptimeProof {
				m := f.proofMsg(testAddr(1), key, chainID, 1)
				m.Endpoint.QuicPort++
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "a private address",
			msg: func(f *fixture) *types.MsgUptimeProof {
				p := f.lastBlockProof(1)
				p.Endpoint.PublicIp = "192.168.0.7"
				return signProof(testAddr(1), key, key, chainID, p)
			},
			wantErr: types.ErrInvalidEndpoint,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withLiveness)
			f.soloNode(key, testAddr(1), 0)
			// More blocks than the window.
			for range int(types.DefaultProofBlockWindow) + 10 {
				f.nextBlock(30 * time.Second)
			}
			msg := tc.msg(f)
			before := f.livenessSnapshot()

			_, err := f.msgs.UptimeProof(f.ctx, msg)

			f.requireRefused(err, tc.wantErr, before)
		})
	}
}

// The oldest block of the window is still accepted.
func TestUptimeProofAtTheEdgeOfTheWindow(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	for range int(types.DefaultProofBlockWindow) + 10 {
		f.nextBlock(30 * time.Second)
	}
	p := f.lastBlockProof(1)
	p.BlockHeight = f.height - int64(types.DefaultProofBlockWindow)
	p.AppHash = appHashAt(p.BlockHeight)

	_, err := f.msgs.UptimeProof(f.ctx, signProof(testAddr(1), key, key, chainID, p))

	require.NoError(t, err)
	require.Equal(t, uint64(1), f.live(key).Proofs)
}

// The audit's freeloader: proofs signed at activation and relayed hourly by
// another account kept a dead node active. Each names the block its signer
// saw, which is stale by the time it is relayed.
func TestPreSignedProofsAreRefused(t *testing.T) {
	f := newFixture(t, withLiveness)
	key := nodeKey(1)
	f.soloNode(key, testAddr(1), 0)
	f.nextBlock(5 * time.Second)
	var preSigned []*types.MsgUptimeProof
	for seq := uint64(1); seq <= 48; seq++ {
		preSigned = append(preSigned, f.proofMsg(testAddr(9), key, chainID, seq))
	}

	// The relayer sends the first one every hour: it is never accepted.
	for range 3 {
		for range 720 { // an hour of 5-second blocks
			f.nextBlock(5 * time.Second)
			f.endBlock()
		}
		_, err := f.msgs.UptimeProof(f.ctx, preSigned[0])
		require.ErrorIs(t, err, types.ErrStaleProof)
	}

	require.Zero(t, f.live(key).Proofs)
	require.Equal(t, types.NODE_STATUS_DECOMMISSIONED, f.status(key), "no proof counted: the node timed out")
}

// Each proof registers the node's endpoint: the liveness and endpoints
// queries show it, the next proof replaces it, and nodes without a proof
// are not listed.
func TestUptimeProofRegistersTheEndpoint(t *testing.T) {
	f := newFixture(t, withLiveness)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.soloNode(nodeKey(2), testAddr(2), 0)
	f.nextBlock(time.Hour)
	require.Nil(t, f.liveness(nodeKey(1)).Endpoint, "no endpoint before the first proof")

	f.prove(nodeKey(1))

	want := testEndpoint()
	require.Equal(t, &want, f.liveness(nodeKey(1)).Endpoint)
	res, err := f.queries.Endpoints(f.ctx, &types.QueryEndpointsRequest{})
	require.NoError(t, err)
	require.Equal(t, []types.NodeEndpointEntry{{
		Pubkey: keyHex(nodeKey(1)), Status: types.NODE_STATUS_ACTIVE, Endpoint: want, ProvenAt: f.now(), SigningKey: keyHex(nodeKey(1)),
	}}, res.Endpoints)

	// The node moves: its next proof registers the new endpoint.
	f.nextBlock(time.Hour)
	p := f.lastBlockProof(2)
	p.Endpoint.PublicIp, p.Endpoint.StorageVersion = "2001:db8:1::7", "2.9.0"
	_, err = f.msgs.UptimeProof(f.ctx, signProof(testAddr(1), nodeKey(1), nodeKey(1), chainID, p))
	require.NoError(t, err)
	require.Equal(t, &p.Endpoint, f.liveness(nodeKey(1)).Endpoint)
	res, err = f.queries.Endpoints(f.ctx, &types.QueryEndpointsRequest{})
	require.NoError(t, err)
	require.Len(t, res.Endpoints, 1)
	require.Equal(t, p.Endpoint, res.Endpoints[0].Endpoint)
	require.Equal(t, f.now(), res.Endpoints[0].ProvenAt)
}

// The chain keeps the app hashes of the window only: a block deletes the
// one that left it.
func TestProofBlocksKeepTheWindow(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.ProofBlockWindow = 5 }))
	for range 20 {
		f.nextBlock(time.Second)
	}
	var heights []int64
	require.NoError(t, f.k.Liveness.ProofBlocks.Walk(f.ctx, nil, func(h int64, hash []byte) (bool, error) {
		require.Equal(t, appHashAt(h), hash)
		heights = append(heights, h)
		return false, nil
	}))
	require.Equal(t, []int64{f.height - 5, f.height - 4, f.height - 3, f.height - 2, f.height - 1}, heights)

	// Governance widens the window: older heights are gone, newer ones kept.
	f.setParams(func(p *types.Params) { p.ProofBlockWindow = 100 })
	f.nextBlock(time.Second)
	height, hash, ok, err := f.k.Liveness.LatestProofBlock(f.ctx)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, f.height-1, height)
	require.Equal(t, appHashAt(height), hash)
}
