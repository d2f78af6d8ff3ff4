package keeper_test

import (
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/testutil/evmsim"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// These tests run the keeper together with the real SessionBridge bytecode
// on go-ethereum's simulated backend: what the chain signs is what the
// contract takes.

// deploy deploys the contract with the chain's signer set nonce, the
// params' cap, and locked tokens, and has every validator attest that the
// contract holds that set.
func (f *fixture) deploy(nonce uint64) *evmsim.Bridge {
	f.t.Helper()
	p := f.params()
	evm := evmsim.DeployBridge(f.t, evmsim.BridgeOptions{
		BridgeName: p.BridgeName, Set: evmsim.SetOf(f.signerSet(nonce)),
		WithdrawalCap: p.WithdrawalCap.BigInt(), CapPeriod: new(big.Int).SetUint64(p.CapPeriodSeconds),
		Locked: sesh.MulRaw(1_000_000).BigInt(),
	})
	require.Equal(f.t, f.bridgeID(), evm.BridgeID(), "the chain signs for the deployed contract")
	return evm
}

// submit submits batch nonce to the contract with the chain's signatures,
// as a relayer does.
func (f *fixture) submit(evm *evmsim.Bridge, nonce uint64) error {
	res := f.batch(nonce)
	sigs, _ := evm.Align(res.Signatures)
	_, err := evm.SubmitBatch(res.Batch, res.Transfers, sigs)
	if err != nil {
		return errorOf(err)
	}
	return nil
}

// handOver hands the contract over to the chain's signer set nonce with the
// chain's signatures of it.
func (f *fixture) handOver(evm *evmsim.Bridge, nonce uint64) error {
	res, err := f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{Nonce: nonce})
	require.NoError(f.t, err)
	sigs, _ := evm.Align(res.Signatures)
	_, err = evm.UpdateSignerSet(evmsim.SetOf(res.SignerSet), sigs)
	if err != nil {
		return errorOf(err)
	}
	return nil
}

// revertError is a contract revert by its custom error's name.
type revertError string

func (e revertError) Error() string { return "reverted with " + string(e) }

func errorOf(err error) error {
	if name := evmsim.RevertName(err); name != "" {
		return revertError(name)
	}
	return err
}

// TestRotationOfTwoThirdsKeepsTheContractWorking rotates the EVM keys of
// validators holding 80% of the power before any hand-over. The contract
// still holds their old keys: the old keys keep signing through the chain,
// so batches are paid out and the contract is handed over to the new keys.
// (Rotated keys used to stop signing at once and their signatures were
// overwritten: every withdraw and updateSignerSet reverted for good.)
func TestRotationOfTwoThirdsKeepsTheContractWorking(t *testing.T) {
	f := newFixture(t)
	f.setPowers(40, 20, 20, 20)
	f.block() // set 1
	evm := f.deploy(1)
	f.attestContract(1, 0, vals...)
	newKeys := map[int]*ecdsa.PrivateKey{}
	for i := range 3 {
		newKeys[i] = evmKey("rotated " + vals[i].valoper())
		require.NoError(t, f.rotateKey(vals[i], newKeys[i]))
	}
	f.block() // set 2, with the new keys
	require.Equal(t, uint64(2), f.signerSet(2).Nonce)
	// The relayers sign with every key the chain lists for them: new and old.
	signAll := func(nonce uint64) {
		for i, v := range vals {
			for _, key := range f.pendingBatchKeys(v, nonce) {
				k := v.key
				if nk, ok := newKeys[i]; ok && key == crypto.PubkeyToAddress(nk.PublicKey).Hex() {
					k = nk
				}
				require.NoError(t, f.signBatchWith(v, k, nonce))
			}
		}
	}

	nonce := f.makeBatch(1_000)
	signAll(nonce)
	require.Len(t, f.batch(nonce).Signatures, 7, "three validators with two keys, one with one")

	require.NoError(t, f.submit(evm, nonce), "the contract's set (old keys) signed the batch")
	require.Equal(t, big.NewInt(1_000), evm.BalanceOf(recipient))

	// The hand-over to set 2 is signed by the old keys, which the contract holds.
	for i, v := range vals[:3] {
		require.NoError(t, f.signSetWith(v, v.key, 2))
		require.NoError(t, f.signSetWith(v, newKeys[i], 2))
	}
	require.NoError(t, f.handOver(evm, 2))
	require.Equal(t, uint64(2), evm.CurrentSignerSet().Nonce)
	f.attestContract(2, 0, vals...)
	require.Empty(t, f.pending(vals[0]).RetiredKeys, "the old keys stop once the contract holds set 2")

	// From now on the new keys sign for the contract.
	nonce = f.makeBatch(2_000)
	signAll(nonce)
	require.Len(t, f.batch(nonce).Signatures, 4)
	require.NoError(t, f.submit(evm, nonce))
	require.Equal(t, big.NewInt(3_000), evm.BalanceOf(recipient))
}

// pendingBatchKeys are v's keys the chain lists for batch nonce.
func (f *fixture) pendingBatchKeys(v validator, nonce uint64) []string {
	for _, b := range f.pending(v).BatchesToSign {
		if b.Batch.Nonce == nonce {
			return b.Keys
		}
	}
	return nil
}

