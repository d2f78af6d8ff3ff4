// Package testutil holds shared test fixtures: an in-memory sessiond app
// driven block by block, with funded accounts and a funded reward pool.
package testutil

import (
	"encoding/json"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	coreheader "cosmossdk.io/core/header"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sims "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/app/invariants"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// SESH is one SESH in nsesh.
var SESH = math.NewInt(1_000_000_000)

// Account is a funded genesis account whose key the test holds.
type Account struct {
	PrivKey cryptotypes.PrivKey
	Address sdk.AccAddress
}

// ChainOptions configure NewChain.
type ChainOptions struct {
	// ChainID of the test chain.
	ChainID string
	// GenesisTime is the genesis time; day 1 of the pool starts there.
	GenesisTime time.Time
	// PoolFunds are the pool's tokens at genesis, in nsesh.
	PoolFunds math.Int
	// Accounts is how many funded accounts to create.
	Accounts int
	// AccountFunds is each account's balance, in nsesh.
	AccountFunds math.Int
	// Authority, if set, returns the chain-wide authority of the consensus
	// params (by default the gov account), which every module accepts in
	// place of its own; accounts are the funded accounts created for the
	// chain.
	Authority func(accounts []Account) string
	// EditGenesis, if set, changes the genesis app state before InitChain;
	// accounts are the funded accounts created for the chain.
	EditGenesis func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, accounts []Account)
	// DB, if set, is the database the app keeps its state in, in place of
	// an in-memory one: benchmarks give it the goleveldb a node runs on.
	DB dbm.DB
	// BaseAppOptions are passed to app.New: minimum gas prices for the
	// mempool (CheckTx), for example.
	BaseAppOptions []func(*baseapp.BaseApp)
	// Home, if set, is the node's home directory, where x/upgrade writes
	// the plan a binary halts for (data/upgrade-info.json) and the next
	// binary reads it; by default a temporary directory of the test.
	Home string
}

// DefaultChainOptions is a chain with the design's 40,000,000 SESH pool and
// three accounts holding 1,000,000 SESH each.
func DefaultChainOptions() ChainOptions {
	return ChainOptions{
		ChainID:      "sessiond-test-1",
		GenesisTime:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		PoolFunds:    SESH.MulRaw(40_000_000),
		Accounts:     3,
		AccountFunds: SESH.MulRaw(1_000_000),
	}
}

// Chain is an in-memory sessiond app with one validator, advanced block by
// block with explicit block times. Every block it commits must keep the
// conservation invariants (app/invariants).
type Chain struct {
	t        testing.TB
	App      *app.App
	ChainID  string
	Height   int64
	Time     time.Time
	Accounts []Account

	db      dbm.DB
	appOpts servertypes.AppOptions

	baseline invariants.Baseline
	tally    *invariants.Tally
}

// NewChain builds the app, runs InitChain at opts.GenesisTime and commits
// nothing else: the first block is up to the test.
func NewChain(t testing.TB, opts ChainOptions) *Chain {
	t.Helper()
	db := opts.DB
	if db == nil {
		db = dbm.NewMemDB()
	}
	// x/upgrade writes a scheduled upgrade's plan under the home: a test's
	// own directory, never the package's (which is in the repository).
	home := opts.Home
	if home == "" {
		home = t.TempDir()
	}
	var appOpts servertypes.AppOptions = sims.AppOptionsMap{flags.FlagHome: home}
	a, err := app.New(log.NewNopLogger(), db, true, appOpts, append([]func(*baseapp.BaseApp){baseapp.SetChainID(opts.ChainID)}, opts.BaseAppOptions...)...)
	require.NoError(t, err)

	c := &Chain{t: t, App: a, ChainID: opts.ChainID, Time: opts.GenesisTime, db: db, appOpts: appOpts}
	genAccs := make([]authtypes.GenesisAccount, 0, opts.Accounts)
	balances := make([]banktypes.Balance, 0, opts.Accounts+1)
	for range opts.Accounts {
		priv := secp256k1.GenPrivKey()
		addr := sdk.AccAddress(priv.PubKey().Address())
		c.Accounts = append(c.Accounts, Account{PrivKey: priv, Address: addr})
		genAccs = append(genAccs, authtypes.NewBaseAccount(addr, priv.PubKey(), 0, 0))
		balances = append(balances, banktypes.Balance{
			Address: addr.String(),
			Coins:   sdk.NewCoins(sdk.NewCoin(app.BaseDenom, opts.AccountFunds)),
		})
	}
	if opts.PoolFunds.IsPositive() {
		balances = append(balances, banktypes.Balance{
			Address: authtypes.NewModuleAddress(rewardpooltypes.PoolAccount).String(),
			Coins:   sdk.NewCoins(sdk.NewCoin(app.BaseDenom, opts.PoolFunds)),
		})
	}

	valSet, err := sims.CreateRandomValidatorSet()
	require.NoError(t, err)
	genesis, err := sims.GenesisStateWithValSet(a.AppCodec(), a.DefaultGenesis(), valSet, genAccs, balances...)
	require.NoError(t, err)
	if opts.EditGenesis != nil {
		opts.EditGenesis(t, a.AppCodec(), genesis, c.Accounts)
	}
	stateBytes, err := json.Marshal(genesis)
	require.NoError(t, err)

	_, err = a.InitChain(&abci.RequestInitChain{
		ChainId:         opts.ChainID,
		Time:            opts.GenesisTime,
		ConsensusParams: consensusParams(authorityOf(opts, c.Accounts)),
		AppStateBytes:   stateBytes,
		InitialHeight:   1,
	})
	require.NoError(t, err)
	c.startInvariants()
	return c
}

