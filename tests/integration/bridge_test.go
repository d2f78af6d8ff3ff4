package integration

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// TestBridgeThroughTheWholeApp drives the bridge with real signed
// transactions: the operator registers the validator's EVM key and delegate
// account, a signer set follows at the end of the block, deposits mint or
// are refunded less the fee, a bridge-out burns its amount and fee, the end
// of a block batches both, the delegate signs the batch and attests its
// execution, governance pauses the bridge (an admin operation for the
// contract follows), and the exported state is a valid genesis. The supply
// moves by exactly minted − burned.
func TestBridgeThroughTheWholeApp(t *testing.T) {
	c := newBridgeChain(t)
	c.NextBlock(time.Second)
	power, err := c.App.StakingKeeper.GetLastValidatorPower(c.Ctx(), c.valAddr)
	require.NoError(t, err)
	require.Positive(t, power, "the test account operates the bonded genesis validator")
	total, err := c.App.StakingKeeper.GetLastTotalPower(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, math.NewInt(power), total, "it has all the power")
	_, err = c.query().SignerSet(c.Ctx(), &bridgetypes.QuerySignerSetRequest{})
	require.ErrorIs(t, err, bridgetypes.ErrSignerSetNotFound, "no key, no signer set")
	supplyBefore := c.nseshSupply()
	params := testBridgeParams(bridgeEvmChainID, bridgeContract, bridgeName)
	fee := params.BridgeFee

	// The operator registers the EVM key and the delegate; the block's end makes signer set 1.
	block := c.NextBlock(time.Second, c.SignTx(c.val, testutil.RegisterEvmKeyMsg(t, c.ChainID, c.val.Address, c.evmKey, c.delegate.Address)))
	require.Zero(t, block.TxResults[0].Code, block.TxResults[0].Log)
	require.Equal(t, 1, countTypedEvents(block, &bridgetypes.EventSignerSetCreated{}))
	set, err := c.query().SignerSet(c.Ctx(), &bridgetypes.QuerySignerSetRequest{})
	require.NoError(t, err)
	require.Equal(t, bridgetypes.SignerSet{
		Nonce:      1,
		Members:    []bridgetypes.SignerSetMember{{Validator: c.valAddr.String(), EvmAddress: testutil.EvmAddress(c.evmKey).Hex(), Power: uint64(power)}},
		TotalPower: uint64(power),
		Height:     c.Height,
	}, set.SignerSet)
	// The operator key itself may not send bridge messages: only the delegate.
	res := c.Deliver(time.Second, c.val, &bridgetypes.MsgSignSignerSet{
		Signer: c.val.Address.String(), Nonce: 1, Signature: testutil.SignEvm(t, c.evmKey, set.SignerSet.Digest(c.bridgeID())),
	})
	require.Equal(t, bridgetypes.ErrNotDelegate.ABCICode(), res.Code, res.Log)
	c.signSignerSet(1)

	// Deposit 1, to bob, is minted at once: the validator has all the power.
	depositor := testutil.EvmAddress(testutil.NewEvmKey(t, "depositor"))
	deposit := testutil.SESH.MulRaw(250)
	bobBefore := c.Balance(c.bob.Address)
	require.True(t, c.attest(bridgetypes.DepositClaim{Nonce: 1, EvmSender: depositor.Hex(), Recipient: c.bob.Address.String(), Amount: deposit}))
	require.Equal(t, bobBefore.Add(deposit), c.Balance(c.bob.Address))

	// Deposit 2 names no account here: it becomes refund transfer 1, less the fee.
	refund := testutil.SESH.MulRaw(40)
	require.True(t, c.attest(bridgetypes.DepositClaim{Nonce: 2, EvmSender: depositor.Hex(), Recipient: "session1notanaddress", Amount: refund}))
	require.Equal(t, bridgetypes.Transfer{
		Id: 1, Kind: bridgetypes.TRANSFER_KIND_REFUND, EvmRecipient: depositor.Hex(), Amount: refund.Sub(fee), Fee: fee,
		Status: bridgetypes.TRANSFER_STATUS_QUEUED, DepositNonce: 2, CreatedHeight: c.Height,
	}, c.transfer(1))

	// Alice bridges out: transfer 2, its amount and the fee burned.
	out := testutil.SESH.MulRaw(100)
	aliceBefore := c.Balance(c.alice.Address)
	evmRecipient := testutil.EvmAddress(testutil.NewEvmKey(t, "alice on the EVM side"))
	res = c.deliverOK(c.alice, &bridgetypes.MsgBridgeOut{
		Sender: c.alice.Address.String(), EvmRecipient: evmRecipient.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, out),
	})
	require.Equal(t, uint64(2), msgResponse[bridgetypes.MsgBridgeOutResponse](t, res).TransferId)
	require.Equal(t, aliceBefore.Sub(out).Sub(fee), c.Balance(c.alice.Address))
	require.Equal(t, bridgetypes.TRANSFER_STATUS_BATCHED, c.transfer(2).Status, "batched at the end of its block")

	// The end of a block batched both; the delegate signs the batch.
	batch := c.batchOf(2)
	require.Equal(t, []uint64{1, 2}, batch.TransferIds)
	require.Equal(t, out.Add(fee).Add(refund), batch.Total, "amounts and fees")
	require.Equal(t, bridgetypes.BATCH_STATUS_OPEN, batch.Status)
	c.signBatch(batch.Nonce)
	require.Len(t, c.batch(batch.Nonce).Signatures, 1)
	require.Equal(t, out.Add(fee).Add(refund), c.bridgeSupply().OutboundInFlight)

	// It attests the contract paid the batch out.
	c.attestBatch(batch.Nonce, bridgetypes.BATCH_OUTCOME_EXECUTED)
	require.Equal(t, bridgetypes.BATCH_STATUS_EXECUTED, c.batch(batch.Nonce).Batch.Status)
	for _, id := range []uint64{1, 2} {
		require.Equal(t, bridgetypes.TRANSFER_STATUS_EXECUTED, c.transfer(id).Status)
	}

	supply := c.bridgeSupply()
	require.Equal(t, bridgetypes.Stats{
		Minted: deposit, Burned: out.Add(fee), Refunded: refund, Released: out.Add(fee).Add(refund), Returned: math.ZeroInt(),
	}, supply.Stats)
	require.True(t, supply.OutboundInFlight.IsZero())
	require.Equal(t, uint64(2), supply.LastObservedNonce)
	require.Equal(t, supplyBefore.Add(deposit).Sub(out).Sub(fee), c.nseshSupply(), "supply moves by minted − burned")
	require.Equal(t, c.nseshSupply(), supply.ChainSupply)

	// Governance pauses the bridge; alice's next bridge-out is refused, and
	// the contract's pause waits as an admin operation for the validators.
	current, err := c.query().Params(c.Ctx(), &bridgetypes.QueryParamsRequest{})
	require.NoError(t, err)
	pausedParams := current.Params
	pausedParams.Paused = true
	id := submitProposal(t, c.Chain, c.alice, "Pause the bridge", &bridgetypes.MsgUpdateParams{Authority: govAuthority, Params: pausedParams})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c.Chain, id)
	current, err = c.query().Params(c.Ctx(), &bridgetypes.QueryParamsRequest{})
	require.NoError(t, err)
	require.True(t, current.Params.Paused)
	ops, err := c.query().AdminOps(c.Ctx(), &bridgetypes.QueryAdminOpsRequest{})
	require.NoError(t, err)
	require.Len(t, ops.Ops, 1)
	require.Equal(t, bridgetypes.ADMIN_OP_KIND_PAUSE, ops.Ops[0].Op.Kind)
	c.deliverOK(c.delegate, &bridgetypes.MsgSignAdminOp{
		Signer: c.delegate.Address.String(), Nonce: ops.Ops[0].Op.Nonce,
		Signature: testutil.SignEvm(t, c.evmKey, ops.Ops[0].Op.Digest(c.bridgeID())),
	})

	aliceBefore, supplyPaused := c.Balance(c.alice.Address), c.nseshSupply()
	res = c.Deliver(time.Second, c.alice, &bridgetypes.MsgBridgeOut{
		Sender: c.alice.Address.String(), EvmRecipient: evmRecipient.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, out),
	})
	require.Equal(t, bridgetypes.ErrPaused.ABCICode(), res.Code, res.Log)
	require.Equal(t, bridgetypes.ModuleName, res.Codespace)
	res = c.Deliver(time.Second, c.delegate, &bridgetypes.MsgAttestDeposit{Signer: c.delegate.Address.String(), Claim: bridgetypes.DepositClaim{
		Nonce: 3, EvmSender: depositor.Hex(), Recipient: c.bob.Address.String(), Amount: deposit,
	}})
	require.Equal(t, bridgetypes.ErrPaused.ABCICode(), res.Code, res.Log)
	require.Equal(t, aliceBefore, c.Balance(c.alice.Address))
	require.Equal(t, supplyPaused, c.nseshSupply())
	_, err = c.query().Transfer(c.Ctx(), &bridgetypes.QueryTransferRequest{Id: 3})
	require.ErrorIs(t, err, bridgetypes.ErrTransferNotFound, "no transfer was queued")

	// The exported state is a genesis the module accepts.
	exported, err := c.App.ExportAppStateAndValidators(false, nil, []string{bridgetypes.ModuleName})
	require.NoError(t, err)
	var appState map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &appState))
	var gs bridgetypes.GenesisState
	require.NoError(t, c.App.AppCodec().UnmarshalJSON(appState[bridgetypes.ModuleName], &gs))
	require.NoError(t, gs.Validate())
	require.Len(t, gs.EvmKeys, 1)
	require.Equal(t, c.delegate.Address.String(), gs.EvmKeys[0].Delegate)
	require.Len(t, gs.Transfers, 2)
	require.Len(t, gs.Batches, 1)
	require.Len(t, gs.SignerSets, 1)
	require.Len(t, gs.SignerSetSignatures, 1)
	require.Len(t, gs.AdminOps, 1)
	require.True(t, gs.Params.Paused)
	require.Equal(t, supply.Stats, gs.Stats)
}

