package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Proposal weights: the name a simsx.WeightSource reads (under
// "op_weight_" in a params file), and the default.
const (
	WeightMsgUpdateParams          = "msg_update_nodestaking_params"
	WeightMsgDeregisterNode        = "msg_deregister_node"
	DefaultWeightMsgUpdateParams   = 5
	DefaultWeightMsgDeregisterNode = 5
)

// ProposalMsgsX registers the governance proposals the simulation submits
// for the authority's messages: new params, with a requirement of half to
// twice the one in force, and the deregistration of a node that has not
// been.
func ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry, k *keeper.Keeper) {
	reg.Add(weights.Get(WeightMsgUpdateParams, DefaultWeightMsgUpdateParams), updateParamsFactory(k))
	reg.Add(weights.Get(WeightMsgDeregisterNode, DefaultWeightMsgDeregisterNode), deregisterNodeFactory(k))
}

func updateParamsFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		current, err := k.Params.Get(sdk.UnwrapSDKContext(goCtx))
		if err != nil {
			reporter.Fail(err, "reading the params")
			return nil, nil
		}
		r := testData.Rand().Rand
		requirement := current.StakingRequirement.MulRaw(int64(1 + r.Intn(4))).QuoRaw(2)
		return nil, &types.MsgUpdateParams{Authority: k.Authority(), Params: RandomParams(r, requirement)}
	}
}

func deregisterNodeFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgDeregisterNode] {
	return func(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDeregisterNode) {
		nodes, err := nodesWithStatus(sdk.UnwrapSDKContext(goCtx), k, types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE,
			types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
		if err != nil {
			reporter.Fail(err, "reading the nodes")
			return nil, nil
		}
		if len(nodes) == 0 {
			reporter.Skip("no node to deregister")
			return nil, nil
		}
		node := simutil.Pick(testData.Rand().Rand, nodes)
		return nil, &types.MsgDeregisterNode{Authority: k.Authority(), Pubkey: pubkeyBytes(node.Pubkey)}
	}
}
