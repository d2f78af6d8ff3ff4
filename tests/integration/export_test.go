package integration

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// customModules are sessiond's own modules, whose state the export round
// trip must carry over unchanged.
var customModules = []string{rptypes.ModuleName, nstypes.ModuleName, protypes.ModuleName, namestypes.ModuleName, bridgetypes.ModuleName}

// exportSections exports c's state and returns each custom module's
// genesis JSON.
func exportSections(t *testing.T, c *testutil.Chain) map[string]json.RawMessage {
	t.Helper()
	exported, err := c.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &state))
	out := map[string]json.RawMessage{}
	for _, m := range customModules {
		require.Contains(t, state, m)
		out[m] = state[m]
	}
	return out
}

// moduleStore returns every key and value in a module's store as the last
// committed block left it, keys in hex.
// The recent app hashes nodestaking keeps for uptime proofs are per-block
// bookkeeping an export does not carry: each chain records its own.
func moduleStore(t *testing.T, c *testutil.Chain, module string) map[string][]byte {
	t.Helper()
	out := storeContents(t, c, c.Ctx(), module)
	if module == nstypes.ModuleName {
		prefix := hex.EncodeToString(nstypes.ProofBlocksKey)
		for k := range out {
			if strings.HasPrefix(k, prefix) {
				delete(out, k)
			}
		}
	}
	return out
}

// storeContents returns every key and value in a module's store as ctx
// sees it, keys in hex.
func storeContents(t *testing.T, c *testutil.Chain, ctx sdk.Context, module string) map[string][]byte {
	t.Helper()
	key := c.App.UnsafeFindStoreKey(module)
	require.NotNil(t, key, module)
	it := ctx.KVStore(key).Iterator(nil, nil)
	defer it.Close()
	out := map[string][]byte{}
	for ; it.Valid(); it.Next() {
		out[hex.EncodeToString(it.Key())] = bytes.Clone(it.Value())
	}
	return out
}

