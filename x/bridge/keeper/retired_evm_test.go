package keeper_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/testutil/evmsim"
	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// TestRetiredContractSweepOnRelease1Bytecode runs the sweep against release
// 1's real contract on the simulated backend. Release 1's contract locks 95
// nsesh: the 90 the chain owes (20 bridged, transfers 2 and 3 carried) and
// a deposit of 5 the chain never observed. Before the upgrade it paid
// transfer 2 (the chain still had it PENDING); the relayers' reconciliation
// reads its withdrawn map, so transfer 2 is EXECUTED, not paid again. The
// validators sign the cap raise, the withdrawal of the remaining 40 to the
// release-2 contract and the pause with release 1's digests; the release-1
// contract takes them, the release-2 contract holds the 40, and the carried
// refund (transfer 3) is then batched and paid by the release-2 contract.
func TestRetiredContractSweepOnRelease1Bytecode(t *testing.T) {
	f := newFixture(t, unconfigured, noKeys)
	writeV1State(f, false)
	set := f.signerSet(2)
	signers, powers, _ := set.EvmArgs()

	// The release-2 contract holds nothing yet; release 1's is deployed next
	// to it on the same chain and token.
	evm := evmsim.DeployBridge(t, evmsim.BridgeOptions{
		BridgeName: bridgeName, Set: evmsim.SetOf(set), WithdrawalCap: sesh.MulRaw(1000).BigInt(),
	})
	old := evm.DeployRelease1(chainID, evmsim.SignerSet{Nonce: 2, Signers: signers, Powers: powers}, big.NewInt(10), big.NewInt(95))
	p := f.params()
	p.ContractAddress = old.Address.Hex()
	require.NoError(t, f.k.Params.Set(f.ctx, p))

	// Release 1's contract pays transfer 2 (50 to the depositor) with
	// release-1 signatures the chain had not counted to 2/3 yet; the cap of
	// 10 is raised for it by hand, as release 1's signers could.
	id1 := types.Release1BridgeID(evmChainID, old.Address, chainID)
	require.Equal(t, id1, old.BridgeID(), "the chain computes release 1's bridge id")
	release1Sigs := func(digest common.Hash) [][]byte {
		var sigs []types.ValidatorSignature
		for _, v := range vals[:3] {
			sigs = append(sigs, types.ValidatorSignature{EvmAddress: v.evm.Hex(), Signature: sign(t, v.key, types.Release1SignedHash(digest))})
		}
		return old.Align(sigs)
	}
	_, err := old.SetWithdrawalCap(big.NewInt(50), 1, release1Sigs(types.Release1CapDigest(id1, 1, big.NewInt(50))))
	require.NoError(t, errorOf(err))
	_, err = old.Withdraw(2, depositor, big.NewInt(50), release1Sigs(types.Release1WithdrawDigest(id1, 2, depositor, big.NewInt(50))))
	require.NoError(t, errorOf(err))

	require.NoError(t, keeper.NewMigrator(f.k).Migrate1to2(f.ctx))
	f.nameRelease2()
	f.setParams(func(p *types.Params) { p.BatchTimeoutSeconds = 2 * 24 * 60 * 60 }) // the EVM clock moves on by up to 12 hours below
	f.block()
	require.Equal(t, types.TRANSFER_STATUS_QUEUED, f.transfer(3).Status, "no batch before the sweep")

	// The relayers read the retired contract: admin nonce and withdrawn map.
	r := f.retired()
	var paid []uint64
	for _, id := range r.CarriedTransferIds {
		if old.Withdrawn(id) {
			paid = append(paid, id)
		}
	}
	f.reportRetired(types.RetiredAttestation{Stage: types.RETIRED_STAGE_RECONCILE, AdminNonce: old.AdminNonce(), PaidTransferIds: paid}, vals[:3]...)
	r = f.retired()
	require.Equal(t, types.RETIRED_STAGE_SIGN, r.Stage)
	require.Equal(t, []uint64{2}, r.PaidTransferIds)
	require.Equal(t, "40", r.Amount.String())
	require.Equal(t, types.TRANSFER_STATUS_EXECUTED, f.transfer(2).Status)

	for _, v := range vals[:3] {
		_, err := f.msgs.SignRetiredSweep(f.ctx, f.signSweep(v))
		require.NoError(t, err)
	}
	resp, err := f.queries.RetiredContract(f.ctx, &types.QueryRetiredContractRequest{})
	require.NoError(t, err)
	amount := r.Amount.BigInt()
	_, err = old.Withdraw(r.SweepId, evm.Address, amount, old.Align(resp.WithdrawSignatures))
	require.Equal(t, "WithdrawalCapExceeded", evmsim.RevertName(err), "release 1's cap holds until raised")
	_, err = old.SetWithdrawalCap(amount, r.AdminNonce+1, old.Align(resp.CapSignatures))
	require.NoError(t, errorOf(err))
	_, err = old.Withdraw(r.SweepId, evm.Address, amount, old.Align(resp.WithdrawSignatures))
	require.Equal(t, "WithdrawalCapExceeded", evmsim.RevertName(err), "transfer 2 used this 12-hour window: the relayer waits for the next")
	evm.AdvanceTime(time.Duration(12*60*60-evm.Time()%(12*60*60)+1) * time.Second)
	_, err = old.Withdraw(r.SweepId, evm.Address, amount, old.Align(resp.WithdrawSignatures))
	require.NoError(t, errorOf(err))
	_, err = old.Withdraw(r.SweepId, evm.Address, amount, old.Align(resp.WithdrawSignatures))
	require.Equal(t, "AlreadyWithdrawn", evmsim.RevertName(err), "the sweep pays once")
	_, err = old.SetPaused(true, r.AdminNonce+2, old.Align(resp.PauseSignatures))
	require.NoError(t, errorOf(err))
	require.True(t, old.Paused(), "no more deposits into the retired contract")
	require.Equal(t, "40", evm.BalanceOf(evm.Address).String(), "the release-2 contract holds what release 1's held for the chain")
	require.Equal(t, "5", evm.BalanceOf(old.Address).String(), "the unobserved deposit stays")

	require.True(t, old.Withdrawn(r.SweepId))
	f.reportRetired(types.RetiredAttestation{Stage: types.RETIRED_STAGE_SIGN, Swept: true}, vals[:3]...)
	require.Equal(t, types.RETIRED_STAGE_SWEPT, f.retired().Stage)

	// The carried refund is batched and paid by the release-2 contract.
	f.block()
	tr := f.transfer(3)
	require.Equal(t, types.TRANSFER_STATUS_BATCHED, tr.Status)
	f.signBatch(tr.BatchNonce, vals[:3]...)
	before := evm.BalanceOf(depositor)
	require.NoError(t, f.submit(evm, tr.BatchNonce))
	require.Equal(t, new(big.Int).Add(before, big.NewInt(20)).String(), evm.BalanceOf(depositor).String())
	require.Equal(t, "20", evm.BalanceOf(evm.Address).String())
	f.checkInvariants()
}
