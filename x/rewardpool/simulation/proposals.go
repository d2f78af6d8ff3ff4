package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Proposal weights: the name a simulation params file sets under
// "op_weight_" + name, and the default.
const (
	WeightMsgUpdateParams               = "msg_update_rewardpool_params"
	DefaultWeightMsgUpdateParams uint32 = 5
)

// MsgUpdateParamsFactory proposes new random params, signed by the
// authority.
func MsgUpdateParamsFactory(authority string) simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(_ context.Context, testData *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		return nil, &types.MsgUpdateParams{Authority: authority, Params: RandomParams(testData.Rand().Rand)}
	}
}
