// Package bench measures the whole app as a validator runs it: blocks of
// signed transactions through FinalizeBlock and Commit, the ante handler's
// secp256k1 signature checks included.
//
//	go test -run '^$' -bench FinalizeBlock -benchmem ./tests/bench/
//
// Each benchmark reports tx/s (transactions per second of FinalizeBlock +
// Commit) and gas/msg (the mean gas used per message; each transaction
// carries one). scripts/benchtable compares each message's throughput with
// bank MsgSend's in the same run.
package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/gogoproto/proto"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/testutil"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

const (
	// txsPerBlock is how many transactions each block carries.
	txsPerBlock = 100
	// blockInterval is the time between blocks.
	blockInterval = time.Second
	// benchAccounts is how many funded accounts every workload's chain has,
	// whether its transactions use them all or not: the account and
	// balance stores are as deep for MsgSend as for the messages compared
	// with it (the claim workload uses all of them).
	benchAccounts = 4 * txsPerBlock
)

// accountFunds is each test account's balance: enough for thousands of
// blocks of node stakes.
var accountFunds = testutil.SESH.MulRaw(10_000_000)

// nextTx returns the signer and the message of transaction i of block n of
// a workload (both counted from 0).
type nextTx func(n, i int) (testutil.Account, sdk.Msg)

// workload is one kind of message the benchmark fills blocks with.
type workload struct {
	// msg names the benchmark: the message type.
	msg string
	// genesis, if set, edits the genesis app state.
	genesis func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account)
	// prepare brings the chain, in blocks of its own, to the state blocks
	// blocks of the workload need, and returns their transactions.
	prepare func(b *testing.B, c *testutil.Chain, blocks int) nextTx
	// check, if set, checks a successful transaction's result: that it did
	// what the workload means it to do.
	check func(b *testing.B, res *abci.ExecTxResult)
}

// BenchmarkFinalizeBlock measures blocks of txsPerBlock transactions of one
// message each, every one valid and signed by a secp256k1 account key.
// Only FinalizeBlock and Commit are timed: the chain's set-up and the
// signing happen before; the checks that every transaction succeeded, and
// the conservation invariants, after the last block.
// An op is one block.
func BenchmarkFinalizeBlock(b *testing.B) {
	for _, w := range []workload{
		sendWorkload(), subscribeWorkload(), contributeWorkload(), claimWorkload(),
		fundPoolWorkload(), attestDepositWorkload(), registerNameWorkload(), buyNameWorkload(),
	} {
		b.Run("msg="+w.msg, func(b *testing.B) { benchmarkBlocks(b, w) })
	}
}

func benchmarkBlocks(b *testing.B, w workload) {
	opts := testutil.DefaultChainOptions()
	opts.Accounts, opts.AccountFunds = benchAccounts, accountFunds
	opts.EditGenesis = w.genesis
	db, err := dbm.NewGoLevelDB("application", b.TempDir(), nil)
	require.NoError(b, err)
	opts.DB = db
	c := testutil.NewChain(b, opts)
	b.Cleanup(func() { require.NoError(b, c.App.Close()) }) // closes db
	c.NextBlock(blockInterval)
	blocks := signBlocks(b, c, b.N, w.prepare(b, c, b.N))
	// The set-up's writes are compacted before the clock starts, so that
	// workloads whose set-up grows with b.N do not pay for it in the timed
	// blocks.
	require.NoError(b, db.ForceCompact(nil, nil))

	results := make([]*abci.ResponseFinalizeBlock, b.N)
	b.ResetTimer()
	for n := range b.N {
		results[n] = c.FinalizeAndCommit(blockInterval, blocks[n]...)
	}
	b.StopTimer()

	var gas int64
	for _, res := range results {
		c.Record(res)
	}
	c.CheckInvariants()
	for n, res := range results {
		require.Len(b, res.TxResults, txsPerBlock)
		for i, r := range res.TxResults {
			require.Zerof(b, r.Code, "block %d, transaction %d: %s", n, i, r.Log)
			if w.check != nil {
				w.check(b, r)
			}
			gas += r.GasUsed
		}
	}
	txs := float64(b.N * txsPerBlock)
	b.ReportMetric(txs/b.Elapsed().Seconds(), "tx/s")
	b.ReportMetric(float64(gas)/txs, "gas/msg")
}