// TestMinorityOfStakeCannotControlTheContract: the contract counts the
// bonded validators without a key as not signing. Validators with 60% of
// the stake, who would have been 6/7 of a set of key holders, cannot
// release anything.
func TestMinorityOfStakeCannotControlTheContract(t *testing.T) {
	f := newFixture(t, noKeys)
	f.setPowers(30, 30, 10, 30)
	for _, v := range vals[:3] {
		require.NoError(t, f.registerKey(v))
	}
	f.block()
	set := f.signerSet(1)
	require.Equal(t, uint64(100), set.TotalPower)
	require.Equal(t, uint64(70), set.MemberPower())
	evm := f.deploy(1)
	require.Equal(t, big.NewInt(100), evm.CurrentSignerSet().Total)

	nonce := f.makeBatch(1_000)
	f.signBatch(nonce, vals[0], vals[1])
	require.Equal(t, revertError("InsufficientPower"), f.submit(evm, nonce), "60 of 100")
	f.signBatch(nonce, vals[2])
	require.NoError(t, f.submit(evm, nonce), "70 of 100")
}

// TestBatchOnTheContract pays out a batch whose fees go to the relayer that
// submits it; the execution is attested back and the supply parity holds.
// A batch not submitted before its deadline can never be paid out; it is
// attested expired and its bridge-out returned. (A transfer above the
// contract's cap used to be burned and never released.)
func TestBatchOnTheContract(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.BatchTimeoutSeconds = 600 }))
	f.block()
	evm := f.deploy(1)
	locked := evm.BalanceOf(evm.Address)
	chainBefore := f.supply()

	nonce := f.makeBatch(1_000, 2_000)
	f.signBatch(nonce, vals[:3]...)
	require.NoError(t, f.submit(evm, nonce))
	require.Equal(t, big.NewInt(3_000), evm.BalanceOf(recipient))
	require.Equal(t, big.NewInt(4), evm.BalanceOf(evm.Relayer.From), "two fees of 2 to the relayer")
	for _, id := range f.batch(nonce).Batch.TransferIds {
		require.True(t, evm.Withdrawn(id))
	}
	f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXECUTED, vals[:3]...)
	released := new(big.Int).Sub(locked, evm.BalanceOf(evm.Address))
	require.Equal(t, chainBefore.Sub(f.supply()).BigInt(), released, "burned here = released there")
	require.True(t, f.stats().InFlight().IsZero())

	// A batch left unsubmitted past its deadline.
	nonce = f.makeBatch(500)
	f.signBatch(nonce, vals[:3]...)
	evm.AdvanceTime(20 * time.Minute)
	require.Greater(t, evm.Time(), f.batch(nonce).Batch.Deadline)
	require.Equal(t, revertError("BatchExpired"), f.submit(evm, nonce), "the contract can never pay it out")
	balance := f.balance(users[0])
	f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXPIRED, vals[:3]...)
	require.Equal(t, balance.AddRaw(502), f.balance(users[0]), "amount and fee back")
	require.True(t, f.stats().InFlight().IsZero())
	require.Equal(t, chainBefore.Sub(f.supply()).BigInt(), new(big.Int).Sub(locked, evm.BalanceOf(evm.Address)), "parity")
}

// TestEmergencyControlsReachTheContract: governance pauses the bridge and
// changes the cap; the validators sign the admin operations through the
// chain and a relayer submits them.
func TestEmergencyControlsReachTheContract(t *testing.T) {
	f := newFixture(t)
	f.block()
	evm := f.deploy(1)
	f.setParams(func(p *types.Params) { p.Paused = true })
	f.setParams(func(p *types.Params) { p.WithdrawalCap, p.CapPeriodSeconds = math.NewInt(5_000_000), 3_600 })
	res, err := f.queries.AdminOps(f.ctx, &types.QueryAdminOpsRequest{})
	require.NoError(t, err)
	for _, e := range res.Ops {
		for _, v := range vals[:3] {
			_, err := f.msgs.SignAdminOp(f.ctx, &types.MsgSignAdminOp{Signer: v.signer(), Nonce: e.Op.Nonce, Signature: sign(t, v.key, e.Op.Digest(f.bridgeID()))})
			require.NoError(t, err)
		}
	}
	res, err = f.queries.AdminOps(f.ctx, &types.QueryAdminOpsRequest{})
	require.NoError(t, err)

	pause := res.Ops[0]
	sigs, _ := evm.Align(pause.Signatures)
	_, err = evm.SetPaused(true, pause.Op.Nonce, sigs)
	require.NoError(t, err)
	require.True(t, evm.Paused())
	capOp := res.Ops[1]
	sigs, _ = evm.Align(capOp.Signatures)
	_, err = evm.SetWithdrawalCap(capOp.Op.CapLimit.BigInt(), new(big.Int).SetUint64(capOp.Op.CapPeriodSeconds), capOp.Op.Nonce, sigs)
	require.NoError(t, err)
	require.Equal(t, f.params().WithdrawalCap.BigInt(), evm.WithdrawalCap(), "the cap is the chain's param, mirrored")
	require.Equal(t, uint64(2), evm.AdminNonce())
	f.attestContract(1, 2, vals[:3]...)
	res, err = f.queries.AdminOps(f.ctx, &types.QueryAdminOpsRequest{})
	require.NoError(t, err)
	require.Empty(t, res.Ops)
}

// TestHandOverToASetSignedLate: the contract moves to any newer set its set
// signed, not only the chain's latest.
func TestHandOverToASetSignedLate(t *testing.T) {
	f := newFixture(t)
	f.block()
	evm := f.deploy(1)
	f.attestContract(1, 0, vals...)
	f.setPowers(30, 10, 10, 10)
	f.block() // set 2
	f.setPowers(10, 10, 10, 10)
	f.block() // set 3
	for _, v := range vals[:3] {
		require.NoError(t, f.signSet(v, 2))
	}
	require.NoError(t, f.handOver(evm, 2))
	f.attestContract(2, 0, vals...)
	for _, v := range vals[:3] {
		require.NoError(t, f.signSet(v, 3))
	}
	require.NoError(t, f.handOver(evm, 3))
	require.Equal(t, uint64(3), evm.CurrentSignerSet().Nonce)
}
