package simulation

import (
	"math/rand"

	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// Proposal weights: the key a simulation params file sets, and the default.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgUpdateParams          = "op_weight_msg_update_names_params"
	DefaultWeightMsgUpdateParams int = 5
)

// ProposalMsgs returns the governance proposal the simulation submits for
// the authority's message: new random params, priced for the accounts'
// balances like the genesis ones.
func ProposalMsgs(k *keeper.Keeper, bank simutil.BankKeeper) []simtypes.WeightedProposalMsg {
	return []simtypes.WeightedProposalMsg{
		simulation.NewWeightedProposalMsg(OpWeightMsgUpdateParams, DefaultWeightMsgUpdateParams,
			func(r *rand.Rand, ctx sdk.Context, accs []simtypes.Account) sdk.Msg {
				acc, _ := simtypes.RandomAcc(r, accs)
				balance := bank.SpendableCoins(ctx, acc.Address).AmountOf(types.Denom)
				return &types.MsgUpdateParams{Authority: k.Authority(), Params: RandomParams(r, balance)}
			}),
	}
}
