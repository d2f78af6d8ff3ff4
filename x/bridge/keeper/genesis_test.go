package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func (f *fixture) export() *types.GenesisState {
	f.t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(f.t, err)
	return gs
}

func (f *fixture) exportJSON() string {
	f.t.Helper()
	js, err := f.cdc.MarshalJSON(f.export())
	require.NoError(f.t, err)
	return string(js)
}

func TestDefaultGenesisRoundTrip(t *testing.T) {
	f := newFixtureFromGenesis(t, types.DefaultGenesis())

	gs := f.export()

	require.NoError(t, gs.Validate())
	require.Equal(t, types.DefaultGenesis(), gs)
}

// busyChain is a chain with something in every part of the state: keys (one
// rotated, its old key still signing), signer sets with signatures, the
// contract's state with votes, a minted, a refunded and a pending deposit, a
// split alert, transfers queued, batched, executed and returned, batches
// open, executed and expired with signatures and votes, admin operations
// with signatures, evidence slashed, and signing windows to come.
func busyChain(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, withParams(func(p *types.Params) { p.BatchWaitBlocks = 5 }))
	f.block() // set 1
	f.attestContract(1, 0, vals...)
	// Deposit 1 is minted, 2 refunded (transfer 1), 3 split.
	f.attestAll(claim(1, users[1].String(), 1_000), vals[:3]...)
	f.attestAll(claim(2, "nobody", 300), vals[:3]...)
	f.attestAll(claim(3, users[2].String(), 50), vals[0], vals[1])
	f.attestAll(claim(3, users[3].String(), 50), vals[2], vals[3])
	// Transfers 2, 3 executed in batch 1; 4 expires in batch 2; 5 in open batch 3.
	f.setParams(func(p *types.Params) { p.BatchWaitBlocks = 0 })
	executed := f.makeBatch(200, 400)
	f.signBatch(executed, vals[:3]...)
	f.attestBatchAll(executed, types.BATCH_OUTCOME_EXECUTED, vals[:3]...)
	expired := f.makeBatch(100)
	f.attestBatchAll(expired, types.BATCH_OUTCOME_EXPIRED, vals[:3]...)
	open := f.makeBatch(700)
	f.signBatch(open, vals[0])
	f.attestBatchAll(open, types.BATCH_OUTCOME_EXECUTED, vals[1])
	f.setParams(func(p *types.Params) { p.BatchWaitBlocks = 50 })
	f.mustBridgeOut(60) // queued
	// vals[0] rotates; set 2 follows, which two validators sign.
	require.NoError(t, f.rotateKey(vals[0], evmKey("busy rotated")))
	f.block()
	require.NoError(t, f.signSetWith(vals[0], vals[0].key, 2))
	require.NoError(t, f.signSet(vals[1], 2))
	// Governance pauses: an admin operation, signed once.
	f.setParams(func(p *types.Params) { p.Paused = true })
	op, err := f.k.AdminOps.Get(f.ctx, 1)
	require.NoError(t, err)
	_, err = f.msgs.SignAdminOp(f.ctx, &types.MsgSignAdminOp{Signer: vals[2].signer(), Nonce: 1, Signature: sign(t, vals[2].key, op.Digest(f.bridgeID()))})
	require.NoError(t, err)
	// Evidence against vals[3].
	forged := types.SignedItem{Kind: types.SIGNED_ITEM_KIND_CAP, Nonce: 9, CapLimit: math.NewInt(1), CapPeriodSeconds: 1}
	digest, err := forged.Digest(f.bridgeID())
	require.NoError(t, err)
	_, err = f.msgs.SubmitBadSignatureEvidence(f.ctx, &types.MsgSubmitBadSignatureEvidence{Submitter: users[0].String(), Item: forged, Signature: sign(t, vals[3].key, digest)})
	require.NoError(t, err)
	f.endBlock()
	f.nextBlock()

	require.Equal(t, types.TRANSFER_STATUS_EXECUTED, f.transfer(2).Status)
	require.Equal(t, types.TRANSFER_STATUS_RETURNED, f.transfer(4).Status)
	require.Equal(t, types.TRANSFER_STATUS_BATCHED, f.transfer(5).Status)
	require.Equal(t, types.TRANSFER_STATUS_QUEUED, f.transfer(6).Status)
	return f
}

func TestGenesisRoundTrip(t *testing.T) {
	f := busyChain(t)
	exported := f.export()
	require.NoError(t, exported.Validate())
	// Every part of the state is there.
	require.Len(t, exported.EvmKeys, 4)
	require.Len(t, exported.KeyOwners, 5)
	require.Len(t, exported.RetiredKeys, 1)
	require.Equal(t, uint64(2), exported.LastObservedNonce)
	require.Len(t, exported.AttestedNonces, 4)
	require.Len(t, exported.DepositVotes, 4)
	require.Positive(t, exported.DepositSplitSince)
	require.Len(t, exported.Transfers, 6)
	require.Len(t, exported.Batches, 3)
	require.Len(t, exported.BatchSignatures, 4)
	require.Len(t, exported.BatchVotes, 1)
	require.Len(t, exported.SignerSets, 2)
	require.Len(t, exported.SignerSetSignatures, 2)
	require.Len(t, exported.AdminOps, 1)
	require.Len(t, exported.AdminOpSignatures, 1)
	require.Equal(t, uint64(1), exported.ContractState.SignerSetNonce)
	require.Len(t, exported.ContractStateVotes, 4)
	require.Len(t, exported.ProducedDigests, 2+3+1)
	require.Len(t, exported.SlashedEvidence, 1)
	require.NotEmpty(t, exported.LivenessQueue)
	require.Equal(t, uint64(7), exported.NextTransferId)
	require.Equal(t, uint64(4), exported.NextBatchNonce)
	require.Equal(t, uint64(2), exported.NextAdminNonce)

	g := newFixtureFromGenesis(t, exported)

	require.Equal(t, f.exportJSON(), g.exportJSON())
	g.checkInvariants()
}

func TestImportedChainCarriesOn(t *testing.T) {
	f := newFixtureFromGenesis(t, busyChain(t).export())
	f.setParams(func(p *types.Params) { p.Paused = false })
	require.Len(t, f.pending(vals[0]).AdminOpsToSign, 2, "the pause and the unpause, in order")

	// The split deposit heals by replacement; the next nonce carries on.
	observed, err := f.attest(vals[2], claim(3, users[2].String(), 50))
	require.NoError(t, err)
	require.True(t, observed)
	// The open batch's signature and vote still count.
	require.ErrorIs(t, f.signBatchWith(vals[0], vals[0].key, 3), types.ErrAlreadySigned)
	f.attestBatchAll(3, types.BATCH_OUTCOME_EXECUTED, vals[2])
	settled, err := f.attestBatch(vals[3], 3, types.BATCH_OUTCOME_EXECUTED)
	require.NoError(t, err)
	require.True(t, settled, "vals[1]'s vote from before the export, vals[2] and vals[3]: 30 of 40")
	// The retired key still signs the hand-over; the evidence is not taken twice.
	require.ErrorIs(t, f.signSetWith(vals[0], vals[0].key, 2), types.ErrAlreadySigned)
	f.endBlock()
}

func TestInitGenesisRejectsInconsistentState(t *testing.T) {
	gs := busyChain(t).export()
	gs.Stats.Burned = gs.Stats.Burned.AddRaw(1)

	f := newFixture(t)
	err := f.k.InitGenesis(f.ctx, gs)

	require.ErrorIs(t, err, types.ErrInvalidGenesis)
}
