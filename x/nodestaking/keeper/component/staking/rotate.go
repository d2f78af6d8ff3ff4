package staking

import (
	"context"
	"encoding/hex"
	"time"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// RotateKey gives a node a new signing key for its operator and returns
// the node's rotation count. The node keeps its ID (its registration key);
// from this block on everything it signs is verified against the new key.
// The old key is not needed, so an operator who lost it, or whose key
// leaked, can still rotate; the new key proves possession by signing
// types.RotationSignBytes, and a key any node ever used (registered or
// rotated to) is refused, and marked used. The message passed
// ValidateBasic.
func (k *Keeper) RotateKey(ctx context.Context, msg *types.MsgRotateNodeKey) (uint64, error) {
	nodeID := hex.EncodeToString(msg.NodePubkey)
	newKey := hex.EncodeToString(msg.NewPubkey)
	node, operator, err := k.operatedNode(ctx, nodeID, msg.Operator)
	if err != nil {
		return 0, err
	}
	if err := k.checkRotation(ctx, node, newKey); err != nil {
		return 0, err
	}
	operatorStr, err := k.env.AddressCodec.BytesToString(operator)
	if err != nil {
		return 0, err
	}
	chainID := k.env.ChainID(ctx)
	signBytes, err := types.RotationSignBytes(chainID, nodeID, newKey, operatorStr, node.KeyRotations)
	if err != nil {
		return 0, err
	}
	if !types.VerifyNodeSignature(msg.NewPubkey, signBytes, msg.Signature) {
		return 0, errorsmod.Wrapf(types.ErrRotationSig,
			"want %s's signature over chain %q, node %s, operator %s and rotation %d", newKey, chainID, nodeID, operatorStr, node.KeyRotations)
	}
	return k.applyRotation(ctx, node, newKey, operatorStr)
}

// checkRotation refuses a rotation of node to newKey that its status, the
// keys in use or the cooldown do not allow.
func (k *Keeper) checkRotation(ctx context.Context, node types.Node, newKey string) error {
	if !node.Status.MayRotateKey() {
		return errorsmod.Wrapf(types.ErrRotationStatus, "node %s is %s: it signs nothing any more", node.Pubkey, node.Status)
	}
	if newKey == node.CurrentKey() {
		return errorsmod.Wrapf(types.ErrSameKey, "node %s signs with %s already", node.Pubkey, newKey)
	}
	if used, err := k.UsedPubkeys.Has(ctx, newKey); err != nil {
		return err
	} else if used {
		return errorsmod.Wrapf(types.ErrKeyUsed, "%s was used by a node before: a node key serves one node once", newKey)
	}
	if node.KeyRotatedAt == nil {
		return nil
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	if next := node.KeyRotatedAt.Add(params.KeyRotationCooldown); k.env.Now(ctx).Before(next) {
		return errorsmod.Wrapf(types.ErrRotationTooSoon, "node %s rotated its key at %s; the next rotation is allowed from %s",
			node.Pubkey, node.KeyRotatedAt.UTC().Format(time.RFC3339), next.UTC().Format(time.RFC3339))
	}
	return nil
}

// applyRotation records node's new signing key, the index entry and the
// used key, and emits the event.
func (k *Keeper) applyRotation(ctx context.Context, node types.Node, newKey, operator string) (uint64, error) {
	oldKey := node.CurrentKey()
	if node.SigningKey != "" {
		if err := k.SigningKeys.Remove(ctx, node.SigningKey); err != nil {
			return 0, err
		}
	}
	if err := k.UsedPubkeys.Set(ctx, newKey); err != nil {
		return 0, err
	}
	if err := k.SigningKeys.Set(ctx, newKey, node.Pubkey); err != nil {
		return 0, err
	}
	now := k.env.Now(ctx)
	node.SigningKey = newKey
	node.KeyRotations++
	node.KeyRotatedAt = &now
	if err := k.Nodes.Set(ctx, node.Pubkey, node); err != nil {
		return 0, err
	}
	// A fresh key could be chosen (ground) against the seed round already
	// known: its seed shares count only from the second round after this.
	if err := k.liveness.BindKey(ctx, node.Pubkey); err != nil {
		return 0, err
	}
	return node.KeyRotations, k.env.Emit(ctx, &types.EventNodeKeyRotated{
		Node: node.Pubkey, Operator: operator, OldKey: oldKey, NewKey: newKey, Rotations: node.KeyRotations,
	})
}
