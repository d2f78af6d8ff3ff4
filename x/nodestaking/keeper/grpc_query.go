package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/staking"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

type queryServer struct {
	k *Keeper
}

var _ types.QueryServer = queryServer{}

// NewQueryServerImpl returns the module's Query service.
func NewQueryServerImpl(k *Keeper) types.QueryServer {
	return queryServer{k: k}
}

// Params returns the module parameters.
func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	return moduleutil.Respond(ctx, q.k.env.GetParams, func(p types.Params) *types.QueryParamsResponse {
		return &types.QueryParamsResponse{Params: p}
	})
}

// Node returns a node with its contributions and open reservations.
func (q queryServer) Node(ctx context.Context, req *types.QueryNodeRequest) (*types.QueryNodeResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	pk, err := types.ParsePubkeyHex(req.Pubkey)
	if err != nil {
		return nil, err
	}
	node, err := q.k.Staking.GetNode(ctx, pk)
	if err != nil {
		return nil, err
	}
	record, err := q.k.nodeRecord(ctx, node)
	if err != nil {
		return nil, err
	}
	return &types.QueryNodeResponse{Node: record, SigningKey: node.CurrentKey()}, nil
}

// Nodes lists nodes, all of them or those with a status, paginated.
func (q queryServer) Nodes(ctx context.Context, req *types.QueryNodesRequest) (*types.QueryNodesResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	if req.Status == types.NODE_STATUS_UNSPECIFIED {
		nodes, page, err := query.CollectionPaginate(ctx, q.k.Staking.Nodes, req.Pagination,
			func(_ string, n types.Node) (types.Node, error) { return n, nil })
		if err != nil {
			return nil, err
		}
		return &types.QueryNodesResponse{Nodes: nodes, Pagination: page}, nil
	}
	if _, ok := types.NodeStatus_name[int32(req.Status)]; !ok {
		return nil, errorsmod.Wrapf(types.ErrInvalidRequest, "unknown status %d", req.Status)
	}
	nodes, page, err := query.CollectionPaginate(ctx, q.k.Staking.Nodes.Indexes.Status, req.Pagination,
		func(key collections.Pair[int32, string], _ collections.NoValue) (types.Node, error) {
			return q.k.Staking.Nodes.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[int32, string](int32(req.Status)))
	if err != nil {
		return nil, err
	}
	return &types.QueryNodesResponse{Nodes: nodes, Pagination: page}, nil
}

// ContributorNodes lists the nodes an address has stake in.
func (q queryServer) ContributorNodes(ctx context.Context, req *types.QueryContributorNodesRequest) (*types.QueryContributorNodesResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	addr, err := q.k.env.AddressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%q: %s", req.Address, err)
	}
	it, err := q.k.Staking.Contributions.Indexes.ByContributor.MatchExact(ctx, addr)
	if err != nil {
		return nil, err
	}
	keys, err := it.PrimaryKeys()
	if err != nil {
		return nil, err
	}
	out := make([]types.ContributorNode, 0, len(keys))
	for _, key := range keys {
		c, err := q.k.Staking.Contributions.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		out = append(out, types.ContributorNode{Pubkey: key.K1(), Amount: c.Amount, Beneficiary: c.Beneficiary})
	}
	return &types.QueryContributorNodesResponse{Nodes: out}, nil
}

// Rewards returns an address's claimable and pending rewards.
func (q queryServer) Rewards(ctx context.Context, req *types.QueryRewardsRequest) (*types.QueryRewardsResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	addr, err := q.k.env.AddressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%q: %s", req.Address, err)
	}
	stakes, err := q.k.Staking.StakesOf(ctx, addr)
	if err != nil {
		return nil, err
	}
	claimable, pending, err := q.k.Rewards.Owed(ctx, addr, stakes)
	if err != nil {
		return nil, err
	}
	return &types.QueryRewardsResponse{Claimable: claimable, Pending: pending}, nil
}

// NextContribution returns the bounds of a contribution to a node now.
func (q queryServer) NextContribution(ctx context.Context, req *types.QueryNextContributionRequest) (*types.QueryNextContributionResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	pk, err := types.ParsePubkeyHex(req.Pubkey)
	if err != nil {
		return nil, err
	}
	node, err := q.k.Staking.GetNode(ctx, pk)
	if err != nil {
		return nil, err
	}
	if node.Status != types.NODE_STATUS_AWAITING {
		return nil, errorsmod.Wrapf(types.ErrWrongStatus, "node is %s, not awaiting contributions", node.Status)
	}
	params, err := q.k.env.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	open, slots, reserved, err := q.k.Staking.OpenSpace(ctx, node, params)
	if err != nil {
		return nil, err
	}
	if req.Address != "" {
		addr, err := q.k.env.AddressCodec.StringToBytes(req.Address)
		if err != nil {
			return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%q: %s", req.Address, err)
		}
		if amount, ok := reserved[string(addr)]; ok {
			return &types.QueryNextContributionResponse{Minimum: amount, Maximum: amount.Add(open)}, nil
		}
		if has, err := q.k.Staking.Contributions.Has(ctx, staking.ContribKey(pk, addr)); err != nil {
			return nil, err
		} else if has {
			if !open.IsPositive() {
				return nil, errorsmod.Wrap(types.ErrNodeFull, "the rest of the requirement is reserved")
			}
			return &types.QueryNextContributionResponse{Minimum: math.OneInt(), Maximum: open}, nil
		}
	}
	minimum, maximum, err := types.ContributionBounds(open, slots, params.MaxContributors)
	if err != nil {
		return nil, err
	}
	return &types.QueryNextContributionResponse{Minimum: minimum, Maximum: maximum}, nil
}

