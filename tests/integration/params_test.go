package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

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
