package testutil

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	sims "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/app"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// NewNodeKey returns a random Session Node Ed25519 key.
func NewNodeKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	return key
}

// RegisterNodeMsg returns a MsgRegisterNode for a new node key, signed by
// that key for chainID, and the key.
func RegisterNodeMsg(t testing.TB, chainID string, operator sdk.AccAddress, stake math.Int, feeBps uint32, reserved ...nodestakingtypes.ReservedSpot) (*nodestakingtypes.MsgRegisterNode, ed25519.PrivateKey) {
	t.Helper()
	key := NewNodeKey(t)
	signBytes, err := nodestakingtypes.RegistrationSignBytes(chainID, operator.String(), feeBps, reserved)
	require.NoError(t, err)
	return &nodestakingtypes.MsgRegisterNode{
		Operator:  operator.String(),
		Pubkey:    key.Public().(ed25519.PublicKey),
		Signature: ed25519.Sign(key, signBytes),
		FeeBps:    feeBps,
		Stake:     sdk.NewCoin(nodestakingtypes.Denom, stake),
		Reserved:  reserved,
	}, key
}

// SetNodeStakingParams edits the nodestaking params in genesis.
func SetNodeStakingParams(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, edit func(*nodestakingtypes.Params)) {
	t.Helper()
	var gs nodestakingtypes.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(genesis[nodestakingtypes.ModuleName], &gs))
	edit(&gs.Params)
	bz, err := cdc.MarshalJSON(&gs)
	require.NoError(t, err)
	genesis[nodestakingtypes.ModuleName] = bz
}

// WithoutUptimeTimeout is a genesis edit for tests that follow nodes over
// days without uptime proofs: their nodes never time out.
func WithoutUptimeTimeout(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, _ []Account) {
	SetNodeStakingParams(t, cdc, genesis, func(p *nodestakingtypes.Params) {
		p.UptimeProofTimeout = nodestakingtypes.MaxDuration
	})
}

// TestEndpoint is the endpoint test uptime proofs register (an address of
// the documentation range, which counts as public).
func TestEndpoint() nodestakingtypes.NodeEndpoint {
	return nodestakingtypes.NodeEndpoint{PublicIp: "203.0.113.7", StoragePort: 22021, QuicPort: 22020, NodeVersion: "11.0.2", StorageVersion: "2.8.0"}
}

// UptimeProofMsg returns proof number seq of a node key for c's chain,
// naming block height with its app hash, registering TestEndpoint, with the
// key's seed proof over c's seed round in progress, signed by that key and
// paid by sender. Chain.LastBlock gives the newest block.
func UptimeProofMsg(t testing.TB, c *Chain, sender sdk.AccAddress, key ed25519.PrivateKey, seq uint64, height int64, appHash []byte) *nodestakingtypes.MsgUptimeProof {
	t.Helper()
	return UptimeProofMsgSignedBy(t, c, sender, key, key, seq, height, appHash)
}

// UptimeProofMsgSignedBy is UptimeProofMsg for the node whose ID is node's
// public key, signed, seed proof included, by signer: the key the node
// rotated to (MsgRotateNodeKey).
func UptimeProofMsgSignedBy(t testing.TB, c *Chain, sender sdk.AccAddress, node, signer ed25519.PrivateKey, seq uint64, height int64, appHash []byte) *nodestakingtypes.MsgUptimeProof {
	t.Helper()
	pub := node.Public().(ed25519.PublicKey)
	proof := nodestakingtypes.UptimeProof{Seq: seq, BlockHeight: height, AppHash: appHash, Endpoint: TestEndpoint()}
	signBytes, err := nodestakingtypes.UptimeProofSignBytes(c.ChainID, hex.EncodeToString(pub), proof)
	require.NoError(t, err)
	var round *nodestakingtypes.SeedRound
	switch r, err := c.App.NodeStakingKeeper.Liveness.SeedRound.Get(c.Ctx()); {
	case err == nil:
		round = &r
	case !errors.Is(err, collections.ErrNotFound):
		require.NoError(t, err)
	}
	return &nodestakingtypes.MsgUptimeProof{
		Sender: sender.String(), Pubkey: pub, Seq: seq, Signature: ed25519.Sign(signer, signBytes),
		BlockHeight: height, AppHash: appHash, Endpoint: proof.Endpoint,
		SeedProof: nodestakingtypes.SeedProofFor(signer, c.ChainID, round),
	}
}

// NodeStateVoteMsg returns voter's vote about tested in period for chainID,
// signed by the voter's node key and paid by sender.
func NodeStateVoteMsg(t testing.TB, chainID string, sender sdk.AccAddress, voter, tested ed25519.PrivateKey, period uint64, state nodestakingtypes.NodeState) *nodestakingtypes.MsgNodeStateVote {
	t.Helper()
	voterPub, testedPub := voter.Public().(ed25519.PublicKey), tested.Public().(ed25519.PublicKey)
	signBytes, err := nodestakingtypes.NodeStateVoteSignBytes(chainID, sender.String(), hex.EncodeToString(voterPub), hex.EncodeToString(testedPub), period, state)
	require.NoError(t, err)
	return &nodestakingtypes.MsgNodeStateVote{
		Sender: sender.String(), Voter: voterPub, Tested: testedPub, Period: period, State: state,
		Signature: ed25519.Sign(voter, signBytes),
	}
}

// RestartFromExport exports the state c committed last as a genesis and
// starts a fresh app from it, as operators restarting a chain from an
// exported genesis do. The new chain has c's accounts and continues at the
// next height, at c's time.
func RestartFromExport(t testing.TB, c *Chain) *Chain {
	t.Helper()
	return RestartFromExportAs(t, c, c.ChainID)
}

// RestartFromExportAs is RestartFromExport under another chain id, as a
// hard fork by export and import that bumps the chain id (session-1 to
// session-2) starts the new chain.
func RestartFromExportAs(t testing.TB, c *Chain, chainID string) *Chain {
	t.Helper()
	exported, err := c.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	a, err := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, sims.EmptyAppOptions{}, baseapp.SetChainID(chainID))
	require.NoError(t, err)
	_, err = a.InitChain(&abci.RequestInitChain{
		ChainId:         chainID,
		Time:            c.Time,
		ConsensusParams: &exported.ConsensusParams,
		AppStateBytes:   exported.AppState,
		InitialHeight:   exported.Height,
	})
	require.NoError(t, err)
	restarted := &Chain{t: t, App: a, ChainID: chainID, Height: exported.Height - 1, Time: c.Time, Accounts: c.Accounts}
	restarted.startInvariants()
	return restarted
}

// RotateNodeKeyMsg returns operator's rotation of node to newKey for
// chainID, signed by newKey at the node's rotation count rotations.
func RotateNodeKeyMsg(t testing.TB, chainID string, operator sdk.AccAddress, node, newKey ed25519.PrivateKey, rotations uint64) *nodestakingtypes.MsgRotateNodeKey {
	t.Helper()
	id, pub := node.Public().(ed25519.PublicKey), newKey.Public().(ed25519.PublicKey)
	signBytes, err := nodestakingtypes.RotationSignBytes(chainID, hex.EncodeToString(id), hex.EncodeToString(pub), operator.String(), rotations)
	require.NoError(t, err)
	return &nodestakingtypes.MsgRotateNodeKey{Operator: operator.String(), NodePubkey: id, NewPubkey: pub, Signature: ed25519.Sign(newKey, signBytes)}
}
