package integration

import (
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/testutil/evmsim"
	bridgekeeper "github.com/sessiontoken/sessionchain/x/bridge/keeper"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// TestBridgeSurvivesChainIDChange exports the state of a chain whose bridge
// contract (the real SessionBridge bytecode on go-ethereum's simulated
// backend) already paid a transfer, and starts a new chain from it under
// another chain id, as a hard fork by export and import does. The bridge id
// comes from the bridge params (EVM chain, contract, bridge name), not from
// the chain id, so the contract accepts the new chain's signatures: a
// bridge-out made after the restart is paid out. Before the bridge name,
// the chain signed for keccak256(new chain id), which the immutable
// contract refused with InvalidSignature: the locked tokens were stranded.
func TestBridgeSurvivesChainIDChange(t *testing.T) {
	const name = "session-identity-bridge"
	opts := testutil.DefaultChainOptions()
	opts.ChainID = "session-identity-1"
	// The simulated EVM chain runs on the wall clock; a batch's deadline is
	// the chain's block time plus batch_timeout_seconds.
	opts.GenesisTime = time.Now().UTC().Truncate(time.Second)
	opts.Accounts = 4
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
		testutil.SetBridgeParams(t, cdc, genesis, testBridgeParams(evmsim.ChainID, evmsim.BridgeAddress(), name))
		testutil.OperateGenesisValidator(t, cdc, genesis, accounts[2].Address)
	}
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	bc := wrapBridgeChain(t, c, c.Accounts[2], c.Accounts[3], "identity validator")
	bc.register()
	set := latestSignerSet(t, c)
	params, err := c.App.BridgeKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	evm := evmsim.DeployBridge(t, evmsim.BridgeOptions{
		BridgeName:    name,
		Set:           evmsim.SetOf(set),
		WithdrawalCap: params.WithdrawalCap.BigInt(),
		Locked:        testutil.SESH.MulRaw(1_000).BigInt(),
	})
	require.Equal(t, evm.BridgeID(), params.BridgeID(), "the chain signs for the deployed contract")

	// A bridge-out, batched and signed on this chain and paid by the contract.
	recipient := testutil.EvmAddress(testutil.NewEvmKey(t, "identity recipient"))
	amount := testutil.SESH.MulRaw(5)
	bridgeOut := func(bc *bridgeChain) {
		t.Helper()
		res := bc.deliverOK(bc.alice, &bridgetypes.MsgBridgeOut{
			Sender: bc.alice.Address.String(), EvmRecipient: recipient.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, amount),
		})
		batch := bc.batchOf(msgResponse[bridgetypes.MsgBridgeOutResponse](t, res).TransferId)
		bc.signBatch(batch.Nonce)
		signed := bc.batch(batch.Nonce)
		sigs, _ := evm.Align(signed.Signatures)
		_, err := evm.SubmitBatch(signed.Batch, signed.Transfers, sigs)
		require.NoError(t, err, "submitBatch(%d) reverted with %s", batch.Nonce, evmsim.RevertName(err))
		bc.attestBatch(batch.Nonce, bridgetypes.BATCH_OUTCOME_EXECUTED)
		require.Equal(t, bridgetypes.BATCH_STATUS_EXECUTED, bc.batch(batch.Nonce).Batch.Status)
	}
	bridgeOut(bc)
	require.Equal(t, amount.BigInt(), evm.BalanceOf(recipient))

	// A hard fork to another chain id, from the state at this height.
	c.NextBlock(time.Minute)
	forked := testutil.RestartFromExportAs(t, c, "session-identity-2")
	forked.NextBlock(time.Second)
	after, err := forked.App.BridgeKeeper.Params.Get(forked.Ctx())
	require.NoError(t, err)
	require.Equal(t, params, after, "the bridge params cross the fork unchanged")
	fb := wrapBridgeChain(t, forked, forked.Accounts[2], forked.Accounts[3], "identity validator")
	require.Equal(t, bc.bridgeID(), fb.bridgeID())

	bridgeOut(fb)
	require.Equal(t, new(big.Int).Mul(amount.BigInt(), big.NewInt(2)), evm.BalanceOf(recipient), "the contract pays the forked chain's batch")

	// The identity is fixed: governance cannot point the bridge at another name.
	moved := after
	moved.BridgeName = "another-bridge"
	_, err = bridgekeeper.NewMsgServerImpl(forked.App.BridgeKeeper).UpdateParams(forked.Ctx(), &bridgetypes.MsgUpdateParams{Authority: govAuthority, Params: moved})
	require.ErrorIs(t, err, bridgetypes.ErrIdentityFixed)
}

// latestSignerSet is c's newest signer set.
func latestSignerSet(t *testing.T, c *testutil.Chain) bridgetypes.SignerSet {
	t.Helper()
	res, err := c.App.BridgeKeeper.SignerSets.Iterate(c.Ctx(), nil)
	require.NoError(t, err)
	defer res.Close()
	var set bridgetypes.SignerSet
	for ; res.Valid(); res.Next() {
		set, err = res.Value()
		require.NoError(t, err)
	}
	require.NotZero(t, set.Nonce, "no signer set")
	return set
}
