package testutil

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

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