// signBlocks signs blocks blocks of txsPerBlock transactions, each signer's
// sequence following on from its current one.
func signBlocks(b *testing.B, c *testutil.Chain, blocks int, next nextTx) [][][]byte {
	b.Helper()
	type numbers struct{ account, sequence uint64 }
	signers := map[string]*numbers{}
	out := make([][][]byte, blocks)
	for n := range blocks {
		out[n] = make([][]byte, txsPerBlock)
		for i := range txsPerBlock {
			from, msg := next(n, i)
			s := signers[from.Address.String()]
			if s == nil {
				acc := c.App.AccountKeeper.GetAccount(c.Ctx(), from.Address)
				require.NotNil(b, acc, "account %s does not exist", from.Address)
				s = &numbers{acc.GetAccountNumber(), acc.GetSequence()}
				signers[from.Address.String()] = s
			}
			out[n][i] = c.SignTxAt(from, s.account, s.sequence, msg)
			s.sequence++
		}
	}
	return out
}

// runBlocks signs and delivers blocks blocks of a set-up, requiring every
// transaction to succeed.
func runBlocks(b *testing.B, c *testutil.Chain, blocks int, next nextTx) {
	b.Helper()
	for n, txs := range signBlocks(b, c, blocks, next) {
		res := c.NextBlock(blockInterval, txs...)
		for i, r := range res.TxResults {
			require.Zerof(b, r.Code, "set-up block %d, transaction %d: %s", n, i, r.Log)
		}
	}
}

// msgResponse decodes the only Msg response of a transaction.
func msgResponse[T any, PT interface {
	*T
	proto.Message
}](b *testing.B, res *abci.ExecTxResult,
) *T {
	b.Helper()
	var data sdk.TxMsgData
	require.NoError(b, proto.Unmarshal(res.Data, &data))
	require.Len(b, data.MsgResponses, 1)
	out := PT(new(T))
	require.NoError(b, proto.Unmarshal(data.MsgResponses[0].Value, out))
	return out
}

// sendWorkload is the baseline: bank sends of 1 nsesh between existing
// accounts.
func sendWorkload() workload {
	return workload{
		msg: "MsgSend",
		prepare: func(_ *testing.B, c *testutil.Chain, _ int) nextTx {
			return func(_, i int) (testutil.Account, sdk.Msg) {
				from, to := c.Accounts[i], c.Accounts[(i+1)%txsPerBlock]
				return from, banktypes.NewMsgSend(from.Address, to.Address, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1)))
			}
		},
	}
}

// priceGenesis has the first account feed a price of $0.05 at genesis,
// valid for a day of blocks.
func priceGenesis(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
	var gs protypes.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(genesis[protypes.ModuleName], &gs))
	gs.Params.Feeders = []string{accounts[0].Address.String()}
	gs.Params.MinFeeders = 1
	gs.Params.MaxPriceAge = 24 * time.Hour
	genesisTime := testutil.DefaultChainOptions().GenesisTime
	gs.Prices = []protypes.PriceSubmission{{
		Feeder: accounts[0].Address.String(), Price: math.LegacyNewDecWithPrec(5, 2),
		SubmittedAt: genesisTime, SourceTime: genesisTime,
	}}
	genesis[protypes.ModuleName] = cdc.MustMarshalJSON(&gs)
}

// subscribeWorkload buys plan 1 for a new Session account in every
// transaction, at the price the one feeder set at genesis.
func subscribeWorkload() workload {
	return workload{
		msg:     "MsgSubscribe",
		genesis: priceGenesis,
		prepare: func(_ *testing.B, c *testutil.Chain, _ int) nextTx {
			return func(n, i int) (testutil.Account, sdk.Msg) {
				key := sha256.Sum256(fmt.Appendf(nil, "session account %d/%d", n, i))
				return c.Accounts[i], &protypes.MsgSubscribe{
					Payer: c.Accounts[i].Address.String(), SessionPubkey: hex.EncodeToString(key[:]), PlanId: 1,
					MaxAmount: sdk.NewCoin(protypes.Denom, testutil.SESH.MulRaw(1_000)),
				}
			}
		},
	}
}

