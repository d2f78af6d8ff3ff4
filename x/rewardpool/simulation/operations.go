package simulation

import (
	"context"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Operation weights: the name a simulation params file sets under
// "op_weight_" + name, and the default.
const (
	WeightMsgFundPool               = "msg_fund_pool"
	DefaultWeightMsgFundPool uint32 = 60
)

// accountTries is how many random accounts an operation looks at for one
// that can pay.
const accountTries = 10

// MsgFundPoolFactory funds the pool with up to a quarter of a random
// account's spendable balance.
func MsgFundPoolFactory() simsx.SimMsgFactoryFn[*types.MsgFundPool] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgFundPool) {
		minimum := sdk.NewCoin(types.Denom, math.NewInt(4))
		from := testData.AnyAccountN(accountTries-1, reporter, simsx.WithLiquidBalanceGTE(minimum))
		if reporter.IsSkipped() {
			return nil, nil
		}
		spendable := from.LiquidBalance().AmountOf(types.Denom)
		amount := sdk.NewCoin(types.Denom, simutil.IntBetween(testData.Rand().Rand, math.OneInt(), spendable.QuoRaw(4)))
		from.LiquidBalance().BlockAmount(amount) // a quarter of the balance at most: the rest pays the fees
		return []simsx.SimAccount{from}, &types.MsgFundPool{Depositor: from.AddressBech32, Amount: amount}
	}
}
