package simulation

import (
	"math/rand"

	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Proposal weights: the key a simulation params file sets, and the default.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgUpdateParams           = "op_weight_msg_update_bridge_params"
	DefaultWeightMsgUpdateParams  int = 5
	OpWeightMsgReopenDeposit          = "op_weight_msg_reopen_deposit"
	DefaultWeightMsgReopenDeposit int = 1
)

// ProposalMsgs returns the governance proposals the simulation submits: new
// params that pause or resume the bridge and change its amounts, windows and
// cap (which makes admin operations for the contract), and now and then a
// reopening of the deposits not yet observed. The bridge's identity (EVM
// chain, contract, bridge name) stays: the chain refuses to change it once
// set.
func ProposalMsgs(k *keeper.Keeper) []simtypes.WeightedProposalMsg {
	return []simtypes.WeightedProposalMsg{
		simulation.NewWeightedProposalMsg(OpWeightMsgUpdateParams, DefaultWeightMsgUpdateParams,
			func(r *rand.Rand, ctx sdk.Context, _ []simtypes.Account) sdk.Msg {
				current, err := k.Params.Get(ctx)
				if err != nil {
					return nil
				}
				params := RandomParams(r)
				if current.Configured() {
					params.EvmChainId, params.ContractAddress, params.BridgeName = current.EvmChainId, current.ContractAddress, current.BridgeName
				}
				return &types.MsgUpdateParams{Authority: k.Authority(), Params: params}
			}),
		simulation.NewWeightedProposalMsg(OpWeightMsgReopenDeposit, DefaultWeightMsgReopenDeposit,
			func(*rand.Rand, sdk.Context, []simtypes.Account) sdk.Msg {
				return &types.MsgReopenDeposit{Authority: k.Authority()}
			}),
	}
}
