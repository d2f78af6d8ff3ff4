package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/sessiontoken/sessionchain/testutil"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// TestProtocolLiquidityLockedFiveYears runs through governance what the
// lock allows: a chain whose genesis leaves the lock unset holds its
// protocol-owned liquidity for five years from genesis; a proposal to spend
// it before fails and moves nothing, one to move the lock earlier fails, and
// the same spend passes once the lock's time has come.
func TestProtocolLiquidityLockedFiveYears(t *testing.T) {
	c := proChain(t)
	params, err := c.App.ProKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	genesis := testutil.DefaultChainOptions().GenesisTime
	require.Equal(t, genesis.AddDate(5, 0, 0).UTC(), params.LiquidityLockedUntil.UTC())

	res := c.Deliver(time.Second, c.Accounts[2], subscribeMsg(c.Accounts[2].Address, sessionKey))
	require.Zero(t, res.Code, res.Log)
	liquidity := authtypes.NewModuleAddress(protypes.LiquidityAccount)
	held := c.Balance(liquidity)
	require.True(t, held.IsPositive())
	recipient := c.Accounts[1]
	spend := &protypes.MsgSpendProtocolLiquidity{Authority: govAuthority, Recipient: recipient.Address.String(), Amount: sdk.NewCoin(protypes.Denom, held)}

	proposalStatus := func(id uint64) (govv1.ProposalStatus, string) {
		t.Helper()
		p, err := c.App.GovKeeper.Proposals.Get(c.Ctx(), id)
		require.NoError(t, err)
		return p.Status, p.FailedReason
	}
	// A spend before the lock's time fails and moves nothing.
	before := c.Balance(recipient.Address)
	id := submitProposal(t, c, c.Accounts[0], "spend early", spend)
	c.NextBlock(votingPeriod())
	status, reason := proposalStatus(id)
	require.Equal(t, govv1.StatusFailed, status)
	require.Contains(t, reason, "protocol-owned liquidity is locked")
	require.Equal(t, held, c.Balance(liquidity))
	require.Equal(t, before, c.Balance(recipient.Address))

	// Moving the lock earlier fails too.
	earlier := params
	earlier.LiquidityLockedUntil = c.Time
	id = submitProposal(t, c, c.Accounts[0], "unlock early", &protypes.MsgUpdateParams{Authority: govAuthority, Params: earlier})
	c.NextBlock(votingPeriod())
	status, reason = proposalStatus(id)
	require.Equal(t, govv1.StatusFailed, status)
	require.Contains(t, reason, "can only move later")

	// Five years on, the same spend passes.
	for c.Time.Before(params.LiquidityLockedUntil) {
		c.NextBlock(30 * 24 * time.Hour)
	}
	before = c.Balance(recipient.Address)
	id = submitProposal(t, c, c.Accounts[0], "spend after the lock", spend)
	c.NextBlock(votingPeriod())
	requirePassed(t, c, id)
	require.True(t, c.Balance(liquidity).IsZero())
	require.Equal(t, before.Add(held), c.Balance(recipient.Address))
}
