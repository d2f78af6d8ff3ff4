package integration

import (
	"crypto/ecdsa"
	"encoding/json"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	bridgekeeper "github.com/sessiontoken/sessionchain/x/bridge/keeper"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// bridgeEvmChainID and bridgeContract are the deployment the test chain's
// bridge params name.
const bridgeEvmChainID uint64 = 1337

// bridgeName is the bridge name the test chain's bridge params give: the
// bridge id carries it, not the chain id.
const bridgeName = "session-integration-bridge"

var bridgeContract = common.HexToAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")

// bridgeChain is a chain whose bridge names the test contract and whose only
// validator is operated by the returned account, which the test signs for.
// alice (Accounts[0]) delegates to it.
type bridgeChain struct {
	*testutil.Chain
	t     *testing.T
	alice testutil.Account
	bob   testutil.Account
	val   testutil.Account
	// delegate is the validator's delegate account: it signs the bridge
	// messages, the operator key only registers it.
	delegate testutil.Account
	// valAddr is the validator's operator address.
	valAddr sdk.ValAddress
	// evmKey is the validator's EVM signing key.
	evmKey *ecdsa.PrivateKey
}

// testBridgeParams are the default params naming the test deployment, with
// a batch made one block after a transfer is queued.
func testBridgeParams(evmChainID uint64, contract common.Address, name string) bridgetypes.Params {
	params := bridgetypes.DefaultParams()
	params.EvmChainId, params.ContractAddress, params.BridgeName = evmChainID, contract.Hex(), name
	params.BatchWaitBlocks = 1
	return params
}

func newBridgeChain(t *testing.T) *bridgeChain {
	t.Helper()
	opts := testutil.DefaultChainOptions()
	opts.Accounts = 4
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
		testutil.SetBridgeParams(t, cdc, genesis, testBridgeParams(bridgeEvmChainID, bridgeContract, bridgeName))
		testutil.OperateGenesisValidator(t, cdc, genesis, accounts[2].Address)
	}
	c := testutil.NewChain(t, opts)
	return wrapBridgeChain(t, c, c.Accounts[2], c.Accounts[3], "integration validator")
}

// wrapBridgeChain is c seen from the bridge: val operates its validator and
// registers delegate and an EVM key named keyName.
func wrapBridgeChain(t *testing.T, c *testutil.Chain, val, delegate testutil.Account, keyName string) *bridgeChain {
	return &bridgeChain{
		Chain: c, t: t,
		alice: c.Accounts[0], bob: c.Accounts[1], val: val, delegate: delegate,
		valAddr: sdk.ValAddress(val.Address),
		evmKey:  testutil.NewEvmKey(t, keyName),
	}
}

// bridgeID is the bridge the chain signs for, from its params.
func (c *bridgeChain) bridgeID() common.Hash {
	c.t.Helper()
	params, err := c.App.BridgeKeeper.Params.Get(c.Ctx())
	require.NoError(c.t, err)
	return params.BridgeID()
}

// register registers the validator's EVM key and delegate, signed by the operator.
func (c *bridgeChain) register() {
	c.t.Helper()
	c.deliverOK(c.val, testutil.RegisterEvmKeyMsg(c.t, c.ChainID, c.val.Address, c.evmKey, c.delegate.Address))
}

// signSignerSet has the delegate sign signer set nonce with the EVM key.
func (c *bridgeChain) signSignerSet(nonce uint64) {
	c.t.Helper()
	res, err := c.query().SignerSet(c.Ctx(), &bridgetypes.QuerySignerSetRequest{Nonce: nonce})
	require.NoError(c.t, err)
	c.deliverOK(c.delegate, &bridgetypes.MsgSignSignerSet{
		Signer: c.delegate.Address.String(), Nonce: nonce,
		Signature: testutil.SignEvm(c.t, c.evmKey, res.SignerSet.Digest(c.bridgeID())),
	})
}

