package integration

import (
	"encoding/json"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/version"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/testutil/evmsim"
	"github.com/sessiontoken/sessionchain/x/bridge"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// v1BridgePrefixes are the stores of the bridge's consensus version 1 that
// version 2 has no more: transfer signatures, execution votes and
// signer-set signatures by validator.
var v1BridgePrefixes = []collections.Prefix{
	bridgetypes.V1TransferSignaturesKey, bridgetypes.V1ExecutionVotesKey, bridgetypes.V1SignerSetSignaturesKey,
}

// TestUpgradeMigratesBridge upgrades a chain whose bridge runs consensus
// version 1 (release 1's contract, one transfer released at a time,
// validators signing with their operator account, no delegates, fees or
// batches) through a software-upgrade proposal. At the plan's height the
// new binary runs the bridge's 1→2 migration in the upgrade handler: the
// release-1 contract is unconfigured, the deposit cursor starts again, the
// pending bridge-out is queued for the new contract, the release-1
// signatures are gone and the stored version is 2. Governance then names
// the release-2 deployment (the real SessionBridge bytecode on go-ethereum's
// simulated backend), the operator registers a delegate, and the queued
// bridge-out is batched, signed and paid by that contract, with the supply
// invariants checked after every block.
func TestUpgradeMigratesBridge(t *testing.T) {
	const name = "v-integration-bridge-upgrade"
	saved := version.Version
	t.Cleanup(func() { version.Version = saved })
	version.Version = "v-integration-bridge-old"

	release1 := common.HexToAddress("0x00000000000000000000000000000000000b1d01")
	opts := testutil.DefaultChainOptions()
	opts.DB, opts.Home = dbm.NewMemDB(), t.TempDir() // the upgrade plan is written under the home
	opts.Accounts = 4
	opts.GenesisTime = time.Now().UTC().Truncate(time.Second)
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
		params := testBridgeParams(evmsim.ChainID, release1, "release-1")
		params.BridgeFee = math.ZeroInt()  // release 1 had no fees
		params.BatchWaitBlocks = 1_000_000 // nor batches: the transfer stays open
		testutil.SetBridgeParams(t, cdc, genesis, params)
		testutil.OperateGenesisValidator(t, cdc, genesis, accounts[2].Address)
	}
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	bc := wrapBridgeChain(t, c, c.Accounts[2], c.Accounts[3], "upgrade validator")
	bc.register()

	// A deposit minted and a bridge-out waiting for the release-1 contract.
	depositor := testutil.EvmAddress(testutil.NewEvmKey(t, "upgrade depositor"))
	deposit := testutil.SESH.MulRaw(100)
	require.True(t, bc.attest(bridgetypes.DepositClaim{Nonce: 1, EvmSender: depositor.Hex(), Recipient: bc.alice.Address.String(), Amount: deposit}))
	recipient := testutil.EvmAddress(testutil.NewEvmKey(t, "upgrade recipient"))
	out := testutil.SESH.MulRaw(30)
	res := bc.deliverOK(bc.alice, &bridgetypes.MsgBridgeOut{
		Sender: bc.alice.Address.String(), EvmRecipient: recipient.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, out),
	})
	id := msgResponse[bridgetypes.MsgBridgeOutResponse](t, res).TransferId
	require.Equal(t, bridgetypes.TRANSFER_STATUS_QUEUED, bc.transfer(id).Status)
	supply := bc.nseshSupply()

	upgradeHeight := c.Height + 10
	pid := submitProposal(t, c, c.Accounts[0], "Upgrade to "+name, &upgradetypes.MsgSoftwareUpgrade{
		Authority: govAuthority, Plan: upgradetypes.Plan{Name: name, Height: upgradeHeight},
	})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, pid)
	for c.Height < upgradeHeight-1 {
		c.NextBlock(time.Second)
	}
	err := c.TryNextBlock(time.Second)
	require.ErrorContains(t, err, `UPGRADE "`+name+`" NEEDED at height`)

	// Release 1's real contract locks the deposit; the release-2 contract
	// is deployed on the same chain and token, holding nothing.
	set := latestSignerSet(t, c)
	evm := evmsim.DeployBridge(t, evmsim.BridgeOptions{
		BridgeName: bridgeName, Set: evmsim.SetOf(set), WithdrawalCap: bridgetypes.DefaultParams().WithdrawalCap.BigInt(),
	})
	v1Set := evmsim.SetOf(set)
	old := evm.DeployRelease1(c.ChainID, evmsim.SignerSet{Nonce: set.Nonce, Signers: v1Set.Signers, Powers: v1Set.Powers},
		testutil.SESH.MulRaw(10).BigInt(), deposit.BigInt())

	// The new binary restarts on the state release 1 left: the bridge at
	// version 1 with release 1's layout, naming release 1's contract.
	version.Version = name
	c.Restart()
	toBridgeV1Layout(t, c, old.Address)

	c.NextBlock(time.Second)
	done, err := c.App.UpgradeKeeper.GetDoneHeight(c.Ctx(), name)
	require.NoError(t, err)
	require.Equal(t, upgradeHeight, done)
	vm, err := c.App.UpgradeKeeper.GetModuleVersionMap(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(bridge.ConsensusVersion), vm[bridgetypes.ModuleName], "the bridge's stored version after the migration")

	params, err := c.App.BridgeKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.False(t, params.Configured(), "release 1's contract takes no batches: unconfigured")
	require.Equal(t, uint64(evmsim.ChainID), params.EvmChainId)
	require.Equal(t, bridgetypes.DefaultParams().BridgeFee, params.BridgeFee, "release 2's params take their defaults")
	tr := bc.transfer(id)
	require.Equal(t, bridgetypes.TRANSFER_STATUS_QUEUED, tr.Status, "the pending bridge-out waits for the new contract")
	require.True(t, tr.Fee.IsZero())
	_, err = c.App.BridgeKeeper.LastObservedNonce.Get(c.Ctx())
	require.ErrorIs(t, err, collections.ErrNotFound, "the deposit cursor starts again for the new contract")
	owner, err := c.App.BridgeKeeper.KeyOwners.Get(c.Ctx(), testutil.EvmAddress(bc.evmKey).Hex())
	require.NoError(t, err)
	require.Equal(t, bc.valAddr.String(), owner.Validator, "the key owners are indexed")
	store := c.Ctx().KVStore(c.App.UnsafeFindStoreKey(bridgetypes.StoreKey))
	for _, p := range v1BridgePrefixes {
		it := store.Iterator(p.Bytes(), storetypes.PrefixEndBytes(p.Bytes()))
		require.False(t, it.Valid(), "release-1 store %v cleared", p.Bytes())
		require.NoError(t, it.Close())
	}
	require.Equal(t, supply, bc.nseshSupply(), "the migration moves no tokens")

	// Governance names the release-2 deployment; the operator registers a
	// delegate (the key is kept, its relayer sent nothing until now).
	params.ContractAddress, params.BridgeName, params.BatchWaitBlocks = evm.Address.Hex(), bridgeName, 1
	pid = submitProposal(t, c, c.Accounts[0], "The release-2 bridge", &bridgetypes.MsgUpdateParams{Authority: govAuthority, Params: params})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, pid)
	require.Equal(t, evm.BridgeID(), bc.bridgeID(), "the chain signs for the new deployment")
	bc.register()

	// The signed sweep moves release 1's tokens to the release-2 contract;
	// nothing is batched before it lands.
	bc.sweepRetired(old, evm)
	require.Equal(t, deposit.BigInt(), evm.BalanceOf(evm.Address), "the release-2 contract holds what release 1's did")
	require.Zero(t, old.BalanceOf().Sign())

	// The queued bridge-out is batched for the new contract and paid.
	batch := bc.batchOf(id)
	bc.signBatch(batch.Nonce)
	signed := bc.batch(batch.Nonce)
	sigs, _ := evm.Align(signed.Signatures)
	_, err = evm.SubmitBatch(signed.Batch, signed.Transfers, sigs)
	require.NoError(t, err, "submitBatch(%d) reverted with %s", batch.Nonce, evmsim.RevertName(err))
	bc.attestBatch(batch.Nonce, bridgetypes.BATCH_OUTCOME_EXECUTED)
	require.Equal(t, bridgetypes.TRANSFER_STATUS_EXECUTED, bc.transfer(id).Status)
	require.Equal(t, out.BigInt(), evm.BalanceOf(recipient))
	require.Equal(t, deposit.Sub(out).BigInt(), evm.BalanceOf(evm.Address))
	require.Equal(t, supply, bc.nseshSupply())
}

