package keeper_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// migratedFromRelease1 is a fixture upgraded from a release-1 chain whose
// contract holds 90 nsesh for it: 20 bridged nsesh and the carried
// transfers 2 (50) and 3 (20).
func migratedFromRelease1(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, unconfigured, noKeys)
	writeV1State(f, false)
	require.NoError(t, keeper.NewMigrator(f.k).Migrate1to2(f.ctx))
	return f
}

// nameRelease2 names the release-2 contract and registers the delegates
// of the release-1 keys.
func (f *fixture) nameRelease2() {
	f.t.Helper()
	f.setParams(func(p *types.Params) {
		p.ContractAddress, p.BridgeName = contract.Hex(), bridgeName
		p.BatchWaitBlocks = 0
	})
	for _, v := range vals[:3] {
		require.NoError(f.t, f.registerKey(v))
	}
}

func (f *fixture) retired() types.RetiredContract {
	f.t.Helper()
	resp, err := f.queries.RetiredContract(f.ctx, &types.QueryRetiredContractRequest{})
	require.NoError(f.t, err)
	require.NotNil(f.t, resp.Retired)
	return *resp.Retired
}

func (f *fixture) reportRetired(a types.RetiredAttestation, vs ...validator) {
	f.t.Helper()
	for _, v := range vs {
		_, err := f.msgs.AttestRetiredContract(f.ctx, &types.MsgAttestRetiredContract{Signer: v.signer(), Attestation: a})
		require.NoError(f.t, err, v.valoper())
	}
}

// signSweep signs the sweep's three release-1 digests with v's key.
func (f *fixture) signSweep(v validator) *types.MsgSignRetiredSweep {
	f.t.Helper()
	capRaise, withdraw, pause := f.retired().SweepDigests()
	return &types.MsgSignRetiredSweep{
		Signer:            v.signer(),
		CapSignature:      sign(f.t, v.key, types.Release1SignedHash(capRaise)),
		WithdrawSignature: sign(f.t, v.key, types.Release1SignedHash(withdraw)),
		PauseSignature:    sign(f.t, v.key, types.Release1SignedHash(pause)),
	}
}

