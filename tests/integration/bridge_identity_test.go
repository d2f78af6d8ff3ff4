package integration

import (
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/testutil/evmsim"
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
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
		params := bridgetypes.DefaultParams()
		params.EvmChainId, params.ContractAddress, params.BridgeName = evmsim.ChainID, evmsim.BridgeAddress().Hex(), name
		testutil.SetBridgeParams(t, cdc, genesis, params)
		testutil.OperateGenesisValidator(t, cdc, genesis, accounts[2].Address)
	}
	c := testutil.NewChain(t, opts)
	alice, val := c.Accounts[0], c.Accounts[2]
	evmKey := testutil.NewEvmKey(t, "identity validator")
	c.NextBlock(time.Second)
	ok := func(c *testutil.Chain, from testutil.Account, msgs ...sdk.Msg) {
		t.Helper()
		res := c.Deliver(time.Second, from, msgs...)
		require.Zero(t, res.Code, res.Log)
	}
	ok(c, val, testutil.RegisterEvmKeyMsg(t, c.ChainID, val.Address, evmKey))
	set := latestSignerSet(t, c)
	signers, powers := set.EvmArgs()
	evm := evmsim.DeployBridge(t, evmsim.BridgeOptions{
		BridgeName:    name,
		Set:           evmsim.SignerSet{Nonce: set.Nonce, Signers: signers, Powers: powers},
		WithdrawalCap: testutil.SESH.MulRaw(1_000_000).BigInt(),
		Locked:        testutil.SESH.MulRaw(1_000).BigInt(),
	})
	params, err := c.App.BridgeKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, evm.BridgeID(), params.BridgeID(), "the chain signs for the deployed contract")

	// A bridge-out, signed on this chain and paid by the contract.
	recipient := testutil.EvmAddress(testutil.NewEvmKey(t, "identity recipient"))
	payOut := func(c *testutil.Chain, id uint64) {
		t.Helper()
		tr, err := c.App.BridgeKeeper.Transfers.Get(c.Ctx(), id)
		require.NoError(t, err)
		digest := bridgetypes.WithdrawDigest(params.BridgeID(), id, common.HexToAddress(tr.EvmRecipient), tr.Amount.BigInt())
		sig := testutil.SignEvm(t, evmKey, digest)
		ok(c, val, &bridgetypes.MsgSignTransfer{Validator: val.Address.String(), TransferId: id, Signature: sig})
		_, err = evm.Withdraw(id, recipient, tr.Amount.BigInt(), [][]byte{sig})
		require.NoError(t, err, "withdraw(%d) reverted with %s", id, evmsim.RevertName(err))
		ok(c, val, &bridgetypes.MsgAttestExecution{Validator: val.Address.String(), TransferId: id})
	}
	amount := testutil.SESH.MulRaw(5)
	ok(c, alice, &bridgetypes.MsgBridgeOut{Sender: alice.Address.String(), EvmRecipient: recipient.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, amount)})
	payOut(c, 1)
	require.Equal(t, amount.BigInt(), evm.BalanceOf(recipient))

	// A hard fork to another chain id, from the state at this height.
	c.NextBlock(time.Minute)
	forked := testutil.RestartFromExportAs(t, c, "session-identity-2")
	forked.NextBlock(time.Second)
	after, err := forked.App.BridgeKeeper.Params.Get(forked.Ctx())
	require.NoError(t, err)
	require.Equal(t, params, after, "the bridge params cross the fork unchanged")

	ok(forked, alice, &bridgetypes.MsgBridgeOut{Sender: alice.Address.String(), EvmRecipient: recipient.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, amount)})
	payOut(forked, 2)
	require.Equal(t, new(big.Int).Mul(amount.BigInt(), big.NewInt(2)), evm.BalanceOf(recipient), "the contract pays the forked chain's transfer")
	tr, err := forked.App.BridgeKeeper.Transfers.Get(forked.Ctx(), 2)
	require.NoError(t, err)
	require.Equal(t, bridgetypes.TRANSFER_STATUS_EXECUTED, tr.Status)
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