// contributeWorkload fills nodes that await contributions: each node is
// registered with the operator's minimum stake, then nine contributors put
// in the minimum each, the ninth filling and activating the node. Every
// transaction is a contributor's first contribution to its node.
func contributeWorkload() workload {
	const contributors, operators = txsPerBlock, txsPerBlock
	params := nodestakingtypes.DefaultParams()
	spots := int(params.MaxContributors) - 1
	// The minimum of each spot in turn, the same for every node.
	operatorStake := params.MinOperatorStake()
	amounts := make([]math.Int, spots)
	open := params.StakingRequirement.Sub(operatorStake)
	for s := range amounts {
		minimum, _, err := nodestakingtypes.ContributionBounds(open, uint32(s+1), params.MaxContributors) // #nosec G115 -- s < 9
		if err != nil {
			panic(err)
		}
		amounts[s], open = minimum, open.Sub(minimum)
	}
	return workload{
		msg:     "MsgContribute",
		genesis: testutil.WithoutUptimeTimeout,
		prepare: func(b *testing.B, c *testutil.Chain, blocks int) nextTx {
			nodes := (blocks*txsPerBlock + spots - 1) / spots
			keys := make([][]byte, 0, nodes)
			runBlocks(b, c, (nodes+txsPerBlock-1)/txsPerBlock, func(n, i int) (testutil.Account, sdk.Msg) {
				operator := c.Accounts[contributors+i]
				if len(keys) == nodes {
					// The last set-up block is topped up with plain sends.
					return operator, banktypes.NewMsgSend(operator.Address, operator.Address, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1)))
				}
				msg, _ := testutil.RegisterNodeMsg(b, c.ChainID, operator.Address, operatorStake, 1_000)
				keys = append(keys, msg.Pubkey)
				return operator, msg
			})
			return func(n, i int) (testutil.Account, sdk.Msg) {
				tx := n*txsPerBlock + i
				from := c.Accounts[tx%contributors]
				return from, &nodestakingtypes.MsgContribute{
					Contributor: from.Address.String(), Pubkey: keys[tx/spots],
					Amount: sdk.NewCoin(nodestakingtypes.Denom, amounts[tx%spots]),
				}
			}
		},
	}
}

// claimWorkload claims rewards that are owed: 100 active nodes, each of an
// operator (10,000 SESH, 10% fee) and three contributors (5,000 SESH each),
// earn every block, and every block each operator claims, which takes its
// share of what its node earned since its last claim and pays it.
func claimWorkload() workload {
	const nodes, perNode = txsPerBlock, 3
	return workload{
		msg:     "MsgClaimRewards",
		genesis: testutil.WithoutUptimeTimeout,
		prepare: func(b *testing.B, c *testutil.Chain, _ int) nextTx {
			operators, contributors := c.Accounts[:nodes], c.Accounts[nodes:]
			keys := make([][]byte, nodes)
			runBlocks(b, c, 1, func(_, i int) (testutil.Account, sdk.Msg) {
				msg, _ := testutil.RegisterNodeMsg(b, c.ChainID, operators[i].Address, testutil.SESH.MulRaw(10_000), 1_000)
				keys[i] = msg.Pubkey
				return operators[i], msg
			})
			runBlocks(b, c, perNode, func(n, i int) (testutil.Account, sdk.Msg) {
				from := contributors[i*perNode+n]
				return from, &nodestakingtypes.MsgContribute{
					Contributor: from.Address.String(), Pubkey: keys[i],
					Amount: sdk.NewCoin(nodestakingtypes.Denom, testutil.SESH.MulRaw(5_000)),
				}
			})
			c.NextBlock(blockInterval) // the nodes earn from the block after their activation
			return func(_, i int) (testutil.Account, sdk.Msg) {
				return operators[i], &nodestakingtypes.MsgClaimRewards{Claimant: operators[i].Address.String()}
			}
		},
		check: func(b *testing.B, res *abci.ExecTxResult) {
			b.Helper()
			paid := msgResponse[nodestakingtypes.MsgClaimRewardsResponse](b, res).Amount
			require.True(b, paid.IsPositive(), "every claim pays something, got %s", paid)
		},
	}
}

// fundPoolWorkload adds 1 SESH to the reward pool in every transaction.
func fundPoolWorkload() workload {
	return workload{
		msg: "MsgFundPool",
		prepare: func(_ *testing.B, c *testutil.Chain, _ int) nextTx {
			return func(_, i int) (testutil.Account, sdk.Msg) {
				return c.Accounts[i], &rewardpooltypes.MsgFundPool{
					Depositor: c.Accounts[i].Address.String(), Amount: sdk.NewCoin(rewardpooltypes.Denom, testutil.SESH),
				}
			}
		},
	}
}

