package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// Proposal weights: the name a simulation params file sets under
// "op_weight_" + name, and the default.
const (
	WeightMsgUpdateParams               = "msg_update_names_params"
	DefaultWeightMsgUpdateParams uint32 = 5
)

// MsgUpdateParamsFactory proposes the authority's message: new random
// params, priced for the balance of a random account like the genesis ones.
func MsgUpdateParamsFactory(authority string) simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		acc := testData.AnyAccount(reporter)
		balance := acc.LiquidBalance().AmountOf(types.Denom)
		return nil, &types.MsgUpdateParams{Authority: authority, Params: RandomParams(testData.Rand().Rand, balance)}
	}
}
