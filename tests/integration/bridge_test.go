package integration

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// TestBridgeThroughTheWholeApp drives the bridge with real signed
// transactions: the validator registers its EVM key, a signer set follows at
// the end of the block, deposits mint or are refunded, a bridge-out burns,
// the validator signs and confirms the releases, governance pauses the
// bridge, and the exported state is a valid genesis. The supply moves by
// exactly minted − burned.
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

	// The validator registers its EVM key; the block's end makes signer set 1.
	block := c.NextBlock(time.Second, c.SignTx(c.val, testutil.RegisterEvmKeyMsg(t, c.ChainID, c.val.Address, c.evmKey)))
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
	addrs, powers := set.SignerSet.EvmArgs()
	bridgeID := bridgetypes.BridgeID(bridgeEvmChainID, bridgeContract, bridgeName)
	c.deliverOK(c.val, &bridgetypes.MsgSignSignerSet{
		Validator: c.val.Address.String(), Nonce: 1,
		Signature: testutil.SignEvm(t, c.evmKey, bridgetypes.SignerSetDigest(bridgeID, 1, addrs, powers)),
	})

	// Deposit 1, to bob, is minted at once: the validator has all the power.
	depositor := testutil.EvmAddress(testutil.NewEvmKey(t, "depositor"))
	deposit := testutil.SESH.MulRaw(250)
	bobBefore := c.Balance(c.bob.Address)
	res := c.deliverOK(c.val, &bridgetypes.MsgAttestDeposit{Validator: c.val.Address.String(), Claim: bridgetypes.DepositClaim{
		Nonce: 1, EvmSender: depositor.Hex(), Recipient: c.bob.Address.String(), Amount: deposit,
	}})
	require.True(t, msgResponse[bridgetypes.MsgAttestDepositResponse](t, res).Observed)
	require.Equal(t, bobBefore.Add(deposit), c.Balance(c.bob.Address))

	// Deposit 2 names no account here: it becomes refund transfer 1.
	refund := testutil.SESH.MulRaw(40)
	res = c.deliverOK(c.val, &bridgetypes.MsgAttestDeposit{Validator: c.val.Address.String(), Claim: bridgetypes.DepositClaim{
		Nonce: 2, EvmSender: depositor.Hex(), Recipient: "session1notanaddress", Amount: refund,
	}})
	require.True(t, msgResponse[bridgetypes.MsgAttestDepositResponse](t, res).Observed)
	require.Equal(t, bridgetypes.Transfer{
		Id: 1, Kind: bridgetypes.TRANSFER_KIND_REFUND, EvmRecipient: depositor.Hex(), Amount: refund,
		Status: bridgetypes.TRANSFER_STATUS_PENDING, DepositNonce: 2, CreatedHeight: c.Height,
	}, c.transfer(1))

	// Alice bridges out: transfer 2.
	out := testutil.SESH.MulRaw(100)
	aliceBefore := c.Balance(c.alice.Address)
	evmRecipient := testutil.EvmAddress(testutil.NewEvmKey(t, "alice on the EVM side"))
	res = c.deliverOK(c.alice, &bridgetypes.MsgBridgeOut{
		Sender: c.alice.Address.String(), EvmRecipient: evmRecipient.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, out),
	})
	require.Equal(t, uint64(2), msgResponse[bridgetypes.MsgBridgeOutResponse](t, res).TransferId)
	require.Equal(t, aliceBefore.Sub(out), c.Balance(c.alice.Address))
	require.Equal(t, bridgetypes.TRANSFER_STATUS_PENDING, c.transfer(2).Status)

	// The validator signs both: each is ready with its one signature.
	for _, id := range []uint64{1, 2} {
		res = c.deliverOK(c.val, &bridgetypes.MsgSignTransfer{Validator: c.val.Address.String(), TransferId: id, Signature: c.withdrawSignature(id)})
		require.True(t, msgResponse[bridgetypes.MsgSignTransferResponse](t, res).Ready)
		require.Equal(t, bridgetypes.TRANSFER_STATUS_READY, c.transfer(id).Status)
	}
	require.Equal(t, out.Add(refund), c.bridgeSupply().OutboundInFlight)

	// It confirms the contract executed them.
	for _, id := range []uint64{1, 2} {
		res = c.deliverOK(c.val, &bridgetypes.MsgAttestExecution{Validator: c.val.Address.String(), TransferId: id})
		require.True(t, msgResponse[bridgetypes.MsgAttestExecutionResponse](t, res).Executed)
		require.Equal(t, bridgetypes.TRANSFER_STATUS_EXECUTED, c.transfer(id).Status)
	}

	supply := c.bridgeSupply()
	require.Equal(t, bridgetypes.Stats{Minted: deposit, Burned: out, Refunded: refund, Released: out.Add(refund)}, supply.Stats)
	require.True(t, supply.OutboundInFlight.IsZero())
	require.Equal(t, uint64(2), supply.LastObservedNonce)
	require.Equal(t, supplyBefore.Add(deposit).Sub(out), c.nseshSupply(), "supply moves by minted − burned")
	require.Equal(t, c.nseshSupply(), supply.ChainSupply)

	// Governance pauses the bridge; alice's next bridge-out is refused.
	params, err := c.query().Params(c.Ctx(), &bridgetypes.QueryParamsRequest{})
	require.NoError(t, err)
	pausedParams := params.Params
	pausedParams.Paused = true
	id := submitProposal(t, c.Chain, c.alice, "Pause the bridge", &bridgetypes.MsgUpdateParams{Authority: govAuthority, Params: pausedParams})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c.Chain, id)
	params, err = c.query().Params(c.Ctx(), &bridgetypes.QueryParamsRequest{})
	require.NoError(t, err)
	require.True(t, params.Params.Paused)

	aliceBefore, supplyPaused := c.Balance(c.alice.Address), c.nseshSupply()
	res = c.Deliver(time.Second, c.alice, &bridgetypes.MsgBridgeOut{
		Sender: c.alice.Address.String(), EvmRecipient: evmRecipient.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, out),
	})
	require.Equal(t, bridgetypes.ErrPaused.ABCICode(), res.Code, res.Log)
	require.Equal(t, bridgetypes.ModuleName, res.Codespace)
	res = c.Deliver(time.Second, c.val, &bridgetypes.MsgAttestDeposit{Validator: c.val.Address.String(), Claim: bridgetypes.DepositClaim{
		Nonce: 3, EvmSender: depositor.Hex(), Recipient: c.bob.Address.String(), Amount: deposit,
	}})
	require.Equal(t, bridgetypes.ErrPaused.ABCICode(), res.Code, res.Log)
	require.Equal(t, aliceBefore, c.Balance(c.alice.Address))
	require.Equal(t, supplyPaused, c.nseshSupply())
	require.Equal(t, uint64(3), c.transfer(2).Id+1, "no transfer was queued")
	_, err = c.query().Transfer(c.Ctx(), &bridgetypes.QueryTransferRequest{Id: 3})
	require.ErrorIs(t, err, bridgetypes.ErrTransferNotFound)

	// The exported state is a genesis the module accepts.
	exported, err := c.App.ExportAppStateAndValidators(false, nil, []string{bridgetypes.ModuleName})
	require.NoError(t, err)
	var appState map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &appState))
	var gs bridgetypes.GenesisState
	require.NoError(t, c.App.AppCodec().UnmarshalJSON(appState[bridgetypes.ModuleName], &gs))
	require.NoError(t, gs.Validate())
	require.Len(t, gs.EvmKeys, 1)
	require.Len(t, gs.Transfers, 2)
	require.Len(t, gs.SignerSets, 1)
	require.Len(t, gs.SignerSetSignatures, 1)
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

	res := c.deliverOK(c.val, &bridgetypes.MsgAttestDeposit{Validator: c.val.Address.String(), Claim: bridgetypes.DepositClaim{
		Nonce: 1, EvmSender: testutil.EvmAddress(testutil.NewEvmKey(t, "depositor")).Hex(), Recipient: govAuthority, Amount: testutil.SESH,
	}})

	require.True(t, msgResponse[bridgetypes.MsgAttestDepositResponse](t, res).Observed)
	require.Equal(t, govBefore, c.Balance(gov))
	require.Equal(t, supplyBefore, c.nseshSupply())
	tr := c.transfer(1)
	require.Equal(t, bridgetypes.TRANSFER_KIND_REFUND, tr.Kind)
	require.Equal(t, uint64(1), tr.DepositNonce)
	require.Equal(t, testutil.SESH, c.bridgeSupply().Stats.Refunded)
}

// TestBridgeRefusesNonValidators checks that an account without bonded power
// cannot attest deposits through a real transaction.
func TestBridgeRefusesNonValidators(t *testing.T) {
	c := newBridgeChain(t)
	c.NextBlock(time.Second)

	res := c.Deliver(time.Second, c.alice, &bridgetypes.MsgAttestDeposit{Validator: c.alice.Address.String(), Claim: bridgetypes.DepositClaim{
		Nonce: 1, EvmSender: bridgeContract.Hex(), Recipient: c.alice.Address.String(), Amount: testutil.SESH,
	}})

	require.Equal(t, bridgetypes.ErrNotValidator.ABCICode(), res.Code, res.Log)
	require.Equal(t, bridgetypes.ModuleName, res.Codespace)
	res2 := c.Deliver(time.Second, c.alice, testutil.RegisterEvmKeyMsg(t, c.ChainID, c.alice.Address, testutil.NewEvmKey(t, "alice")))
	require.Equal(t, bridgetypes.ErrNotValidator.ABCICode(), res2.Code, res2.Log)
}