// attestDepositWorkload has the chain's only validator, whose EVM key is
// registered, attest deposits in nonce order: with all the bonded power
// behind it, each attestation observes its deposit and mints it to an
// existing account.
func attestDepositWorkload() workload {
	evmSender := common.HexToAddress("0x71562b71999873DB5b286dF957af199Ec94617F7").Hex()
	return workload{
		msg: "MsgAttestDeposit",
		genesis: func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []testutil.Account) {
			params := bridgetypes.DefaultParams()
			params.EvmChainId, params.ContractAddress = 1337, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
			testutil.SetBridgeParams(t, cdc, genesis, params)
			testutil.OperateGenesisValidator(t, cdc, genesis, accounts[0].Address)
		},
		prepare: func(b *testing.B, c *testutil.Chain, _ int) nextTx {
			val := c.Accounts[0]
			res := c.Deliver(blockInterval, val, testutil.RegisterEvmKeyMsg(b, c.ChainID, val.Address, testutil.NewEvmKey(b, "bench validator")))
			require.Zero(b, res.Code, res.Log)
			return func(n, i int) (testutil.Account, sdk.Msg) {
				return val, &bridgetypes.MsgAttestDeposit{Validator: val.Address.String(), Claim: bridgetypes.DepositClaim{
					Nonce:     uint64(n*txsPerBlock + i + 1), // #nosec G115 -- positive
					EvmSender: evmSender, Recipient: c.Accounts[1+i%(txsPerBlock-1)].Address.String(), Amount: testutil.SESH,
				}}
			}
		},
		check: func(b *testing.B, res *abci.ExecTxResult) {
			b.Helper()
			require.True(b, msgResponse[bridgetypes.MsgAttestDepositResponse](b, res).Observed, "each attestation mints its deposit")
		},
	}
}

// benchName is the name of transaction i of block n of a names workload:
// 14 to 16 characters, so each pays the standard price.
func benchName(n, i int) string { return fmt.Sprintf("bench-%04d-%03d", n, i) }

// benchValue encrypts a Session ID under name's key, as a client does
// before it signs.
func benchValue(b *testing.B, name string, i int) []byte {
	b.Helper()
	id := sha256.Sum256(fmt.Appendf(nil, "session id %d", i))
	nonce := sha256.Sum256([]byte(name))
	enc, err := namestypes.EncryptValue(name, namestypes.Value{SessionID: append([]byte{namestypes.SessionIDPrefix}, id[:]...)},
		nonce[:namestypes.NonceSize])
	require.NoError(b, err)
	return enc
}

// registerNameWorkload registers a new name for a year in every
// transaction, paid at the price the one feeder set at genesis.
func registerNameWorkload() workload {
	return workload{
		msg:     "MsgRegisterName",
		genesis: priceGenesis,
		prepare: func(b *testing.B, c *testutil.Chain, _ int) nextTx {
			return func(n, i int) (testutil.Account, sdk.Msg) {
				name := benchName(n, i)
				return c.Accounts[i], &namestypes.MsgRegisterName{
					Owner: c.Accounts[i].Address.String(), Name: name, EncryptedValue: benchValue(b, name, i), Years: 1,
					MaxAmount: sdk.NewCoin(namestypes.Denom, testutil.SESH.MulRaw(1_000)),
				}
			}
		},
	}
}

// buyNameWorkload buys a listed name in every transaction: in blocks of
// its own, the first hundred accounts register and list the names, then
// the next hundred buy them, each with a value of its own.
func buyNameWorkload() workload {
	const sellers = txsPerBlock
	price := sdk.NewCoin(namestypes.Denom, testutil.SESH.MulRaw(50))
	return workload{
		msg:     "MsgBuyName",
		genesis: priceGenesis,
		prepare: func(b *testing.B, c *testutil.Chain, blocks int) nextTx {
			runBlocks(b, c, blocks, func(n, i int) (testutil.Account, sdk.Msg) {
				name, seller := benchName(n, i), c.Accounts[i]
				return seller, &namestypes.MsgRegisterName{
					Owner: seller.Address.String(), Name: name, EncryptedValue: benchValue(b, name, i), Years: 1,
					MaxAmount: sdk.NewCoin(namestypes.Denom, testutil.SESH.MulRaw(1_000)),
				}
			})
			runBlocks(b, c, blocks, func(n, i int) (testutil.Account, sdk.Msg) {
				seller := c.Accounts[i]
				return seller, &namestypes.MsgListName{Seller: seller.Address.String(), NameHash: namestypes.NameHashHex(benchName(n, i)), Price: price}
			})
			return func(n, i int) (testutil.Account, sdk.Msg) {
				name, buyer := benchName(n, i), c.Accounts[sellers+i]
				return buyer, &namestypes.MsgBuyName{
					Buyer: buyer.Address.String(), NameHash: namestypes.NameHashHex(name), MaxPrice: price,
					EncryptedValue: benchValue(b, name, sellers+i),
				}
			}
		},
		check: func(b *testing.B, res *abci.ExecTxResult) {
			b.Helper()
			require.Equal(b, testutil.SESH.MulRaw(50), msgResponse[namestypes.MsgBuyNameResponse](b, res).Price, "every purchase buys")
		},
	}
}