// attest has the delegate attest a deposit and returns whether it was observed.
func (c *bridgeChain) attest(claim bridgetypes.DepositClaim) bool {
	c.t.Helper()
	res := c.deliverOK(c.delegate, &bridgetypes.MsgAttestDeposit{Signer: c.delegate.Address.String(), Claim: claim})
	return msgResponse[bridgetypes.MsgAttestDepositResponse](c.t, res).Observed
}

// batchOf makes blocks until the chain batches transfer id and returns its batch.
func (c *bridgeChain) batchOf(id uint64) bridgetypes.Batch {
	c.t.Helper()
	for range 5 {
		if tr := c.transfer(id); tr.BatchNonce != 0 {
			return c.batch(tr.BatchNonce).Batch
		}
		c.NextBlock(time.Second)
	}
	c.t.Fatalf("transfer %d was not batched", id)
	return bridgetypes.Batch{}
}

// batch is batch nonce with its transfers and signatures.
func (c *bridgeChain) batch(nonce uint64) *bridgetypes.QueryBatchResponse {
	c.t.Helper()
	res, err := c.query().Batch(c.Ctx(), &bridgetypes.QueryBatchRequest{Nonce: nonce})
	require.NoError(c.t, err)
	return res
}

// signBatch has the delegate sign batch nonce with the EVM key.
func (c *bridgeChain) signBatch(nonce uint64) {
	c.t.Helper()
	res := c.batch(nonce)
	c.deliverOK(c.delegate, &bridgetypes.MsgSignBatch{
		Signer: c.delegate.Address.String(), Nonce: nonce,
		Signature: testutil.SignEvm(c.t, c.evmKey, bridgetypes.BatchDigestOf(c.bridgeID(), res.Batch, res.Transfers)),
	})
}

// attestBatch has the delegate attest what became of batch nonce on the contract.
func (c *bridgeChain) attestBatch(nonce uint64, outcome bridgetypes.BatchOutcome) {
	c.t.Helper()
	c.deliverOK(c.delegate, &bridgetypes.MsgAttestBatch{Signer: c.delegate.Address.String(), Nonce: nonce, Outcome: outcome})
}

func (c *bridgeChain) query() bridgetypes.QueryServer {
	return bridgekeeper.NewQueryServerImpl(c.App.BridgeKeeper)
}

func (c *bridgeChain) nseshSupply() math.Int {
	return c.App.BankKeeper.GetSupply(c.Ctx(), bridgetypes.Denom).Amount
}

func (c *bridgeChain) bridgeSupply() *bridgetypes.QuerySupplyResponse {
	c.t.Helper()
	res, err := c.query().Supply(c.Ctx(), &bridgetypes.QuerySupplyRequest{})
	require.NoError(c.t, err)
	return res
}

func (c *bridgeChain) transfer(id uint64) bridgetypes.Transfer {
	c.t.Helper()
	res, err := c.query().Transfer(c.Ctx(), &bridgetypes.QueryTransferRequest{Id: id})
	require.NoError(c.t, err)
	return res.Transfer
}

// deliverOK delivers msgs from from in the next block and requires success.
func (c *bridgeChain) deliverOK(from testutil.Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	c.t.Helper()
	res := c.Deliver(1e9, from, msgs...)
	require.Zero(c.t, res.Code, res.Log)
	return res
}

// msgResponse decodes the first Msg response of a delivered transaction.
func msgResponse[T any, PT interface {
	*T
	proto.Message
}](t *testing.T, res *abci.ExecTxResult,
) *T {
	t.Helper()
	var data sdk.TxMsgData
	require.NoError(t, proto.Unmarshal(res.Data, &data))
	require.NotEmpty(t, data.MsgResponses)
	out := PT(new(T))
	require.Equal(t, "/"+proto.MessageName(out), data.MsgResponses[0].TypeUrl)
	require.NoError(t, proto.Unmarshal(data.MsgResponses[0].Value, out))
	return out
}

// countTypedEvents counts the events of a typed event's type in a block.
func countTypedEvents(res *abci.ResponseFinalizeBlock, ev proto.Message) int {
	return countEvents(res, proto.MessageName(ev))
}
