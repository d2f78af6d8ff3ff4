package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/sessiontoken/sessionchain/testutil"
)

// govAuthority is the gov module account, every module's authority.
var govAuthority = authtypes.NewModuleAddress(govtypes.ModuleName).String()

// submitProposal submits msgs as a governance proposal from proposer (who
// delegates to the chain's only validator) and votes yes; it returns the
// proposal id. The proposal passes when the voting period ends.
func submitProposal(t *testing.T, c *testutil.Chain, proposer testutil.Account, title string, msgs ...sdk.Msg) uint64 {
	t.Helper()
	anys := make([]*codectypes.Any, 0, len(msgs))
	for _, msg := range msgs {
		a, err := codectypes.NewAnyWithValue(msg)
		require.NoError(t, err)
		anys = append(anys, a)
	}
	res := c.Deliver(time.Second, proposer, &govv1.MsgSubmitProposal{
		Messages:       anys,
		InitialDeposit: sdk.NewCoins(sdk.NewCoin("nsesh", testutil.SESH)),
		Proposer:       proposer.Address.String(),
		Title:          title,
		Summary:        title,
	})
	require.Zero(t, res.Code, res.Log)
	id, err := c.App.GovKeeper.ProposalID.Peek(c.Ctx())
	require.NoError(t, err)
	id--
	res = c.Deliver(time.Second, proposer, &govv1.MsgVote{ProposalId: id, Voter: proposer.Address.String(), Option: govv1.OptionYes})
	require.Zero(t, res.Code, res.Log)
	return id
}

// votingPeriod is the default gov voting period.
func votingPeriod() time.Duration {
	return *govv1.DefaultParams().VotingPeriod
}

// requirePassed checks that a proposal passed.
func requirePassed(t *testing.T, c *testutil.Chain, id uint64) {
	t.Helper()
	proposal, err := c.App.GovKeeper.Proposals.Get(c.Ctx(), id)
	require.NoError(t, err)
	require.Equal(t, govv1.StatusPassed, proposal.Status, proposal.FailedReason)
}
