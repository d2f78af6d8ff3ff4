package simulation

import (
	"crypto/ed25519"
	"math/rand"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The key rotation operation's weight.
const (
	OpWeightMsgRotateNodeKey      = "op_weight_msg_rotate_node_key" //nolint:gosec // G101: a weight's name
	DefaultWeightMsgRotateNodeKey = 10
)

// rotateNodeKey has the operator of a node that may rotate move it to an
// unused simulation key, once its cooldown has passed. The simulation signs
// the node's later proofs and votes with that key (o.keys by the node's
// signing key).
func (o ops) rotateNodeKey(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRotateNodeKey{}
	node, from, ok, err := o.operatedNode(r, ctx, accs,
		types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if err != nil || !ok {
		return o.noNode(msg, err)
	}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if node.KeyRotatedAt != nil && ctx.BlockTime().Before(node.KeyRotatedAt.Add(params.KeyRotationCooldown)) {
		return o.env.NoOp(msg, "node %s rotated its key less than key_rotation_cooldown ago", node.Pubkey)
	}
	var key ed25519.PrivateKey
	for range keyAttempts {
		candidate := simutil.NodeKey(r.Intn(simutil.NodeKeyCount))
		used, err := o.k.Staking.UsedPubkeys.Has(ctx, simutil.PubkeyHex(candidate))
		if err != nil {
			return o.env.Fail(msg, err)
		}
		if !used {
			key = candidate
			break
		}
	}
	if key == nil {
		return o.env.NoOp(msg, "no unused node key found")
	}
	signBytes, err := types.RotationSignBytes(chainID, node.Pubkey, simutil.PubkeyHex(key), from.Address.String(), node.KeyRotations)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	msg.Operator, msg.NodePubkey, msg.NewPubkey = from.Address.String(), pubkeyBytes(node.Pubkey), simutil.Pubkey(key)
	msg.Signature = ed25519.Sign(key, signBytes)
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}
