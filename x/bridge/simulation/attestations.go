package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/simutil"
)

// MsgAttestBatch has a bonded validator report what the model contract made
// of an open batch: executed when the contract's set signed enough of it
// before its deadline, expired once the block time is past the deadline.
func (f Factories) MsgAttestBatch() simsx.SimMsgFactoryFn[*types.MsgAttestBatch] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgAttestBatch) {
		ctx := sdk.UnwrapSDKContext(goCtx)
		val, pending, ok := f.bondedWork(ctx, data, reporter)
		if !ok {
			return nil, nil
		}
		if len(pending.BatchesToAttest) == 0 {
			reporter.Skipf("%s attested every open batch", val.addr)
			return nil, nil
		}
		b := simutil.Pick(data.Rand().Rand, pending.BatchesToAttest)
		m, err := f.model(ctx)
		if err != nil {
			reporter.Fail(err, "reading the model contract")
			return nil, nil
		}
		outcome, err := m.outcome(ctx, b)
		if err != nil {
			reporter.Fail(err, "reading the batch's signatures")
			return nil, nil
		}
		if outcome == types.BATCH_OUTCOME_UNSPECIFIED {
			reporter.Skipf("batch %d is neither executed nor expired yet", b.Nonce)
			return nil, nil
		}
		msg := &types.MsgAttestBatch{Signer: val.delegate.AddressBech32, Nonce: b.Nonce, Outcome: outcome}
		return []simsx.SimAccount{val.delegate}, msg
	}
}

// MsgAttestContractState has a bonded validator report the model
// contract's signer set and admin nonce when they moved past its last
// report.
func (f Factories) MsgAttestContractState() simsx.SimMsgFactoryFn[*types.MsgAttestContractState] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgAttestContractState) {
		ctx := sdk.UnwrapSDKContext(goCtx)
		val, pending, ok := f.bondedWork(ctx, data, reporter)
		if !ok {
			return nil, nil
		}
		m, err := f.model(ctx)
		if err != nil {
			reporter.Fail(err, "reading the model contract")
			return nil, nil
		}
		if m.set.Nonce == 0 {
			reporter.Skip("no signer set to deploy the contract with yet")
			return nil, nil
		}
		setNonce, adminNonce, err := m.advance(ctx)
		if err != nil {
			reporter.Fail(err, "advancing the model contract")
			return nil, nil
		}
		prev := pending.ContractStateVote
		if setNonce < prev.SignerSetNonce || adminNonce < prev.AdminNonce || setNonce == prev.SignerSetNonce && adminNonce == prev.AdminNonce {
			reporter.Skipf("%s attested the contract's state already", val.addr)
			return nil, nil
		}
		msg := &types.MsgAttestContractState{Signer: val.delegate.AddressBech32, SignerSetNonce: setNonce, AdminNonce: adminNonce}
		return []simsx.SimAccount{val.delegate}, msg
	}
}

// bondedWork picks a bonded validator with a key, once the bridge is
// configured, and what the chain lists for its relayer. It reports, and
// returns false, when there is none.
func (f Factories) bondedWork(ctx sdk.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) (validator, *types.QueryPendingSignaturesResponse, bool) {
	if _, ok := f.configuredParams(ctx); !ok {
		reporter.Skip("the bridge is not configured")
		return validator{}, nil, false
	}
	val, ok := f.pickWithKey(ctx, data, reporter, true)
	if !ok {
		return validator{}, nil, false
	}
	pending, ok := f.pending(ctx, reporter, val)
	return val, pending, ok
}