// startInvariants takes the baseline the supply and liquidity invariants
// count from: the state InitChain left, not committed yet.
func (c *Chain) startInvariants() {
	c.t.Helper()
	ctx := c.App.NewContextLegacy(false, cmtproto.Header{ChainID: c.ChainID, Height: c.Height, Time: c.Time})
	base, err := invariants.NewBaseline(ctx, c.App)
	require.NoError(c.t, err)
	c.baseline, c.tally = base, invariants.NewTally()
}

// CheckInvariants checks the conservation invariants against the state the
// last block committed; NextBlock does after every block.
func (c *Chain) CheckInvariants() {
	c.t.Helper()
	require.NoError(c.t, c.Invariants(c.Ctx()), "invariants at height %d", c.Height)
}

// Invariants returns the conservation invariants that ctx's state breaks,
// counted from the chain's genesis.
func (c *Chain) Invariants(ctx sdk.Context) error {
	return invariants.Check(ctx, c.App, c.baseline, c.tally)
}

// NextBlock finalizes and commits a block dt after the previous one (or
// after genesis) holding txs, checks the invariants, and returns its result.
func (c *Chain) NextBlock(dt time.Duration, txs ...[]byte) *abci.ResponseFinalizeBlock {
	c.t.Helper()
	res := c.FinalizeAndCommit(dt, txs...)
	c.Record(res)
	c.CheckInvariants()
	return res
}

// FinalizeAndCommit finalizes and commits a block dt after the previous one
// holding txs and returns its result, leaving the invariants to the caller:
// what a validator's node does, for benchmarks that time the app alone. The
// caller passes every block to Record, in order, before it next checks the
// invariants.
func (c *Chain) FinalizeAndCommit(dt time.Duration, txs ...[]byte) *abci.ResponseFinalizeBlock {
	c.t.Helper()
	c.Height++
	c.Time = c.Time.Add(dt)
	res, err := c.App.FinalizeBlock(&abci.RequestFinalizeBlock{Height: c.Height, Time: c.Time, Txs: txs})
	require.NoError(c.t, err)
	_, err = c.App.Commit()
	require.NoError(c.t, err)
	return res
}

// Record counts a committed block's burns and liquidity spends in the tally
// the conservation invariants check against.
func (c *Chain) Record(res *abci.ResponseFinalizeBlock) {
	c.t.Helper()
	require.NoError(c.t, c.tally.AddBlock(res))
}

// TryNextBlock finalizes a block dt after the previous one, commits nothing
// and returns FinalizeBlock's error: what a node does at a height its
// binary refuses, such as an upgrade it has no handler for. The chain's
// height and time stay where they were.
func (c *Chain) TryNextBlock(dt time.Duration) error {
	_, err := c.App.FinalizeBlock(&abci.RequestFinalizeBlock{Height: c.Height + 1, Time: c.Time.Add(dt)})
	return err
}

// Restart replaces the app with a new one on the same database, loaded at
// the last committed height: a node restarted, possibly with another
// binary.
func (c *Chain) Restart() {
	c.t.Helper()
	require.NoError(c.t, c.TryRestart())
}

// TryRestart is Restart returning the error of a binary that cannot load
// the state, which then stays with the app it had.
func (c *Chain) TryRestart() error {
	a, err := app.New(log.NewNopLogger(), c.db, true, c.appOpts, baseapp.SetChainID(c.ChainID))
	if err != nil {
		return err
	}
	c.App = a
	return nil
}