// Stats returns network totals.
func (q queryServer) Stats(ctx context.Context, _ *types.QueryStatsRequest) (*types.QueryStatsResponse, error) {
	st, err := q.k.Rewards.State.Get(ctx)
	if err != nil {
		return nil, err
	}
	active := st.EarningNodes
	staked, err := q.k.Staking.TotalStaked.Get(ctx)
	if err != nil {
		return nil, err
	}
	perNode := math.ZeroInt()
	if active > 0 {
		dayReward, err := q.k.rewardPool.DayRewardNow(ctx)
		if err != nil {
			return nil, err
		}
		perNode = dayReward.Quo(math.NewIntFromUint64(active))
	}
	return &types.QueryStatsResponse{ActiveNodes: active, TotalStaked: staked, RewardPerNodePerDay: perNode}, nil
}

// Liveness returns a node's liveness: status, credit now, proofs and deadlines.
func (q queryServer) Liveness(ctx context.Context, req *types.QueryLivenessRequest) (*types.QueryLivenessResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	pubkey, err := types.ParsePubkeyHex(req.Pubkey)
	if err != nil {
		return nil, err
	}
	node, err := q.k.Staking.GetNode(ctx, pubkey)
	if err != nil {
		return nil, err
	}
	params, err := q.k.env.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	resp := &types.QueryLivenessResponse{Status: node.Status}
	rec, has, err := q.k.Liveness.Record(ctx, pubkey)
	if err != nil || !has {
		return resp, err
	}
	// The record's times run on the liveness clock; the answer gives block
	// times.
	now, err := q.k.Liveness.Now(ctx)
	if err != nil {
		return nil, err
	}
	halted := q.k.env.Now(ctx).Sub(now)
	blockTime := func(t time.Time) *time.Time {
		t = t.Add(halted)
		return &t
	}
	resp.Halted = halted
	resp.Credit = rec.CreditNow(now, params, node.Status)
	resp.LastProofAt = blockTime(rec.LastProofAt)
	resp.Proofs = rec.Proofs
	if rec.DecommissionedAt != nil {
		resp.DecommissionedAt = blockTime(*rec.DecommissionedAt)
	}
	resp.Endpoint = rec.Endpoint
	resp.MissedVotes, resp.MissedInRow, resp.ContradictedVotes = rec.MissedVotes, rec.MissedInRow, rec.ContradictedVotes
	resp.NextShare, resp.MissedShares = rec.NextShare, rec.MissedShares
	switch {
	case node.Status.Serving():
		resp.ProofDeadline = blockTime(rec.LastProofAt.Add(params.UptimeProofTimeout))
	case node.Status == types.NODE_STATUS_DECOMMISSIONED:
		resp.CreditRunsOut = blockTime(rec.CreditAt.Add(rec.Credit))
	}
	return resp, nil
}

// periodOrCurrent resolves period 0 to the current testing period.
func (q queryServer) periodOrCurrent(ctx context.Context, period uint64) (uint64, types.Params, error) {
	params, err := q.k.env.GetParams(ctx)
	if err != nil {
		return 0, params, err
	}
	if period == 0 {
		period = q.k.Liveness.CurrentPeriod(ctx, params)
	}
	return period, params, nil
}

// Quorum returns the quorum testing a node in a period.
func (q queryServer) Quorum(ctx context.Context, req *types.QueryQuorumRequest) (*types.QueryQuorumResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	pubkey, err := types.ParsePubkeyHex(req.Pubkey)
	if err != nil {
		return nil, err
	}
	if _, err := q.k.Staking.GetNode(ctx, pubkey); err != nil {
		return nil, err
	}
	period, params, err := q.periodOrCurrent(ctx, req.Period)
	if err != nil {
		return nil, err
	}
	quorum, _, err := q.k.Liveness.QuorumFor(ctx, period, pubkey, params)
	if err != nil {
		return nil, err
	}
	return &types.QueryQuorumResponse{Period: period, Quorum: quorum}, nil
}

// Votes returns the votes about a node in a period.
func (q queryServer) Votes(ctx context.Context, req *types.QueryVotesRequest) (*types.QueryVotesResponse, error) {
	if req == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRequest, "empty request")
	}
	pubkey, err := types.ParsePubkeyHex(req.Pubkey)
	if err != nil {
		return nil, err
	}
	period, _, err := q.periodOrCurrent(ctx, req.Period)
	if err != nil {
		return nil, err
	}
	resp := &types.QueryVotesResponse{Period: period}
	err = q.k.Liveness.Votes.Walk(ctx, collections.NewSuperPrefixedTripleRange[uint64, string, string](period, pubkey),
		func(key collections.Triple[uint64, string, string], state int32) (bool, error) {
			resp.Votes = append(resp.Votes, types.NodeVote{Period: period, Tested: pubkey, Voter: key.K3(), State: types.NodeState(state)})
			return false, nil
		})
	if err != nil {
		return nil, err
	}
	return resp, nil
}