// sweepRetired runs the sweep of release 1's contract old to the release-2
// contract evm as the validator's relayer does: reconcile old's withdrawn
// map and admin nonce, sign the three release-1 digests, submit the cap
// raise, the withdrawal and the pause, attest the sweep executed.
func (c *bridgeChain) sweepRetired(old *evmsim.Release1, evm *evmsim.Bridge) {
	c.t.Helper()
	retired := func() *bridgetypes.QueryRetiredContractResponse {
		res, err := c.query().RetiredContract(c.Ctx(), &bridgetypes.QueryRetiredContractRequest{})
		require.NoError(c.t, err)
		require.NotNil(c.t, res.Retired)
		return res
	}
	r := retired().Retired
	require.Equal(c.t, bridgetypes.RETIRED_STAGE_RECONCILE, r.Stage)
	require.Equal(c.t, old.Address.Hex(), r.ContractAddress)
	c.NextBlock(time.Second)
	for _, id := range r.CarriedTransferIds {
		require.Equal(c.t, bridgetypes.TRANSFER_STATUS_QUEUED, c.transfer(id).Status, "not batched before the sweep")
		require.False(c.t, old.Withdrawn(id))
	}
	c.deliverOK(c.delegate, &bridgetypes.MsgAttestRetiredContract{
		Signer:      c.delegate.Address.String(),
		Attestation: bridgetypes.RetiredAttestation{Stage: bridgetypes.RETIRED_STAGE_RECONCILE, AdminNonce: old.AdminNonce()},
	})
	res := retired()
	require.Equal(c.t, bridgetypes.RETIRED_STAGE_SIGN, res.Retired.Stage)
	sign := func(d []byte) []byte {
		return testutil.SignEvm(c.t, c.evmKey, bridgetypes.Release1SignedHash(common.BytesToHash(d)))
	}
	c.deliverOK(c.delegate, &bridgetypes.MsgSignRetiredSweep{
		Signer:       c.delegate.Address.String(),
		CapSignature: sign(res.CapDigest), WithdrawSignature: sign(res.WithdrawDigest), PauseSignature: sign(res.PauseDigest),
	})
	res = retired()
	r = res.Retired
	amount := r.Amount.BigInt()
	_, err := old.SetWithdrawalCap(amount, r.AdminNonce+1, old.Align(res.CapSignatures))
	require.NoError(c.t, err, evmsim.RevertName(err))
	_, err = old.Withdraw(r.SweepId, evm.Address, amount, old.Align(res.WithdrawSignatures))
	require.NoError(c.t, err, evmsim.RevertName(err))
	_, err = old.SetPaused(true, r.AdminNonce+2, old.Align(res.PauseSignatures))
	require.NoError(c.t, err, evmsim.RevertName(err))
	require.True(c.t, old.Withdrawn(r.SweepId))
	c.deliverOK(c.delegate, &bridgetypes.MsgAttestRetiredContract{
		Signer:      c.delegate.Address.String(),
		Attestation: bridgetypes.RetiredAttestation{Stage: bridgetypes.RETIRED_STAGE_SIGN, Swept: true},
	})
	require.Equal(c.t, bridgetypes.RETIRED_STAGE_SWEPT, retired().Retired.Stage)
}

