package simulation

import (
	"math/rand"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/simutil"
)

// work is what a validator's relayer would do now, as the chain lists it.
func (o ops) work(r *rand.Rand, ctx sdk.Context, accs []simtypes.Account, bonded bool) (validator, *types.QueryPendingSignaturesResponse, bool, error) {
	val, ok, err := o.pickWithKey(r, ctx, accs, bonded)
	if err != nil || !ok {
		return val, nil, false, err
	}
	pending, err := o.q.PendingSignatures(ctx, &types.QueryPendingSignaturesRequest{Validator: val.addr.String()})
	return val, pending, err == nil, err
}

// signBatch has a validator sign an open batch with one of its keys.
func (o ops) signBatch(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgSignBatch{}
	params, active, err := o.activeParams(ctx)
	if err != nil || !active {
		return o.env.NoOp(msg, "the bridge is not configured or paused")
	}
	val, pending, ok, err := o.work(r, ctx, accs, false)
	if err != nil || !ok {
		return o.noValidator(msg, err)
	}
	if len(pending.BatchesToSign) == 0 {
		return o.env.NoOp(msg, "%s signed every open batch", val.addr)
	}
	b := simutil.Pick(r, pending.BatchesToSign)
	key, ok := keyFor(val.addr, simutil.Pick(r, b.Keys))
	if !ok {
		return o.env.NoOp(msg, "the simulation does not hold that key")
	}
	msg.Signer, msg.Nonce = val.delegate.Address.String(), b.Batch.Nonce
	msg.Signature = sign(key, types.BatchDigestOf(params.BridgeID(), b.Batch, b.Transfers))
	return o.env.Deliver(r, app, ctx, val.delegate, msg, math.ZeroInt())
}

// signSignerSet has a validator sign a signer set newer than the contract's.
func (o ops) signSignerSet(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgSignSignerSet{}
	params, err := o.k.Params.Get(ctx)
	if err != nil || !params.Configured() {
		return o.env.NoOp(msg, "the bridge is not configured")
	}
	val, pending, ok, err := o.work(r, ctx, accs, false)
	if err != nil || !ok {
		return o.noValidator(msg, err)
	}
	if len(pending.SignerSetsToSign) == 0 {
		return o.env.NoOp(msg, "%s signed every signer set", val.addr)
	}
	s := simutil.Pick(r, pending.SignerSetsToSign)
	key, ok := keyFor(val.addr, simutil.Pick(r, s.Keys))
	if !ok {
		return o.env.NoOp(msg, "the simulation does not hold that key")
	}
	msg.Signer, msg.Nonce = val.delegate.Address.String(), s.SignerSet.Nonce
	msg.Signature = sign(key, s.SignerSet.Digest(params.BridgeID()))
	return o.env.Deliver(r, app, ctx, val.delegate, msg, math.ZeroInt())
}

// signAdminOp has a validator sign an admin operation.
func (o ops) signAdminOp(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgSignAdminOp{}
	params, err := o.k.Params.Get(ctx)
	if err != nil || !params.Configured() {
		return o.env.NoOp(msg, "the bridge is not configured")
	}
	val, pending, ok, err := o.work(r, ctx, accs, false)
	if err != nil || !ok {
		return o.noValidator(msg, err)
	}
	if len(pending.AdminOpsToSign) == 0 {
		return o.env.NoOp(msg, "%s signed every admin operation", val.addr)
	}
	op := simutil.Pick(r, pending.AdminOpsToSign)
	key, ok := keyFor(val.addr, simutil.Pick(r, op.Keys))
	if !ok {
		return o.env.NoOp(msg, "the simulation does not hold that key")
	}
	msg.Signer, msg.Nonce = val.delegate.Address.String(), op.Op.Nonce
	msg.Signature = sign(key, op.Op.Digest(params.BridgeID()))
	return o.env.Deliver(r, app, ctx, val.delegate, msg, math.ZeroInt())
}

// attestBatch has a bonded validator report what the model contract made
// of an open batch: executed when the contract's set signed enough of it
// before its deadline, expired once the block time is past the deadline.
func (o ops) attestBatch(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgAttestBatch{}
	params, err := o.k.Params.Get(ctx)
	if err != nil || !params.Configured() {
		return o.env.NoOp(msg, "the bridge is not configured")
	}
	val, pending, ok, err := o.work(r, ctx, accs, true)
	if err != nil || !ok {
		return o.noValidator(msg, err)
	}
	if len(pending.BatchesToAttest) == 0 {
		return o.env.NoOp(msg, "%s attested every open batch", val.addr)
	}
	b := simutil.Pick(r, pending.BatchesToAttest)
	m, err := o.model(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	outcome, err := m.outcome(ctx, b)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if outcome == types.BATCH_OUTCOME_UNSPECIFIED {
		return o.env.NoOp(msg, "batch %d is neither executed nor expired yet", b.Nonce)
	}
	msg.Signer, msg.Nonce, msg.Outcome = val.delegate.Address.String(), b.Nonce, outcome
	return o.env.Deliver(r, app, ctx, val.delegate, msg, math.ZeroInt())
}

// attestContractState has a bonded validator report the model contract's
// signer set and admin nonce when they moved past its last report.
func (o ops) attestContractState(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgAttestContractState{}
	params, err := o.k.Params.Get(ctx)
	if err != nil || !params.Configured() {
		return o.env.NoOp(msg, "the bridge is not configured")
	}
	val, pending, ok, err := o.work(r, ctx, accs, true)
	if err != nil || !ok {
		return o.noValidator(msg, err)
	}
	m, err := o.model(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if m.set.Nonce == 0 {
		return o.env.NoOp(msg, "no signer set to deploy the contract with yet")
	}
	setNonce, adminNonce, err := m.advance(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	prev := pending.ContractStateVote
	if setNonce < prev.SignerSetNonce || adminNonce < prev.AdminNonce || setNonce == prev.SignerSetNonce && adminNonce == prev.AdminNonce {
		return o.env.NoOp(msg, "%s attested the contract's state already", val.addr)
	}
	msg.Signer, msg.SignerSetNonce, msg.AdminNonce = val.delegate.Address.String(), setNonce, adminNonce
	return o.env.Deliver(r, app, ctx, val.delegate, msg, math.ZeroInt())
}
