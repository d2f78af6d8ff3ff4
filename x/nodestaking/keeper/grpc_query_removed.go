package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// RemovedNode returns what the chain keeps of a removed node.
func (q queryServer) RemovedNode(ctx context.Context, req *types.QueryRemovedNodeRequest) (*types.QueryRemovedNodeResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	pk, err := types.ParsePubkeyHex(req.Pubkey)
	if err != nil {
		return nil, err
	}
	node, err := q.k.Staking.RemovedNodes.Get(ctx, pk)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrNodeNotFound, "no removed node with key %s", pk)
	}
	if err != nil {
		return nil, err
	}
	return &types.QueryRemovedNodeResponse{Node: node}, nil
}

// RemovedNodes lists the removed nodes by node key, paginated.
func (q queryServer) RemovedNodes(ctx context.Context, req *types.QueryRemovedNodesRequest) (*types.QueryRemovedNodesResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	nodes, page, err := query.CollectionPaginate(ctx, q.k.Staking.RemovedNodes, req.Pagination,
		func(_ string, n types.RemovedNode) (types.RemovedNode, error) { return n, nil })
	if err != nil {
		return nil, err
	}
	return &types.QueryRemovedNodesResponse{Nodes: nodes, Pagination: page}, nil
}
