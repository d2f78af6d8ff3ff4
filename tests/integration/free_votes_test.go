package integration

import (
	"crypto/ed25519"
	"encoding/json"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/testutil"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// A node with minimum gas prices takes into its mempool, without a fee, a
// transaction of quorum votes by a serving node that has not voted, up to
// max_free_votes_per_block per voter node a block; any other transaction
// without a fee it refuses (issue 19, item 5).
func TestZeroFeeVotesInTheMempool(t *testing.T) {
	opts := testutil.DefaultChainOptions()
	opts.BaseAppOptions = []func(*baseapp.BaseApp){baseapp.SetMinGasPrices("0.025" + app.BaseDenom)}
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, _ []testutil.Account) {
		testutil.SetNodeStakingParams(t, cdc, genesis, func(p *nstypes.Params) {
			p.HaltThreshold = 0
			p.MaxFreeVotesPerBlock = 2
			// Three nodes: quorums of two that can decide, so votes count.
			p.QuorumSize, p.QuorumThreshold = 2, 2
		})
	}
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	keys := registerNodes(t, c, c.Accounts)
	c.NextBlock(time.Hour)
	voter, sender := keys[0], c.Accounts[0]
	// CheckTx only: each check signs with the sequence the check state has
	// reached, which CheckTx moves on for what it admits.
	check := func(from testutil.Account, msgs ...sdk.Msg) *abci.ResponseCheckTx {
		t.Helper()
		res, err := c.App.CheckTx(&abci.RequestCheckTx{Tx: c.SignTx(from, msgs...), Type: abci.CheckTxType_New})
		require.NoError(t, err)
		return res
	}
	voteAbout := func(voter, tested ed25519.PrivateKey) sdk.Msg {
		return voteMsgNow(t, c, sender, voter, tested, nstypes.NODE_STATE_DECOMMISSIONED)
	}
	insufficientFee := sdkerrors.ErrInsufficientFee.ABCICode()

	res := check(sender, voteAbout(voter, keys[1]))
	require.Zero(t, res.Code, res.Log)
	send := &banktypes.MsgSend{FromAddress: c.Accounts[1].Address.String(), ToAddress: sender.Address.String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1))}
	require.Equal(t, insufficientFee, check(c.Accounts[1], send).Code, "other messages pay")
	require.Equal(t, insufficientFee, check(sender, voteAbout(testutil.NewNodeKey(t), keys[1])).Code, "an unregistered key pays")
	ownSend := &banktypes.MsgSend{FromAddress: sender.Address.String(), ToAddress: c.Accounts[1].Address.String(), Amount: send.Amount}
	require.Equal(t, insufficientFee, check(sender, voteAbout(voter, keys[1]), ownSend).Code, "a vote with another message pays")
	res = check(sender, voteAbout(voter, keys[2]))
	require.Zero(t, res.Code, res.Log)
	require.Equal(t, insufficientFee, check(sender, voteAbout(voter, keys[1])).Code, "the voter's third free vote of the block pays")
	res = check(c.Accounts[1], voteMsgNow(t, c, c.Accounts[1], keys[1], keys[2], nstypes.NODE_STATE_DECOMMISSIONED))
	require.Zero(t, res.Code, "another voter has its own: %s", res.Log)

	// A free transaction is small and plain (issue 19, finding 1).
	other := c.Accounts[2]
	plain := func(memo string, gas uint64, timeout uint64) []byte {
		acc := c.App.AccountKeeper.GetAccount(c.Ctx(), other.Address)
		bz, err := testutil.EncodeSignedTxWith(c.App.TxConfig(), c.ChainID, other.PrivKey, acc.GetAccountNumber(), acc.GetSequence(), gas, memo, timeout,
			voteMsgNow(t, c, other, keys[2], keys[0], nstypes.NODE_STATE_DECOMMISSIONED))
		require.NoError(t, err)
		return bz
	}
	checkBytes := func(tx []byte) uint32 {
		res, err := c.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
		require.NoError(t, err)
		return res.Code
	}
	require.Equal(t, insufficientFee, checkBytes(plain("", nstypes.DefaultMaxFreeVoteGas+1, 0)), "a gas limit above max_free_vote_gas pays")
	require.Equal(t, insufficientFee, checkBytes(plain("a memo", 200_000, 0)), "a memo pays")
	require.Equal(t, insufficientFee, checkBytes(plain("", 200_000, 1_000)), "a timeout pays")
	require.Zero(t, checkBytes(plain("", 200_000, 0)), "the same vote, plain, is free")
	// A vote the handler would refuse (here: about no node) is not free.
	require.Equal(t, insufficientFee, check(c.Accounts[1], voteMsgNow(t, c, c.Accounts[1], keys[1], testutil.NewNodeKey(t), nstypes.NODE_STATE_DECOMMISSIONED)).Code,
		"a vote the handler would refuse pays")

	// The next block counts afresh.
	c.NextBlock(time.Second)
	res = check(sender, voteAbout(voter, keys[2]))
	require.Zero(t, res.Code, res.Log)
}
