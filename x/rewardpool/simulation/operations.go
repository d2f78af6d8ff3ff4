package simulation

import (
	"math/rand"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Operation weights: the key a simulation params file sets, and the default.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgFundPool          = "op_weight_msg_fund_pool"
	DefaultWeightMsgFundPool int = 60
)

// WeightedOperations returns the module's operations with their weights.
func WeightedOperations(appParams simtypes.AppParams, env simutil.Env) simulation.WeightedOperations {
	return simulation.WeightedOperations{
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgFundPool, DefaultWeightMsgFundPool), SimulateMsgFundPool(env)),
	}
}

// SimulateMsgFundPool funds the pool with up to a quarter of a random
// account's spendable balance.
func SimulateMsgFundPool(env simutil.Env) simtypes.Operation {
	return func(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
	) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
		msg := &types.MsgFundPool{}
		from, spendable, ok := env.AccountWithBalance(r, ctx, accs, math.OneInt().MulRaw(4))
		if !ok {
			return env.NoOp(msg, "no account with a balance to fund the pool")
		}
		amount := simutil.IntBetween(r, math.OneInt(), spendable.QuoRaw(4))
		msg.Depositor = from.Address.String()
		msg.Amount = sdk.NewCoin(types.Denom, amount)
		return env.Deliver(r, app, ctx, from, msg, amount)
	}
}
