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

// busyChain is a chain with something in every part of the state: keys,
// two signer sets with signatures, a minted and a refunded deposit, a
// deposit still being attested, and transfers pending (signed, with an
// execution vote), ready and executed.
func busyChain(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.registerAll()
	// Deposit 1 is minted, 2 refunded (transfer 1), 3 attested by vals[0] only.
	f.attestAll(claim(1, users[1].String(), 1_000), vals[:3]...)
	f.attestAll(claim(2, "nobody", 300), vals[:3]...)
	f.attestAll(claim(3, users[2].String(), 50), vals[0])
	// Transfer 2 pending, 3 ready, 4 executed.
	pending, ready, executed := f.mustBridgeOut(200), f.mustBridgeOut(400), f.mustBridgeOut(800)
	f.signAll(pending, vals[0])
	f.executeAll(pending, vals[1])
	f.signAll(ready, vals[:3]...)
	f.signAll(executed, vals...)
	f.executeAll(executed, vals[:3]...)
	f.signAll(1, vals[3])
	f.endBlock()
	f.nextBlock()
	// A power change makes set 2, which two validators sign.
	f.setPowers(40, 10, 10, 10)
	require.NoError(t, f.signSet(vals[0], 1))
	f.endBlock()
	f.nextBlock()
	require.NoError(t, f.signSet(vals[0], 2))
	require.NoError(t, f.signSet(vals[1], 2))

	require.Equal(t, types.TRANSFER_STATUS_PENDING, f.transfer(1).Status)
	require.Equal(t, types.TRANSFER_STATUS_PENDING, f.transfer(pending).Status)
	require.Equal(t, types.TRANSFER_STATUS_READY, f.transfer(ready).Status)
	require.Equal(t, types.TRANSFER_STATUS_EXECUTED, f.transfer(executed).Status)
	return f
}

func TestGenesisRoundTrip(t *testing.T) {
	f := busyChain(t)
	exported := f.export()
	require.NoError(t, exported.Validate())
	// Every part of the state is there.
	require.Len(t, exported.EvmKeys, 4)
	require.Equal(t, uint64(2), exported.LastObservedNonce)
	require.Len(t, exported.AttestedNonces, 3)
	require.Len(t, exported.DepositVotes, 1)
	require.Len(t, exported.Transfers, 4)
	require.Len(t, exported.TransferSignatures, 1+1+3) // transfer 1, 2 and 3
	require.Len(t, exported.ExecutionVotes, 1)
	require.Len(t, exported.SignerSets, 2)
	require.Len(t, exported.SignerSetSignatures, 3)
	require.Equal(t, uint64(5), exported.NextTransferId)
	require.Equal(t, types.Stats{Minted: math.NewInt(1_000), Burned: math.NewInt(1_400), Refunded: math.NewInt(300), Released: math.NewInt(800)},
		exported.Stats)

	g := newFixtureFromGenesis(t, exported)

	require.Equal(t, f.exportJSON(), g.exportJSON())
	g.checkInvariants()
}

func TestImportedChainCarriesOn(t *testing.T) {
	f := newFixtureFromGenesis(t, busyChain(t).export())
	f.setPowers(40, 10, 10, 10)

	// Deposit 3 goes on where it was: vals[0]'s attestation counts.
	require.Equal(t, uint64(4), f.nextNonce(vals[0]))
	_, err := f.attest(vals[0], claim(3, users[2].String(), 50))
	require.ErrorIs(t, err, types.ErrDuplicateAttestation)
	observed, err := f.attest(vals[1], claim(3, users[2].String(), 50))
	require.NoError(t, err)
	require.True(t, observed, "50 of 70")
	require.Equal(t, startBalance.AddRaw(50), f.balance(users[2]))

	// Transfer ids go on; signatures and votes still count.
	require.Equal(t, uint64(5), f.mustBridgeOut(1))
	_, err = f.signTransfer(vals[0], 2)
	require.ErrorIs(t, err, types.ErrAlreadySigned)
	_, err = f.attestExecution(vals[1], 2)
	require.ErrorIs(t, err, types.ErrDuplicateAttestation)
	executed, err := f.attestExecution(vals[0], 2)
	require.NoError(t, err)
	require.True(t, executed, "50 of 70 with vals[1]'s vote from before")
	require.ErrorIs(t, f.signSet(vals[0], 2), types.ErrAlreadySigned)
	f.endBlock()
	require.Len(t, f.signerSets(), 2, "the imported set is current")
}

func TestInitGenesisRejectsInconsistentState(t *testing.T) {
	gs := busyChain(t).export()
	gs.Stats.Burned = gs.Stats.Burned.AddRaw(1)

	f := newFixture(t)
	err := f.k.InitGenesis(f.ctx, gs)

	require.ErrorIs(t, err, types.ErrInvalidGenesis)
}
