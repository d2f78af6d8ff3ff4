package keeper

import (
	"context"
	"strconv"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// openNodeFilter is a parsed QueryOpenNodesRequest: nil bounds do not filter.
type openNodeFilter struct {
	minRoom, maxMinContribution *math.Int
	maxFeeBps                   *uint32
}

// parseOpenNodeFilter reads the request's filters; each is an empty string
// or a decimal.
func parseOpenNodeFilter(req *types.QueryOpenNodesRequest) (openNodeFilter, error) {
	var f openNodeFilter
	amount := func(name, s string) (*math.Int, error) {
		if s == "" {
			return nil, nil
		}
		v, ok := math.NewIntFromString(s)
		if !ok || v.IsNegative() {
			return nil, errorsmod.Wrapf(types.ErrInvalidRequest, "%s %q: want a whole number of nsesh, zero or more", name, s)
		}
		return &v, nil
	}
	var err error
	if f.minRoom, err = amount("min_room", req.MinRoom); err != nil {
		return f, err
	}
	if f.maxMinContribution, err = amount("max_min_contribution", req.MaxMinContribution); err != nil {
		return f, err
	}
	if req.MaxFeeBps != "" {
		fee, err := strconv.ParseUint(req.MaxFeeBps, 10, 32)
		if err != nil || fee > types.BasisPoints {
			return f, errorsmod.Wrapf(types.ErrInvalidRequest, "max_fee_bps %q: want 0 to %d", req.MaxFeeBps, types.BasisPoints)
		}
		bps := uint32(fee) // #nosec G115 -- at most BasisPoints
		f.maxFeeBps = &bps
	}
	return f, nil
}

// keeps reports whether an open node passes the filter.
func (f openNodeFilter) keeps(n types.OpenNode) bool {
	return (f.minRoom == nil || n.RoomLeft.GTE(*f.minRoom)) &&
		(f.maxFeeBps == nil || n.Node.FeeBps <= *f.maxFeeBps) &&
		(f.maxMinContribution == nil || n.MinContribution.LTE(*f.maxMinContribution))
}

// OpenNodes lists the nodes awaiting contributions that a new, unreserved
// contributor can join now (a spot and room left), with the room left and
// the minimum contribution, filtered, by node key. The page's limit counts
// the nodes returned; its total (count_total) is of the nodes that pass.
func (q queryServer) OpenNodes(ctx context.Context, req *types.QueryOpenNodesRequest) (*types.QueryOpenNodesResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	filter, err := parseOpenNodeFilter(req)
	if err != nil {
		return nil, err
	}
	params, err := q.k.env.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	// The predicate computes the entry; the transform of the same key,
	// called right after it, returns it.
	var last types.OpenNode
	nodes, page, err := query.CollectionFilteredPaginate(ctx, q.k.Staking.Nodes.Indexes.Status, req.Pagination,
		func(key collections.Pair[int32, string], _ collections.NoValue) (bool, error) {
			open, ok, err := q.k.openNode(ctx, key.K2(), params)
			if err != nil || !ok {
				return false, err
			}
			last = open
			return filter.keeps(open), nil
		},
		func(collections.Pair[int32, string], collections.NoValue) (types.OpenNode, error) { return last, nil },
		query.WithCollectionPaginationPairPrefix[int32, string](int32(types.NODE_STATUS_AWAITING)))
	if err != nil {
		return nil, err
	}
	return &types.QueryOpenNodesResponse{Nodes: nodes, Pagination: page}, nil
}

// openNode returns an awaiting node as a new contributor sees it, and false
// when it has no spot or no room left for one.
func (k Keeper) openNode(ctx context.Context, pubkey string, params types.Params) (types.OpenNode, bool, error) {
	node, err := k.Staking.Nodes.Get(ctx, pubkey)
	if err != nil {
		return types.OpenNode{}, false, err
	}
	open, slots, _, err := k.Staking.OpenSpace(ctx, node, params)
	if err != nil {
		return types.OpenNode{}, false, err
	}
	if slots >= params.MaxContributors || !open.IsPositive() {
		return types.OpenNode{}, false, nil
	}
	minimum, _, err := types.ContributionBounds(open, slots, params.MaxContributors)
	if err != nil {
		return types.OpenNode{}, false, err
	}
	return types.OpenNode{Node: node, RoomLeft: open, MinContribution: minimum, SpotsLeft: params.MaxContributors - slots}, true, nil
}
