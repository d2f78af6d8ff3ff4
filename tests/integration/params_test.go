package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func TestUpdateParamsOnlyByGovernance(t *testing.T) {
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(time.Second)
	alice := c.Accounts[0]
	newParams := types.DefaultParams()
	newParams.AnnualRate = math.LegacyNewDecWithPrec(2, 1)

	// Anyone but the authority is refused, and the params stay.
	res := c.Deliver(time.Second, alice, &types.MsgUpdateParams{Authority: alice.Address.String(), Params: newParams})
	require.Equal(t, types.ErrInvalidAuthority.ABCICode(), res.Code, res.Log)
	require.Equal(t, types.ModuleName, res.Codespace)
	params, err := c.App.RewardPoolKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params)

	// A passed governance proposal changes them. Alice delegates to the only
	// validator, so her vote decides.
	govAddr := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	msgAny, err := codectypes.NewAnyWithValue(&types.MsgUpdateParams{Authority: govAddr, Params: newParams})
	require.NoError(t, err)
	res = c.Deliver(time.Second, alice, &govv1.MsgSubmitProposal{
		Messages:       []*codectypes.Any{msgAny},
		InitialDeposit: sdk.NewCoins(sdk.NewCoin(types.Denom, testutil.SESH)),
		Proposer:       alice.Address.String(),
		Title:          "Raise the annual rate",
		Summary:        "Pay 20% a year, spread daily.",
	})
	require.Zero(t, res.Code, res.Log)
	res = c.Deliver(time.Second, alice, &govv1.MsgVote{ProposalId: 1, Voter: alice.Address.String(), Option: govv1.OptionYes})
	require.Zero(t, res.Code, res.Log)

	votingPeriod := *govv1.DefaultParams().VotingPeriod
	c.NextBlock(votingPeriod + time.Minute)

	proposal, err := c.App.GovKeeper.Proposals.Get(c.Ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, govv1.StatusPassed, proposal.Status, proposal.FailedReason)
	params, err = c.App.RewardPoolKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, newParams, params)

	// The new rate applies from the next day that starts.
	before := poolQuery(t, c).Emission
	c.NextBlock(before.DayEnd.Sub(c.Time))
	after := poolQuery(t, c).Emission
	require.Equal(t, before.Day+1, after.Day)
	require.Equal(t, types.DayReward(after.DayStartBalance, newParams.AnnualRate), after.DayReward)
}

func TestUpdateParamsRejectsInvalidParams(t *testing.T) {
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(time.Second)
	govAddr := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	msgServer := c.App.MsgServiceRouter().Handler(&types.MsgUpdateParams{})
	require.NotNil(t, msgServer)

	for _, rate := range []string{"0", "1", "1.5", "-0.1"} {
		p := types.DefaultParams()
		p.AnnualRate = math.LegacyMustNewDecFromStr(rate)
		ctx := c.Ctx()
		_, err := msgServer(ctx, &types.MsgUpdateParams{Authority: govAddr, Params: p})
		require.ErrorIs(t, err, types.ErrInvalidParams, "rate %s", rate)
		params, err := c.App.RewardPoolKeeper.Params.Get(c.Ctx())
		require.NoError(t, err)
		require.Equal(t, types.DefaultParams(), params)
	}
}