// toBridgeV1Layout rewrites the bridge's store as consensus version 1
// holds it, in the store the next block commits: the version map says 1;
// the params have only release 1's fields; keys have no delegate, and no
// delegate, key-owner, nonce or contract-state store exists; release 1's
// signatures and execution votes are there.
func toBridgeV1Layout(t *testing.T, c *testutil.Chain, release1 common.Address) {
	t.Helper()
	//nolint:staticcheck // the writes go straight to the store the next block commits, as an old chain holds them
	ctx := c.App.NewUncachedContext(false, cmtproto.Header{Height: c.Height, Time: c.Time, ChainID: c.ChainID})
	k := c.App.BridgeKeeper
	vm, err := c.App.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	vm[bridgetypes.ModuleName] = 1
	require.NoError(t, c.App.UpgradeKeeper.SetModuleVersionMap(ctx, vm))

	params, err := k.Params.Get(ctx)
	require.NoError(t, err)
	require.NoError(t, k.Params.Set(ctx, bridgetypes.Params{
		EvmChainId: params.EvmChainId, ContractAddress: release1.Hex(), SignerSetChangeBps: params.SignerSetChangeBps,
	}))
	var keys []bridgetypes.EvmKey
	require.NoError(t, k.EvmKeys.Walk(ctx, nil, func(_ sdk.ValAddress, key bridgetypes.EvmKey) (bool, error) {
		keys = append(keys, key)
		return false, nil
	}))
	for _, key := range keys {
		val, err := sdk.ValAddressFromBech32(key.Validator)
		require.NoError(t, err)
		require.NoError(t, k.EvmKeys.Set(ctx, val, bridgetypes.EvmKey{Validator: key.Validator, EvmAddress: key.EvmAddress}))
	}
	require.NoError(t, k.Delegates.Clear(ctx, nil))
	require.NoError(t, k.KeyOwners.Clear(ctx, nil))
	require.NoError(t, k.ProducedDigests.Clear(ctx, nil))
	require.NoError(t, k.LivenessQueue.Clear(ctx, nil))
	require.NoError(t, k.SignerSetSignatures.Clear(ctx, nil))
	require.NoError(t, k.ContractState.Remove(ctx))

	store := ctx.KVStore(c.App.UnsafeFindStoreKey(bridgetypes.StoreKey))
	store.Delete(bridgetypes.NextBatchNonceKey.Bytes())
	store.Delete(bridgetypes.NextAdminNonceKey.Bytes())
	for _, p := range v1BridgePrefixes {
		store.Set(append(p.Bytes(), 0, 0, 0, 0, 0, 0, 0, 1, 20), []byte("release 1"))
	}
}
