package bridge

// Interim, until testutil/sim drives simsx factories: the legacy API runs
// the module's factories as the SDK's simsx runner does. Deleted when the
// runner supports simsx.

import (
	"context"
	"math/rand"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"
)

type interimRegistry []simsx.WeightedFactory

func (x *interimRegistry) Add(weight uint32, f simsx.SimMsgFactoryX) {
	if weight > 0 {
		*x = append(*x, simsx.WeightedFactory{Weight: weight, Factory: f})
	}
}

// WeightedOperations adapts WeightedOperationsX to the legacy runner.
func (am AppModule) WeightedOperations(simState module.SimulationState) []simtypes.WeightedOperation {
	env := am.SimEnv(simState)
	ak := env.AccountKeeper.(simsx.AccountSourceX) //nolint:forcetypeassert // interim
	bk := env.BankKeeper.(simsx.BalanceSource)     //nolint:forcetypeassert // interim
	var reg interimRegistry
	am.WeightedOperationsX(simsx.ParamWeightSource(simState.AppParams), &reg)
	var ops []simtypes.WeightedOperation
	for _, wf := range reg {
		fx := wf.Factory
		op := func(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
		) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
			xCtx, done := context.WithCancel(ctx)
			ctx = sdk.UnwrapSDKContext(xCtx)
			data := simsx.NewChainDataSource(ctx, r, ak, bk, simState.TxConfig.SigningContext().AddressCodec(), accs...)
			reporter := simsx.NewBasicSimulationReporter().WithScope(fx.MsgType(), simsx.SkipHookFn(func(...any) { done() }))
			from, msg := simsx.SafeRunFactoryMethod(ctx, data, reporter, fx.Create())
			res := simsx.DeliverSimsMsg(ctx, reporter, app, r, simState.TxConfig, ak, chainID, msg, fx.DeliveryResultHandler(), from...)
			return res, nil, reporter.Close()
		}
		ops = append(ops, simulationWeightedOp{int(wf.Weight), op})
	}
	return ops
}

type simulationWeightedOp struct {
	w  int
	op simtypes.Operation
}

func (o simulationWeightedOp) Weight() int            { return o.w }
func (o simulationWeightedOp) Op() simtypes.Operation { return o.op }

// ProposalMsgs adapts ProposalMsgsX to the legacy runner.
func (am AppModule) ProposalMsgs(simState module.SimulationState) []simtypes.WeightedProposalMsg {
	env := am.SimEnv(simState)
	ak := env.AccountKeeper.(simsx.AccountSourceX) //nolint:forcetypeassert // interim
	bk := env.BankKeeper.(simsx.BalanceSource)     //nolint:forcetypeassert // interim
	var reg interimRegistry
	var names []string
	weights := simsx.WeightSourceFn(func(name string, def uint32) uint32 { names = append(names, name); return def })
	am.ProposalMsgsX(weights, &reg)
	var out []simtypes.WeightedProposalMsg
	for i, wf := range reg {
		fx := wf.Factory
		out = append(out, simulation.NewWeightedProposalMsg("op_weight_"+names[i], int(wf.Weight),
			func(r *rand.Rand, ctx sdk.Context, accs []simtypes.Account) sdk.Msg {
				data := simsx.NewChainDataSource(ctx, r, ak, bk, simState.TxConfig.SigningContext().AddressCodec(), accs...)
				_, msg := fx.Create()(ctx, data, simsx.NewBasicSimulationReporter().WithScope(fx.MsgType()))
				return msg
			}))
	}
	return out
}
