package integration

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestFreeVoteTxGas measures a free transaction of max_free_votes_per_block
// (4) votes by one voter, each the first of its quorum (it draws and stores
// the quorum): the figures types.DefaultMaxFreeVoteGas and
// DefaultMaxFreeVoteTxBytes are chosen from, with margin. The transaction
// must be free and succeed within the defaults.
func TestFreeVoteTxGas(t *testing.T) {
	opts := testutil.DefaultChainOptions()
	opts.Accounts = 12
	opts.EditGenesis = func(t testing.TB, cdc codec.Codec, genesis map[string]json.RawMessage, _ []testutil.Account) {
		testutil.SetNodeStakingParams(t, cdc, genesis, func(p *nstypes.Params) { p.HaltThreshold = 0 })
	}
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	keys := registerNodes(t, c, c.Accounts)
	c.NextBlock(time.Hour)
	voter, sender := keys[0], c.Accounts[0]
	params, err := c.App.NodeStakingKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	period := nstypes.Period(c.Time, params.TestingPeriod)
	var msgs []sdk.Msg
	for _, tested := range keys[1:] {
		q, _, err := c.App.NodeStakingKeeper.Liveness.QuorumFor(c.Ctx(), period, nodeID(tested), params)
		require.NoError(t, err)
		if len(msgs) < 4 && slices.Contains(q.Members, nodeID(voter)) {
			msgs = append(msgs, voteMsgNow(t, c, sender, voter, tested, nstypes.NODE_STATE_DECOMMISSIONED))
		}
	}
	require.Len(t, msgs, 4)
	for _, msg := range msgs {
		_, free, err := c.App.NodeStakingKeeper.Liveness.FreeVote(c.Ctx(), msg.(*nstypes.MsgNodeStateVote), params)
		require.NoError(t, err)
		require.True(t, free)
	}
	tx := c.SignTx(sender, msgs...)

	res := c.NextBlock(time.Second, tx)

	require.Len(t, res.TxResults, 1)
	r := res.TxResults[0]
	require.Zero(t, r.Code, r.Log)
	t.Logf("a free transaction of 4 votes: %d gas used, %d bytes", r.GasUsed, len(tx))
	require.LessOrEqual(t, uint64(r.GasUsed)*2, nstypes.DefaultMaxFreeVoteGas, "the default leaves twice the gas measured")
	require.LessOrEqual(t, len(tx)*2, int(nstypes.DefaultMaxFreeVoteTxBytes), "the default leaves twice the size measured")
}
