package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// NodeBySigningKey returns the node that signs with a key: the node that
// rotated to it, or the node whose ID it is while that node never rotated.
func (q queryServer) NodeBySigningKey(ctx context.Context, req *types.QueryNodeBySigningKeyRequest) (*types.QueryNodeBySigningKeyResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	key, err := types.ParsePubkeyHex(req.SigningKey)
	if err != nil {
		return nil, err
	}
	id, err := q.k.Staking.SigningKeys.Get(ctx, key)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		id = key
	case err != nil:
		return nil, err
	}
	node, err := q.k.Staking.GetNode(ctx, id)
	if err != nil {
		return nil, err
	}
	if node.CurrentKey() != key {
		return nil, errorsmod.Wrapf(types.ErrNodeNotFound, "no node signs with %s (node %s rotated to %s)", key, id, node.SigningKey)
	}
	return &types.QueryNodeBySigningKeyResponse{Node: node}, nil
}
