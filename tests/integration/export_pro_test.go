package integration

import (
	"context"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/sessiontoken/sessionchain/testutil"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// errSweepBlocked is what the test's send restriction answers while it
// refuses the pro module account's transfers.
var errSweepBlocked = errors.New("the test refuses sends from the pro module account")

// sweepBlocker refuses every transfer out of the pro module account while
// it is on: the way a whole-app test makes a block's sweep fail.
type sweepBlocker struct{ on bool }

func (b *sweepBlocker) restrict(_ context.Context, from, to sdk.AccAddress, _ sdk.Coins) (sdk.AccAddress, error) {
	if b.on && from.Equals(authtypes.NewModuleAddress(protypes.ModuleName)) {
		return nil, errSweepBlocked
	}
	return to, nil
}

// subscribeMsg is a one-month purchase for key paid by payer.
func subscribeMsg(payer sdk.AccAddress, key string) *protypes.MsgSubscribe {
	return &protypes.MsgSubscribe{
		Payer: payer.String(), SessionPubkey: key, PlanId: 1, MaxAmount: sdk.NewCoin(protypes.Denom, sesh(10_000)),
	}
}

// proRevenueState is what the pro revenue invariants read: the totals, the
// swept parts, the pool's Pro inflow and the three accounts' balances.
type proRevenueState struct {
	Revenue, Swept                   protypes.Revenue
	ProInflow, Held, Pool, Liquidity math.Int
}

func readProRevenue(t *testing.T, c *testutil.Chain) proRevenueState {
	t.Helper()
	ctx := c.Ctx()
	revenue, err := c.App.ProKeeper.Revenue.Get(ctx)
	require.NoError(t, err)
	swept, err := c.App.ProKeeper.Swept.Get(ctx)
	require.NoError(t, err)
	return proRevenueState{
		Revenue: revenue, Swept: swept,
		ProInflow: inflow(totalsQuery(t, c), rptypes.SourcePro),
		Held:      c.Balance(authtypes.NewModuleAddress(protypes.ModuleName)),
		Pool:      c.Balance(authtypes.NewModuleAddress(rptypes.PoolAccount)),
		Liquidity: c.Balance(authtypes.NewModuleAddress(protypes.LiquidityAccount)),
	}
}

// TestExportCarriesProRevenue exports a chain in each state its Pro revenue
// can be in when a block is committed, starts a new chain from the export,
// and requires that chain to hold every custom module's store as it was,
// keep every invariant (the chain helpers check them after each block), and
// go on exactly as the exported chain does: the revenue not yet swept is
// swept by the next block on both, to the nsesh.
func TestExportCarriesProRevenue(t *testing.T) {
	const otherKey = "1f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"
	cases := []struct {
		name string
		// act leaves the chain in the state to export; it returns whether
		// a purchase is still waiting for its sweep.
		act func(t *testing.T, c *testutil.Chain, blocker *sweepBlocker) (waiting bool)
	}{
		{
			name: "every purchase swept by its block",
			act: func(t *testing.T, c *testutil.Chain, _ *sweepBlocker) bool {
				res := c.Deliver(time.Second, c.Accounts[2], subscribeMsg(c.Accounts[2].Address, sessionKey))
				require.Zero(t, res.Code, res.Log)
				return false
			},
		},
		{
			name: "a purchase delivered after its block's EndBlock, as the simulations deliver",
			act: func(t *testing.T, c *testutil.Chain, _ *sweepBlocker) bool {
				require.NoError(t, c.DeliverAfterEndBlock(time.Second, c.Accounts[2], subscribeMsg(c.Accounts[2].Address, sessionKey)))
				return true
			},
		},
		{
			name: "a sweep that failed, waiting for a later block",
			act: func(t *testing.T, c *testutil.Chain, blocker *sweepBlocker) bool {
				blocker.on = true
				res := c.Deliver(time.Second, c.Accounts[2], subscribeMsg(c.Accounts[2].Address, sessionKey))
				require.Zero(t, res.Code, res.Log)
				res = c.Deliver(time.Second, c.Accounts[2], subscribeMsg(c.Accounts[2].Address, otherKey))
				require.Zero(t, res.Code, res.Log)
				return true
			},
		},
		{
			name: "a sweep that failed, then succeeded a block later",
			act: func(t *testing.T, c *testutil.Chain, blocker *sweepBlocker) bool {
				blocker.on = true
				res := c.Deliver(time.Second, c.Accounts[2], subscribeMsg(c.Accounts[2].Address, sessionKey))
				require.Zero(t, res.Code, res.Log)
				blocker.on = false
				res = c.Deliver(time.Second, c.Accounts[2], subscribeMsg(c.Accounts[2].Address, otherKey))
				require.Zero(t, res.Code, res.Log)
				return false
			},
		},
		{
			name: "a purchase through authz, paid by the granter",
			act: func(t *testing.T, c *testutil.Chain, _ *sweepBlocker) bool {
				granter, grantee := c.Accounts[2], c.Accounts[0]
				expiry := c.Time.Add(365 * day)
				grant, err := authz.NewMsgGrant(granter.Address, grantee.Address,
					authz.NewGenericAuthorization(sdk.MsgTypeURL(&protypes.MsgSubscribe{})), &expiry)
				require.NoError(t, err)
				res := c.Deliver(time.Second, granter, grant)
				require.Zero(t, res.Code, res.Log)
				inner, err := codectypes.NewAnyWithValue(subscribeMsg(granter.Address, sessionKey))
				require.NoError(t, err)
				res = c.Deliver(time.Second, grantee, &authz.MsgExec{Grantee: grantee.Address.String(), Msgs: []*codectypes.Any{inner}})
				require.Zero(t, res.Code, res.Log)
				return false
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := proChain(t)
			blocker := &sweepBlocker{}
			c.App.BankKeeper.AppendSendRestriction(blocker.restrict)
			waiting := tc.act(t, c, blocker)

			before := readProRevenue(t, c)
			require.True(t, before.Revenue.ToPool.IsPositive(), "the case bought Pro")
			require.Equal(t, waiting, before.Held.IsPositive(), "a purchase waits for its sweep: %+v", before)
			require.Equal(t, waiting, !before.Swept.ToPool.Equal(before.Revenue.ToPool), "swept %+v", before)

			restarted := testutil.RestartFromExport(t, c)
			// The imported state, before any block: what InitChain wrote.
			imported := restarted.App.NewContextLegacy(false, cmtproto.Header{ChainID: c.ChainID, Height: c.Height, Time: c.Time})
			for _, m := range customModules {
				want, got := moduleStore(t, c, m), storeContents(t, restarted, imported, m)
				if m == nstypes.ModuleName {
					// The testing period's end is derived again by the
					// first block after genesis.
					periodEnd := hex.EncodeToString(nstypes.PeriodEndKey)
					delete(want, periodEnd)
					delete(got, periodEnd)
				}
				require.Equal(t, want, got, "%s store after the round trip", m)
			}
			require.NoError(t, restarted.Invariants(imported), "invariants of the imported state")

			// The next block sweeps whatever waits, the same on both chains.
			blocker.on = false
			for _, chain := range []*testutil.Chain{c, restarted} {
				chain.NextBlock(time.Minute)
			}
			require.Equal(t, before.Revenue, readProRevenue(t, restarted).Revenue, "Pro revenue after the round trip")
			after := readProRevenue(t, c)
			require.Equal(t, after, readProRevenue(t, restarted), "the next block on both chains")
			require.True(t, after.Held.IsZero(), "everything swept: %+v", after)
			require.Equal(t, after.Revenue, after.Swept)
			require.Equal(t, after.Swept.ToPool, after.ProInflow)
			if waiting {
				require.Equal(t, before.Pool.Add(before.Revenue.ToPool.Sub(before.Swept.ToPool)).String(), after.Pool.String(),
					"the pool received the waiting pool parts (the next block emits nothing new: the day's reward is fixed at its start)")
			}
		})
	}
}
