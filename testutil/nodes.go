package testutil

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

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
