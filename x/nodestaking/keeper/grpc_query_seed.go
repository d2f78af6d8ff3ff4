package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// SeedRound returns the seed round in progress: what an uptime proof's
// seed_proof proves over. Before the chain's first round it returns none.
func (q queryServer) SeedRound(ctx context.Context, req *types.QuerySeedRoundRequest) (*types.QuerySeedRoundResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	round, err := q.k.Liveness.SeedRound.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return &types.QuerySeedRoundResponse{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &types.QuerySeedRoundResponse{Round: &round}, nil
}
