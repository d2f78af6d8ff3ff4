package simulation

import (
	"context"
	"crypto/ed25519"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The key rotation operation's weight.
const (
	WeightMsgRotateNodeKey        = "msg_rotate_node_key"
	DefaultWeightMsgRotateNodeKey = 10
)

// rotateNodeKey has the operator of a node that may rotate move it to an
// unused simulation key, once its cooldown has passed. The simulation signs
// the node's later proofs and votes with that key (f.keys by the node's
// signing key).
func (f factories) rotateNodeKey(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgRotateNodeKey) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	node, from, ok, err := f.operatedNode(ctx, testData, reporter,
		types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if !f.found(reporter, ok, err) {
		return nil, nil
	}
	params, err := f.k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return nil, nil
	}
	if node.KeyRotatedAt != nil && ctx.BlockTime().Before(node.KeyRotatedAt.Add(params.KeyRotationCooldown)) {
		reporter.Skipf("node %s rotated its key less than key_rotation_cooldown ago", node.Pubkey)
		return nil, nil
	}
	key, err := f.unusedNodeKey(ctx, r)
	if err != nil {
		reporter.Fail(err, "reading the used node keys")
		return nil, nil
	}
	if key == nil {
		reporter.Skip("no unused node key found")
		return nil, nil
	}
	signBytes, err := types.RotationSignBytes(ctx.ChainID(), node.Pubkey, simutil.PubkeyHex(key), from.AddressBech32, node.KeyRotations)
	if err != nil {
		reporter.Fail(err, "building the rotation sign bytes")
		return nil, nil
	}
	return []simsx.SimAccount{from}, &types.MsgRotateNodeKey{
		Operator: from.AddressBech32, NodePubkey: pubkeyBytes(node.Pubkey), NewPubkey: simutil.Pubkey(key),
		Signature: ed25519.Sign(key, signBytes),
	}
}
