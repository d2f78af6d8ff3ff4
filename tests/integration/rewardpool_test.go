// Package integration tests sessiond as a whole app: real modules, real
// transactions, blocks with chosen times.
package integration

import (
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/keeper"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

const day = 24 * time.Hour

func poolQuery(t *testing.T, c *testutil.Chain) *types.QueryPoolResponse {
	t.Helper()
	res, err := keeper.NewQueryServerImpl(c.App.RewardPoolKeeper).Pool(c.Ctx(), &types.QueryPoolRequest{})
	require.NoError(t, err)
	return res
}

func totalsQuery(t *testing.T, c *testutil.Chain) *types.QueryTotalsResponse {
	t.Helper()
	res, err := keeper.NewQueryServerImpl(c.App.RewardPoolKeeper).Totals(c.Ctx(), &types.QueryTotalsRequest{})
	require.NoError(t, err)
	return res
}

func inflow(res *types.QueryTotalsResponse, source string) math.Int {
	for _, in := range res.Inflows {
		if in.Source == source {
			return in.Amount
		}
	}
	return math.ZeroInt()
}

func requireConservation(t *testing.T, c *testutil.Chain) {
	t.Helper()
	require.NoError(t, c.App.RewardPoolKeeper.CheckConservation(c.Ctx()))
}

func countEvents(res *abci.ResponseFinalizeBlock, eventType string) int {
	n := 0
	for _, e := range res.Events {
		if e.Type == eventType {
			n++
		}
	}
	return n
}

func TestGenesisPoolStartsDayOne(t *testing.T) {
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(5 * time.Second)

	pool := poolQuery(t, c)
	require.Equal(t, testutil.SESH.MulRaw(40_000_000), pool.Balance)
	require.Equal(t, uint64(1), pool.Emission.Day)
	require.Equal(t, math.NewInt(16_547_945_205_479), pool.Emission.DayReward)
	require.Equal(t, testutil.DefaultChainOptions().GenesisTime, pool.Emission.DayStart)
	require.Equal(t, testutil.DefaultChainOptions().GenesisTime.Add(day), pool.Emission.DayEnd)
	require.Equal(t, testutil.SESH.MulRaw(40_000_000), inflow(totalsQuery(t, c), types.SourceGenesis))
	requireConservation(t, c)
}

// Without a recipient wired (x/nodestaking comes later) every block's share
// stays in the pool: days still roll over on time and are fully accounted.
func TestEmissionWithoutRecipientStaysInPool(t *testing.T) {
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(time.Second)
	start := poolQuery(t, c).Balance
	dayOneReward := math.NewInt(16_547_945_205_479)

	for _, dt := range []time.Duration{7 * time.Second, time.Hour, 13*time.Hour + 17*time.Minute, 10*time.Hour + 42*time.Minute} {
		c.NextBlock(dt)
		requireConservation(t, c)
	}
	pool := poolQuery(t, c)
	require.Equal(t, uint64(2), pool.Emission.Day, "the fourth block is past the end of day 1")
	require.Equal(t, start, pool.Balance, "nothing leaves the pool without a recipient")
	totals := totalsQuery(t, c)
	require.True(t, totals.TotalEmitted.IsZero())
	require.Equal(t, dayOneReward.Add(pool.Emission.DayEmitted), totals.TotalRetained)
	require.Equal(t, types.DayReward(start, types.DefaultAnnualRate), pool.Emission.DayReward)
}

func TestHaltPaysEachMissedDay(t *testing.T) {
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(time.Minute)

	res := c.NextBlock(3*day + 12*time.Hour - time.Minute)
	require.Equal(t, 3, countEvents(res, "sessionchain.rewardpool.v1.EventDayStarted"))
	pool := poolQuery(t, c)
	require.Equal(t, uint64(4), pool.Emission.Day)
	reward := math.NewInt(16_547_945_205_479)
	require.Equal(t, reward.MulRaw(3).Add(pool.Emission.DayEmitted), totalsQuery(t, c).TotalRetained)
	require.Equal(t, reward.QuoRaw(2), pool.Emission.DayEmitted, "half of day 4 has passed")
	requireConservation(t, c)
}

func TestFundPoolByTransaction(t *testing.T) {
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(time.Second)
	alice := c.Accounts[0]
	amount := testutil.SESH.MulRaw(1_000)
	before := poolQuery(t, c)
	aliceBefore := c.Balance(alice.Address)

	res := c.Deliver(time.Second, alice, &types.MsgFundPool{
		Depositor: alice.Address.String(),
		Amount:    sdk.NewCoin(types.Denom, amount),
	})

	require.Zero(t, res.Code, res.Log)
	after := poolQuery(t, c)
	require.Equal(t, before.Balance.Add(amount), after.Balance)
	require.Equal(t, aliceBefore.Sub(amount), c.Balance(alice.Address))
	require.Equal(t, amount, inflow(totalsQuery(t, c), types.SourceFund))
	require.Equal(t, before.Emission.DayReward, after.Emission.DayReward, "an inflow does not change today's reward")
	found := false
	for _, e := range res.Events {
		found = found || e.Type == "sessionchain.rewardpool.v1.EventPoolFunded"
	}
	require.True(t, found, "EventPoolFunded is emitted")
	requireConservation(t, c)

	c.NextBlock(day)
	require.Equal(t, types.DayReward(after.Balance, types.DefaultAnnualRate), poolQuery(t, c).Emission.DayReward,
		"the next day's reward includes the inflow")
}

func TestBadFundPoolLeavesStateUnchanged(t *testing.T) {
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(time.Second)
	alice := c.Accounts[0]

	for _, tc := range []struct {
		name   string
		amount sdk.Coin
		code   uint32
	}{
		{"zero", sdk.NewCoin(types.Denom, math.ZeroInt()), types.ErrInvalidAmount.ABCICode()},
		{"negative", sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-5)}, types.ErrInvalidAmount.ABCICode()},
		{"wrong denom", sdk.NewInt64Coin("stake", 5), types.ErrInvalidDenom.ABCICode()},
		{"more than the balance", sdk.NewCoin(types.Denom, testutil.SESH.MulRaw(2_000_000)), 5 /* sdk ErrInsufficientFunds */},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, totals := poolQuery(t, c), totalsQuery(t, c)
			aliceBefore := c.Balance(alice.Address)

			res := c.Deliver(time.Second, alice, &types.MsgFundPool{Depositor: alice.Address.String(), Amount: tc.amount})

			require.Equal(t, tc.code, res.Code, res.Log)
			if tc.code != 5 {
				require.Equal(t, types.ModuleName, res.Codespace)
			}
			require.Equal(t, before.Balance, poolQuery(t, c).Balance)
			require.Equal(t, totals.Inflows, totalsQuery(t, c).Inflows)
			require.Equal(t, aliceBefore, c.Balance(alice.Address))
		})
	}
}
