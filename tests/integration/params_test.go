package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

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
	id := submitProposal(t, c, alice, "Raise the annual rate", &types.MsgUpdateParams{Authority: govAuthority, Params: newParams})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
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
	msgServer := c.App.MsgServiceRouter().Handler(&types.MsgUpdateParams{})
	require.NotNil(t, msgServer)

	for _, rate := range []string{"0", "1", "1.5", "-0.1"} {
		p := types.DefaultParams()
		p.AnnualRate = math.LegacyMustNewDecFromStr(rate)
		ctx := c.Ctx()
		_, err := msgServer(ctx, &types.MsgUpdateParams{Authority: govAuthority, Params: p})
		require.ErrorIs(t, err, types.ErrInvalidParams, "rate %s", rate)
		params, err := c.App.RewardPoolKeeper.Params.Get(c.Ctx())
		require.NoError(t, err)
		require.Equal(t, types.DefaultParams(), params)
	}
}

// TestChainWideAuthority: when the consensus params name a chain-wide
// authority, the custom modules accept it in place of gov, as the SDK's
// modules do, and refuse gov.
func TestChainWideAuthority(t *testing.T) {
	opts := testutil.DefaultChainOptions()
	opts.Authority = func(accounts []testutil.Account) string { return accounts[1].Address.String() }
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	alice, council := c.Accounts[0], c.Accounts[1]
	newParams := types.DefaultParams()
	newParams.AnnualRate = math.LegacyNewDecWithPrec(2, 1)

	// A passed proposal cannot change them: gov is not the authority now.
	id := submitProposal(t, c, alice, "Raise the annual rate", &types.MsgUpdateParams{Authority: govAuthority, Params: newParams})
	c.NextBlock(votingPeriod() + time.Minute)
	proposal, err := c.App.GovKeeper.Proposals.Get(c.Ctx(), id)
	require.NoError(t, err)
	require.Equal(t, govv1.StatusFailed, proposal.Status)
	require.Contains(t, proposal.FailedReason, "expected "+council.Address.String())
	params, err := c.App.RewardPoolKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params)

	res := c.Deliver(time.Second, council, &types.MsgUpdateParams{Authority: council.Address.String(), Params: newParams})
	require.Zero(t, res.Code, res.Log)
	params, err = c.App.RewardPoolKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, newParams, params)
}
