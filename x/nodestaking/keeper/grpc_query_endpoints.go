package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Endpoints lists the endpoints the nodes registered with their last
// uptime proofs, by node key; nodes without one are left out.
func (q queryServer) Endpoints(ctx context.Context, req *types.QueryEndpointsRequest) (*types.QueryEndpointsResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	entries, page, err := query.CollectionFilteredPaginate(ctx, q.k.Liveness.Records, req.Pagination,
		func(_ string, rec types.LivenessRecord) (bool, error) { return rec.Endpoint != nil, nil },
		func(pubkey string, rec types.LivenessRecord) (types.NodeEndpointEntry, error) {
			node, err := q.k.Staking.GetNode(ctx, pubkey)
			if err != nil {
				return types.NodeEndpointEntry{}, err
			}
			return types.NodeEndpointEntry{
				Pubkey: pubkey, Status: node.Status, Endpoint: *rec.Endpoint, ProvenAt: rec.LastProofAt, SigningKey: node.CurrentKey(),
			}, nil
		})
	if err != nil {
		return nil, err
	}
	return &types.QueryEndpointsResponse{Endpoints: entries, Pagination: page}, nil
}