// TestExportRoundTrip runs every custom module (pool funding and emission,
// nodes with contributors and an unlock, rewards owed, Pro subscriptions
// and prices, names with a backup owner and a listing, the bridge's keys,
// signer set, deposits and transfers),
// exports the state at a height, starts a new app from that genesis, and
// requires both chains to agree: the same module genesis, the same store
// contents and the same next block.
func TestExportRoundTrip(t *testing.T) {
	opts := testutil.DefaultChainOptions()
	opts.Accounts = 6
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
		testutil.WithoutUptimeTimeout(t, cdc, genesis, accounts)
		testutil.SetBridgeParams(t, cdc, genesis, testBridgeParams(bridgeEvmChainID, bridgeContract, bridgeName))
		testutil.OperateGenesisValidator(t, cdc, genesis, accounts[2].Address)

		var gs protypes.GenesisState
		require.NoError(t, cdc.UnmarshalJSON(genesis[protypes.ModuleName], &gs))
		gs.Params.Feeders = []string{accounts[0].Address.String()}
		gs.Params.MinFeeders = 1
		gs.Params.MaxPriceChangeBps = protypes.BasisPoints
		gs.Params.Processors = []string{accounts[1].Address.String()}
		gs.IssuerKeys = []protypes.IssuerKey{{Pubkey: "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c", NotBefore: opts.GenesisTime}}
		gs.Prices = []protypes.PriceSubmission{{
			Feeder: accounts[0].Address.String(), Price: math.LegacyNewDecWithPrec(5, 2),
			SubmittedAt: opts.GenesisTime, SourceTime: opts.GenesisTime,
		}}
		genesis[protypes.ModuleName] = cdc.MustMarshalJSON(&gs)
	}
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	alice, val, op1, op2, contributor := c.Accounts[0], c.Accounts[2], c.Accounts[3], c.Accounts[4], c.Accounts[5]
	ok := func(from testutil.Account, msgs ...sdk.Msg) {
		t.Helper()
		res := c.Deliver(time.Second, from, msgs...)
		require.Zero(t, res.Code, res.Log)
	}

	// Reward pool: a top-up on top of the genesis funds.
	ok(alice, &rptypes.MsgFundPool{Depositor: alice.Address.String(), Amount: sdk.NewCoin(rptypes.Denom, sesh(1_000))})

	// Nodes: one full-stake node and one with an operator and two
	// contributors; rewards accrue for a few hours.
	reg1, key1 := testutil.RegisterNodeMsg(t, c.ChainID, op1.Address, sesh(10_000), 1_000)
	reg2, key2 := testutil.RegisterNodeMsg(t, c.ChainID, op2.Address, sesh(25_000), 0)
	res := c.NextBlock(time.Second, c.SignTx(op1, reg1), c.SignTx(op2, reg2))
	for _, r := range res.TxResults {
		require.Zero(t, r.Code, r.Log)
	}
	res = c.NextBlock(time.Second, contribute(c, contributor, key1, sesh(10_000)), contribute(c, alice, key1, sesh(5_000)))
	for _, r := range res.TxResults {
		require.Zero(t, r.Code, r.Log)
	}
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, key1))
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, key2))
	for range 5 {
		c.NextBlock(time.Hour)
	}
	ok(op2, &nstypes.MsgClaimRewards{Claimant: op2.Address.String()})
	c.NextBlock(time.Hour)
	// An unlock request queues node 1's exit.
	ok(contributor, &nstypes.MsgRequestUnlock{Requester: contributor.Address.String(), Pubkey: pubkey(key1)})
	require.True(t, rewardsOf(t, c, op1).Pending.IsPositive(), "rewards are owed")

	// Pro: a fresh price and a subscription.
	ok(alice, submitPrice(c, alice, "0.06"))
	ok(contributor, &protypes.MsgSubscribe{
		Payer: contributor.Address.String(), SessionPubkey: sessionKey, PlanId: 1,
		MaxAmount: sdk.NewCoin(protypes.Denom, sesh(10_000)),
	})
	require.True(t, subscription(t, c).Active)
	// A recorded payment and its refund: a revoked receipt and a revoked
	// entitlement generation on the revocation list.
	processor := c.Accounts[1]
	refunded := strings.Repeat("ef", 32)
	ok(processor, &protypes.MsgRecordPayment{
		Processor: processor.Address.String(), ReceiptId: "export-1", SessionPubkey: refunded, PlanId: 1,
		Amount: sdk.NewCoin(protypes.Denom, sesh(40)),
	})
	ok(processor, &protypes.MsgRevokePayment{Processor: processor.Address.String(), ReceiptId: "export-1"})
	list, err := proQuery(c).RevocationList(c.Ctx(), &protypes.QueryRevocationListRequest{})
	require.NoError(t, err)
	require.Len(t, list.Revocations, 1)

	// Names: one with a backup owner, one on sale.
	ok(contributor, &namestypes.MsgRegisterName{
		Owner: contributor.Address.String(), Name: "export-one", EncryptedValue: nameValue(t, "export-one", 1),
		BackupOwner: alice.Address.String(), Years: 2, MaxAmount: nsesh(sesh(10_000)),
	})
	ok(alice, &namestypes.MsgRegisterName{
		Owner: alice.Address.String(), Name: "two2", EncryptedValue: nameValue(t, "two2", 2), Years: 1, MaxAmount: nsesh(sesh(10_000)),
	})
	ok(alice, &namestypes.MsgListName{Seller: alice.Address.String(), NameHash: namestypes.NameHashHex("two2"), Price: nsesh(sesh(77))})

	// Bridge: the validator's EVM key and delegate, its signer set, a
	// deposit, a bridge-out batched and signed and one still queued.
	bc := wrapBridgeChain(t, c, val, c.Accounts[1], "export validator")
	bc.register()
	bc.signSignerSet(1)
	depositor := testutil.EvmAddress(testutil.NewEvmKey(t, "export depositor"))
	require.True(t, bc.attest(bridgetypes.DepositClaim{Nonce: 1, EvmSender: depositor.Hex(), Recipient: alice.Address.String(), Amount: sesh(300)}))
	bridgeOut := func() {
		bc.deliverOK(alice, &bridgetypes.MsgBridgeOut{
			Sender: alice.Address.String(), EvmRecipient: depositor.Hex(), Amount: sdk.NewCoin(bridgetypes.Denom, sesh(50)),
		})
	}
	bridgeOut()
	bc.signBatch(bc.batchOf(1).Nonce)
	bridgeOut() // stays queued: a batch waits a block for company
	require.Equal(t, bridgetypes.TRANSFER_STATUS_BATCHED, bc.transfer(1).Status)
	require.Equal(t, bridgetypes.TRANSFER_STATUS_QUEUED, bc.transfer(2).Status)
	c.NextBlock(time.Minute)
	requireNodeConservation(t, c)

	// Export at this height and start a new chain from the genesis.
	before := exportSections(t, c)
	restarted := testutil.RestartFromExport(t, c)
	require.Equal(t, c.Height, restarted.Height, "the new chain continues at the next height")

	// The same next block on both chains: same emission, same state.
	poolBefore := poolQuery(t, c)
	var emitted [2]math.Int
	for i, chain := range []*testutil.Chain{c, restarted} {
		chain.NextBlock(10 * time.Minute)
		emitted[i] = poolQuery(t, chain).Emission.DayEmitted
	}
	require.True(t, emitted[0].GT(poolBefore.Emission.DayEmitted), "the next block emits")
	require.Equal(t, emitted[0], emitted[1], "the next block emits the same on both chains")
	require.Equal(t, poolQuery(t, c), poolQuery(t, restarted))
	require.Equal(t, totalsQuery(t, c), totalsQuery(t, restarted))
	for _, a := range c.Accounts {
		require.Equal(t, rewardsOf(t, c, a), rewardsOf(t, restarted, a))
		require.Equal(t, c.Balance(a.Address), restarted.Balance(a.Address))
	}
	require.Equal(t, subscription(t, c), subscription(t, restarted))
	require.Equal(t, resolveName(t, c, "export-one"), resolveName(t, restarted, "export-one"))
	requireNodeConservation(t, restarted)

	after, again := exportSections(t, c), exportSections(t, restarted)
	for _, m := range customModules {
		require.JSONEq(t, string(after[m]), string(again[m]), "%s genesis after the round trip", m)
		store := moduleStore(t, c, m)
		require.NotEmpty(t, store, m)
		require.Equal(t, store, moduleStore(t, restarted, m), "%s store after the round trip", m)
	}
	// The state a block does not touch is what was exported.
	for _, m := range []string{protypes.ModuleName, namestypes.ModuleName, bridgetypes.ModuleName} {
		require.JSONEq(t, string(before[m]), string(again[m]), "%s genesis across the restart", m)
	}
}