// TestRetiredContractSweep: the upgrade records release 1's contract and
// what it holds for the chain; nothing is batched for the release-2
// contract, and no carried transfer cancelled, before the relayers
// reconciled the old contract's withdrawn map (transfer 2 was paid there:
// EXECUTED, not paid again) and the sweep of the rest, signed with release
// 1's digests, was attested executed. Then the queued refund is batched.
func TestRetiredContractSweep(t *testing.T) {
	f := migratedFromRelease1(t)
	r := f.retired()
	require.Equal(t, types.RETIRED_STAGE_RECONCILE, r.Stage)
	require.Equal(t, contract.Hex(), r.ContractAddress)
	require.Equal(t, chainID, r.CosmosChainId)
	require.Equal(t, math.NewInt(90).String(), r.Owed.String(), "minted 100 + refunded 20 − released 30")
	require.Equal(t, []uint64{2, 3}, r.CarriedTransferIds)
	f.checkInvariants()

	_, err := f.msgs.CancelBridgeOut(f.ctx, &types.MsgCancelBridgeOut{Sender: users[1].String(), TransferId: 2})
	require.ErrorIs(t, err, types.ErrSweepPending, "the old contract may have paid it")

	reconcile := types.RetiredAttestation{Stage: types.RETIRED_STAGE_RECONCILE, AdminNonce: 0, PaidTransferIds: []uint64{2}}
	for _, v := range vals[:3] {
		require.NoError(t, f.registerKey(v))
	}
	_, err = f.msgs.AttestRetiredContract(f.ctx, &types.MsgAttestRetiredContract{Signer: vals[0].signer(), Attestation: reconcile})
	require.ErrorIs(t, err, types.ErrNotConfigured, "no recipient yet")

	f.nameRelease2()
	f.block()
	require.Equal(t, types.TRANSFER_STATUS_QUEUED, f.transfer(3).Status, "no batch before the sweep")

	_, err = f.msgs.AttestRetiredContract(f.ctx, &types.MsgAttestRetiredContract{
		Signer:      vals[0].signer(),
		Attestation: types.RetiredAttestation{Stage: types.RETIRED_STAGE_RECONCILE, PaidTransferIds: []uint64{1}},
	})
	require.ErrorIs(t, err, types.ErrTransferNotFound, "transfer 1 was not carried")
	_, err = f.msgs.AttestRetiredContract(f.ctx, &types.MsgAttestRetiredContract{
		Signer:      vals[0].signer(),
		Attestation: types.RetiredAttestation{Stage: types.RETIRED_STAGE_SIGN, Swept: true},
	})
	require.ErrorIs(t, err, types.ErrRetiredStage)

	// Split reports do not pass: two say transfer 2 was paid, one says not.
	f.reportRetired(reconcile, vals[0], vals[1])
	f.reportRetired(types.RetiredAttestation{Stage: types.RETIRED_STAGE_RECONCILE}, vals[2])
	require.Equal(t, types.RETIRED_STAGE_RECONCILE, f.retired().Stage)
	_, err = f.msgs.AttestRetiredContract(f.ctx, &types.MsgAttestRetiredContract{Signer: vals[0].signer(), Attestation: reconcile})
	require.ErrorIs(t, err, types.ErrDuplicateAttestation)
	// The third relayer sees the contract again and replaces its report.
	f.reportRetired(reconcile, vals[2])

	r = f.retired()
	require.Equal(t, types.RETIRED_STAGE_SIGN, r.Stage)
	require.Equal(t, math.NewInt(40).String(), r.Amount.String(), "90 owed − 50 paid by the old contract")
	require.Equal(t, uint64(4), r.SweepId, "a release-1 transfer id no release-1 transfer had")
	require.Equal(t, contract.Hex(), r.Recipient)
	require.Equal(t, types.TRANSFER_STATUS_EXECUTED, f.transfer(2).Status, "paid once, by the old contract")
	require.Equal(t, math.NewInt(80).String(), f.stats().Released.String())
	require.Len(t, events[*types.EventRetiredContractReconciled](f), 1)
	f.checkInvariants()

	// Signatures: all three by one key of the delegate's validator.
	msg := f.signSweep(vals[0])
	msg.PauseSignature = f.signSweep(vals[1]).PauseSignature
	_, err = f.msgs.SignRetiredSweep(f.ctx, msg)
	require.ErrorIs(t, err, types.ErrInvalidSignature)
	wrongDigest := f.signSweep(vals[0])
	wrongDigest.CapSignature = wrongDigest.WithdrawSignature
	_, err = f.msgs.SignRetiredSweep(f.ctx, wrongDigest)
	require.ErrorIs(t, err, types.ErrInvalidSignature)
	for _, v := range vals[:3] {
		_, err := f.msgs.SignRetiredSweep(f.ctx, f.signSweep(v))
		require.NoError(t, err)
	}
	_, err = f.msgs.SignRetiredSweep(f.ctx, f.signSweep(vals[0]))
	require.ErrorIs(t, err, types.ErrAlreadySigned)
	resp, err := f.queries.RetiredContract(f.ctx, &types.QueryRetiredContractRequest{})
	require.NoError(t, err)
	require.Len(t, resp.WithdrawSignatures, 3)
	require.Len(t, resp.CapSignatures, 3)
	require.Len(t, resp.PauseSignatures, 3)
	_, withdraw, _ := r.SweepDigests()
	require.Equal(t, withdraw.Bytes(), resp.WithdrawDigest)
	f.checkInvariants()

	f.block()
	require.Equal(t, types.TRANSFER_STATUS_QUEUED, f.transfer(3).Status, "still no batch: the sweep has not landed")
	_, err = f.msgs.CancelBridgeOut(f.ctx, &types.MsgCancelBridgeOut{Sender: users[1].String(), TransferId: 2})
	require.ErrorIs(t, err, types.ErrNotCancellable, "executed by the old contract")

	f.reportRetired(types.RetiredAttestation{Stage: types.RETIRED_STAGE_SIGN, Swept: true}, vals[:3]...)
	r = f.retired()
	require.Equal(t, types.RETIRED_STAGE_SWEPT, r.Stage)
	require.Len(t, events[*types.EventRetiredSweepExecuted](f), 1)
	resp, err = f.queries.RetiredContract(f.ctx, &types.QueryRetiredContractRequest{})
	require.NoError(t, err)
	require.Empty(t, resp.WithdrawSignatures, "signatures dropped once executed")
	_, err = f.msgs.SignRetiredSweep(f.ctx, f.signSweep(vals[0]))
	require.ErrorIs(t, err, types.ErrRetiredStage)

	f.block()
	require.Equal(t, types.TRANSFER_STATUS_BATCHED, f.transfer(3).Status, "batched once the new contract holds the tokens")
	f.checkInvariants()
}

// TestRetiredContractRefusesAnotherEvmChain: while the sweep is pending the
// release-2 contract must be on the retired contract's EVM chain.
func TestRetiredContractRefusesAnotherEvmChain(t *testing.T) {
	f := migratedFromRelease1(t)
	p := f.params()
	p.ContractAddress, p.BridgeName, p.EvmChainId = contract.Hex(), bridgeName, evmChainID+1
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.k.Authority(), Params: p})
	require.ErrorIs(t, err, types.ErrInvalidParams)
}

// TestRetiredContractNothingToSweep: when the old contract paid everything
// it held for the chain, the reconciliation ends the sweep at once.
func TestRetiredContractNothingToSweep(t *testing.T) {
	f := migratedFromRelease1(t)
	require.NoError(t, f.k.Stats.Set(f.ctx, types.Stats{Minted: math.NewInt(0), Burned: math.NewInt(50), Refunded: math.NewInt(20), Released: math.NewInt(0), Returned: math.ZeroInt()}))
	r := f.retired()
	r.Owed = math.NewInt(70)
	require.NoError(t, f.k.RetiredContract.Set(f.ctx, r))
	f.nameRelease2()
	f.reportRetired(types.RetiredAttestation{Stage: types.RETIRED_STAGE_RECONCILE, PaidTransferIds: []uint64{2, 3}}, vals[:3]...)
	require.Equal(t, types.RETIRED_STAGE_SWEPT, f.retired().Stage)
	require.True(t, f.retired().Amount.IsZero())
}
