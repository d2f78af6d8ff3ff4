package integration

import (
	"crypto/ecdsa"
	"encoding/json"
	"testing"

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
	// valAddr is the validator's operator address.
	valAddr sdk.ValAddress
	// evmKey is the validator's EVM signing key.
	evmKey *ecdsa.PrivateKey
}

func newBridgeChain(t *testing.T) *bridgeChain {
	t.Helper()
	opts := testutil.DefaultChainOptions()
	opts.Accounts = 3
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
		params := bridgetypes.DefaultParams()
		params.EvmChainId, params.ContractAddress, params.BridgeName = bridgeEvmChainID, bridgeContract.Hex(), bridgeName
		testutil.SetBridgeParams(t, cdc, genesis, params)
		testutil.OperateGenesisValidator(t, cdc, genesis, accounts[2].Address)
	}
	c := testutil.NewChain(t, opts)
	return &bridgeChain{
		Chain: c, t: t,
		alice: c.Accounts[0], bob: c.Accounts[1], val: c.Accounts[2],
		valAddr: sdk.ValAddress(c.Accounts[2].Address),
		evmKey:  testutil.NewEvmKey(t, "integration validator"),
	}
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

// withdrawSignature is the validator's signature releasing transfer id.
func (c *bridgeChain) withdrawSignature(id uint64) []byte {
	c.t.Helper()
	tr := c.transfer(id)
	bridgeID := bridgetypes.BridgeID(bridgeEvmChainID, bridgeContract, bridgeName)
	return testutil.SignEvm(c.t, c.evmKey, bridgetypes.WithdrawDigest(bridgeID, id, common.HexToAddress(tr.EvmRecipient), tr.Amount.BigInt()))
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