// TestBridgeRefundsDepositsToModuleAccounts checks with the real bank that a
// deposit to a module account, which may not receive plain sends, is
// refunded rather than minted.
func TestBridgeRefundsDepositsToModuleAccounts(t *testing.T) {
	c := newBridgeChain(t)
	c.NextBlock(time.Second)
	supplyBefore := c.nseshSupply()
	gov := sdk.MustAccAddressFromBech32(govAuthority)
	govBefore := c.Balance(gov)

	c.register()
	depositor := testutil.EvmAddress(testutil.NewEvmKey(t, "depositor")).Hex()

	require.True(t, c.attest(bridgetypes.DepositClaim{Nonce: 1, EvmSender: depositor, Recipient: govAuthority, Amount: testutil.SESH.MulRaw(2)}))
	require.Equal(t, govBefore, c.Balance(gov))
	require.Equal(t, supplyBefore, c.nseshSupply())
	tr := c.transfer(1)
	require.Equal(t, bridgetypes.TRANSFER_KIND_REFUND, tr.Kind)
	require.Equal(t, uint64(1), tr.DepositNonce)
	require.Equal(t, testutil.SESH.MulRaw(2), tr.Amount.Add(tr.Fee))
	require.Equal(t, testutil.SESH.MulRaw(2), c.bridgeSupply().Stats.Refunded)

	// Too little to refund once the fee is paid (below min_transfer +
	// bridge_fee): the dust goes to the fee collector, not a transfer that
	// costs more to release than it carries.
	feeCollector := authtypes.NewModuleAddress(authtypes.FeeCollectorName)
	feesBefore := c.App.BankKeeper.GetBalance(c.Ctx(), feeCollector, bridgetypes.Denom).Amount
	dust := testutil.SESH.QuoRaw(2)
	require.True(t, c.attest(bridgetypes.DepositClaim{Nonce: 2, EvmSender: depositor, Recipient: govAuthority, Amount: dust}))
	_, err := c.query().Transfer(c.Ctx(), &bridgetypes.QueryTransferRequest{Id: 2})
	require.ErrorIs(t, err, bridgetypes.ErrTransferNotFound)
	require.Equal(t, supplyBefore.Add(dust), c.nseshSupply())
	require.True(t, c.App.BankKeeper.GetBalance(c.Ctx(), feeCollector, bridgetypes.Denom).Amount.GTE(feesBefore.Add(dust)))
}

// TestBridgeRefusesNonValidators checks that an account without bonded power
// cannot attest deposits through a real transaction.
func TestBridgeRefusesNonValidators(t *testing.T) {
	c := newBridgeChain(t)
	c.NextBlock(time.Second)

	res := c.Deliver(time.Second, c.alice, &bridgetypes.MsgAttestDeposit{Signer: c.alice.Address.String(), Claim: bridgetypes.DepositClaim{
		Nonce: 1, EvmSender: bridgeContract.Hex(), Recipient: c.alice.Address.String(), Amount: testutil.SESH,
	}})

	require.Equal(t, bridgetypes.ErrNotValidator.ABCICode(), res.Code, res.Log)
	require.Equal(t, bridgetypes.ModuleName, res.Codespace)
	res2 := c.Deliver(time.Second, c.alice, testutil.RegisterEvmKeyMsg(t, c.ChainID, c.alice.Address, testutil.NewEvmKey(t, "alice"), c.bob.Address))
	require.Equal(t, bridgetypes.ErrNotValidator.ABCICode(), res2.Code, res2.Log)
}