// DB returns the database the app keeps its state in.
func (c *Chain) DB() dbm.DB { return c.db }

// Ctx returns a context for reading the state committed by the last block
// (the check state, which Commit resets to it). Writes to it are not kept.
func (c *Chain) Ctx() sdk.Context {
	header := cmtproto.Header{ChainID: c.ChainID, Height: c.Height, Time: c.Time}
	return c.App.NewContextLegacy(true, header).
		WithHeaderInfo(coreheader.Info{ChainID: c.ChainID, Height: c.Height, Time: c.Time})
}

// LastBlock returns the last committed block's height and the app hash the
// chain reached there: the block an uptime proof names, as node software
// reads it from CometBFT's abci_info.
func (c *Chain) LastBlock() (int64, []byte) {
	return c.App.LastBlockHeight(), c.App.LastCommitID().Hash
}

// SignTx signs msgs as from, with its current account number and sequence.
func (c *Chain) SignTx(from Account, msgs ...sdk.Msg) []byte {
	c.t.Helper()
	acc := c.App.AccountKeeper.GetAccount(c.Ctx(), from.Address)
	require.NotNil(c.t, acc, "account %s does not exist", from.Address)
	return c.SignTxAt(from, acc.GetAccountNumber(), acc.GetSequence(), msgs...)
}

// SignTxAt signs msgs as from with the given account number and sequence:
// for transactions signed ahead of the blocks that carry them, where the
// sequence is the account's current one plus the transactions it signed
// before. The transaction has no memo and no fee, and a 1,000,000 gas limit.
func (c *Chain) SignTxAt(from Account, number, sequence uint64, msgs ...sdk.Msg) []byte {
	c.t.Helper()
	bz, err := EncodeSignedTx(c.App.TxConfig(), c.ChainID, from.PrivKey, number, sequence, 1_000_000, nil, msgs...)
	require.NoError(c.t, err)
	return bz
}

// Deliver signs msgs as from, puts them in a block dt after the last one
// and returns the transaction's result.
func (c *Chain) Deliver(dt time.Duration, from Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	c.t.Helper()
	res := c.NextBlock(dt, c.SignTx(from, msgs...))
	require.Len(c.t, res.TxResults, 1)
	return res.TxResults[0]
}

// DeliverAfterEndBlock finalizes a block dt after the last one, then runs
// msgs signed by from on that block's state after its EndBlock, and commits:
// what the simulations do with every transaction they send. A node never
// does it; tests use it for state that only a failed or skipped end-of-block
// step leaves, such as a Pro purchase not yet swept.
func (c *Chain) DeliverAfterEndBlock(dt time.Duration, from Account, msgs ...sdk.Msg) error {
	c.t.Helper()
	acc := c.App.AccountKeeper.GetAccount(c.Ctx(), from.Address)
	require.NotNil(c.t, acc, "account %s does not exist", from.Address)
	bz := c.SignTxAt(from, acc.GetAccountNumber(), acc.GetSequence(), msgs...)
	tx, err := c.App.TxConfig().TxDecoder()(bz)
	require.NoError(c.t, err)

	c.Height++
	c.Time = c.Time.Add(dt)
	res, err := c.App.FinalizeBlock(&abci.RequestFinalizeBlock{Height: c.Height, Time: c.Time})
	require.NoError(c.t, err)
	_, _, deliverErr := c.App.SimDeliver(c.App.TxConfig().TxEncoder(), tx)
	c.App.SimWriteState()
	_, err = c.App.Commit()
	require.NoError(c.t, err)
	c.Record(res)
	c.CheckInvariants()
	return deliverErr
}

// Balance returns addr's balance in nsesh.
func (c *Chain) Balance(addr sdk.AccAddress) math.Int {
	return c.App.BankKeeper.GetBalance(c.Ctx(), addr, app.BaseDenom).Amount
}

// authorityOf returns the chain-wide authority opts ask for, "" for the
// default.
func authorityOf(opts ChainOptions, accounts []Account) string {
	if opts.Authority == nil {
		return ""
	}
	return opts.Authority(accounts)
}

// consensusParams are the SDK's test consensus params with the chain-wide
// authority override set to authority, or to the gov account spelled with
// this chain's prefix: the SDK's copy names it cosmos1…, which x/upgrade
// and the other modules would then require of every proposal's messages.
func consensusParams(authority string) *cmtproto.ConsensusParams {
	if authority == "" {
		authority = authtypes.NewModuleAddress(govtypes.ModuleName).String()
	}
	params := *sims.DefaultConsensusParams
	params.Authority = &cmtproto.AuthorityParams{Authority: authority}
	return &params
}
