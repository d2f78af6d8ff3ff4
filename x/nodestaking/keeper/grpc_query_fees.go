package keeper

import (
	"context"
	"slices"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// MedianFee returns the median operator fee of the active nodes: the fees
// stakers pay on the nodes that serve and earn now. Nodes awaiting
// contributions only offer a fee, and unlocking or decommissioned nodes are
// on their way out, so neither is counted. For an even count the median is
// the mean of the two middle fees, rounded down.
func (q queryServer) MedianFee(ctx context.Context, _ *types.QueryMedianFeeRequest) (*types.QueryMedianFeeResponse, error) {
	var fees []uint32
	rng := collections.NewPrefixedPairRange[int32, string](int32(types.NODE_STATUS_ACTIVE))
	err := q.k.Staking.Nodes.Indexes.Status.Walk(ctx, rng, func(_ int32, pubkey string) (bool, error) {
		node, err := q.k.Staking.Nodes.Get(ctx, pubkey)
		if err != nil {
			return true, err
		}
		fees = append(fees, node.FeeBps)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return &types.QueryMedianFeeResponse{MedianFeeBps: MedianBps(fees), Nodes: uint64(len(fees))}, nil
}

// MedianBps returns the median of fees (sorted in place): the middle one,
// or the mean of the two middle ones rounded down; 0 for none.
func MedianBps(fees []uint32) uint32 {
	n := len(fees)
	if n == 0 {
		return 0
	}
	slices.Sort(fees)
	if n%2 == 1 {
		return fees[n/2]
	}
	// Fees are at most 10 000 bps: the sum cannot overflow.
	return (fees[n/2-1] + fees[n/2]) / 2
}
