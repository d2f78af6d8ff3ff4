package sim

import (
	"context"
	"encoding/json"
	"math/rand"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/app"
)

// operations returns every module's weighted operations, in the module
// manager's order. A module on simsx's message factories registers them in
// a registry that turns each factory into an operation of this runner; a
// module still on the legacy API (x/auth, x/evidence) gives its operations
// as they are. The governance module's proposals carry every module's
// proposal messages, registered first: every module of this app that has
// any registers them as factories, and x/gov adds its legacy contents.
//
// It follows simsx's own runner (prepareWeightedOps), which keeps the
// operations it builds to itself: this runner needs them to drive its own
// blocks.
func operations(tb testing.TB, a *app.App, simCfg simtypes.Config) []simtypes.WeightedOperation {
	tb.Helper()
	simState := module.SimulationState{
		AppParams: make(simtypes.AppParams),
		Cdc:       a.AppCodec(),
		TxConfig:  a.TxConfig(),
		BondDenom: sdk.DefaultBondDenom,
	}
	if simCfg.ParamsFile != "" {
		bz, err := os.ReadFile(simCfg.ParamsFile)
		require.NoError(tb, err)
		require.NoError(tb, json.Unmarshal(bz, &simState.AppParams))
	}
	weights := simsx.ParamWeightSource(simState.AppParams)
	sm := a.SimulationManager()

	proposals := simsx.NewUniqueTypeRegistry()
	var contents []simtypes.WeightedProposalContent //nolint:staticcheck // x/gov still takes legacy contents
	for _, m := range sm.Modules {
		switch xm := m.(type) {
		case simsx.HasProposalMsgsX:
			xm.ProposalMsgsX(weights, proposals)
		case simsx.HasLegacyProposalContents:
			contents = append(contents, xm.ProposalContents(simState)...)
		}
	}

	reg := &registry{
		reporter: simsx.NewBasicSimulationReporter(),
		accounts: a.AccountKeeper,
		balances: a.BankKeeper,
		txConfig: a.TxConfig(),
	}
	for _, m := range sm.Modules {
		switch xm := m.(type) {
		case simsx.HasWeightedOperationsX:
			xm.WeightedOperationsX(weights, reg)
		case simsx.HasWeightedOperationsXWithProposals:
			xm.WeightedOperationsX(weights, reg, proposals.Iterator(), contents)
		case simsx.HasLegacyWeightedOperations:
			reg.ops = append(reg.ops, xm.WeightedOperations(simState)...)
		}
	}
	return reg.ops
}

// registry is a simsx.Registry (and FutureOpsRegistry) whose factories
// become operations of this runner: each builds its message from the
// chain's state and the simulation's accounts, delivers it as a signed
// transaction with random fees, and reports a skip as a no-op and a failed
// delivery as an error.
type registry struct {
	reporter *simsx.BasicSimulationReporter
	accounts simsx.AccountSourceX
	balances simsx.BalanceSource
	txConfig client.TxConfig
	ops      []simtypes.WeightedOperation
}

// Add registers fx with weight; a zero weight leaves it out.
func (g *registry) Add(weight uint32, fx simsx.SimMsgFactoryX) {
	if weight == 0 {
		return
	}
	g.ops = append(g.ops, weighted{weight: int(weight), op: g.operation(fx)})
}

// futureOps collects the factories one operation schedules.
type futureOps struct {
	g   *registry
	ops []simtypes.FutureOperation
}

// Add schedules fx for the first block after blockTime.
func (f *futureOps) Add(blockTime time.Time, fx simsx.SimMsgFactoryX) {
	if blockTime.IsZero() {
		return
	}
	f.ops = append(f.ops, simtypes.FutureOperation{BlockTime: blockTime, Op: f.g.operation(fx)})
}

// operation runs fx once: the factory, then the delivery of its message.
func (g *registry) operation(fx simsx.SimMsgFactoryX) simtypes.Operation {
	return func(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
	) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
		testData := simsx.NewChainDataSource(ctx, r, g.accounts, g.balances, g.txConfig.SigningContext().AddressCodec(), accs...)
		reporter := g.reporter.WithScope(fx.MsgType())
		future := &futureOps{g: g}
		if withFuture, ok := fx.(simsx.HasFutureOpsRegistry); ok {
			withFuture.SetFutureOpsRegistry(future)
		}
		from, msg := runFactory(ctx, testData, reporter, fx.Create())
		res := simsx.DeliverSimsMsg(ctx, reporter, app, r, g.txConfig, g.accounts, chainID, msg, fx.DeliveryResultHandler(), from...)
		return res, future.ops, reporter.Close()
	}
}

// runFactory runs a factory method on this goroutine. A factory that has
// skipped may panic on the empty values its skip left it (as simsx's own
// SafeRunFactoryMethod allows); that is its skip, not a failure. simsx runs
// factories on a goroutine of their own, which a skip abandons blocked on
// its result, holding the block's state: one leaked goroutine per skipped
// operation, and a factory that could still be reading the state while the
// next operation writes it.
func runFactory(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, f simsx.FactoryMethod,
) (signers []simsx.SimAccount, msg sdk.Msg) {
	defer func() {
		if r := recover(); r != nil {
			if !reporter.IsSkipped() {
				panic(r)
			}
			signers, msg = nil, nil
		}
	}()
	return f(ctx, testData, reporter)
}

// weighted is one registered operation with its weight.
type weighted struct {
	weight int
	op     simtypes.Operation
}

// Weight implements simtypes.WeightedOperation.
func (w weighted) Weight() int { return w.weight }

// Op implements simtypes.WeightedOperation.
func (w weighted) Op() simtypes.Operation { return w.op }
