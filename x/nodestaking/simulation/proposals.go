package simulation

import (
	"math/rand"

	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Proposal weights: the key a simulation params file sets, and the default.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgUpdateParams            = "op_weight_msg_update_nodestaking_params"
	OpWeightMsgDeregisterNode          = "op_weight_msg_deregister_node"
	DefaultWeightMsgUpdateParams   int = 5
	DefaultWeightMsgDeregisterNode     = 5
)

// ProposalMsgs returns the governance proposals the simulation submits for
// the authority's messages: new params, with a requirement of half to twice
// the one in force, and the deregistration of a node that has not been.
func ProposalMsgs(k *keeper.Keeper) []simtypes.WeightedProposalMsg {
	return []simtypes.WeightedProposalMsg{
		simulation.NewWeightedProposalMsg(OpWeightMsgUpdateParams, DefaultWeightMsgUpdateParams,
			func(r *rand.Rand, ctx sdk.Context, _ []simtypes.Account) sdk.Msg {
				current, err := k.Params.Get(ctx)
				if err != nil {
					return nil
				}
				requirement := current.StakingRequirement.MulRaw(int64(1 + r.Intn(4))).QuoRaw(2)
				return &types.MsgUpdateParams{Authority: k.Authority(), Params: RandomParams(r, requirement)}
			}),
		simulation.NewWeightedProposalMsg(OpWeightMsgDeregisterNode, DefaultWeightMsgDeregisterNode,
			func(r *rand.Rand, ctx sdk.Context, _ []simtypes.Account) sdk.Msg {
				nodes, err := nodesWithStatus(ctx, k, types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE,
					types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
				if err != nil || len(nodes) == 0 {
					return nil
				}
				return &types.MsgDeregisterNode{Authority: k.Authority(), Pubkey: pubkeyBytes(simutil.Pick(r, nodes).Pubkey)}
			}),
	}
}
