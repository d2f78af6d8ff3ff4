package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// queryResults is everything a client can read from the module.
type queryResults struct {
	Params        *types.QueryParamsResponse
	Subscriptions []*types.QuerySubscriptionResponse
	Price         *types.QueryPriceResponse
	Quote         *types.QueryQuoteResponse
	Plans         *types.QueryPlansResponse
	Revenue       *types.QueryRevenueResponse
	Revocations   *types.QueryRevocationsResponse
	// The entitlements a proof issuer reads.
	ProofStatus    []*types.QueryProofStatusResponse
	RevocationList *types.QueryRevocationListResponse
	IssuerKeys     []types.IssuerKey
}

func (f *fixture) queryAll(keys ...string) queryResults {
	f.t.Helper()
	var r queryResults
	var err error
	r.Params, err = f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(f.t, err)
	for _, k := range keys {
		r.Subscriptions = append(r.Subscriptions, f.subscription(k))
	}
	r.Price, err = f.queries.Price(f.ctx, &types.QueryPriceRequest{})
	require.NoError(f.t, err)
	r.Quote, err = f.queries.Quote(f.ctx, &types.QueryQuoteRequest{PlanId: planYear})
	require.NoError(f.t, err)
	r.Plans, err = f.queries.Plans(f.ctx, &types.QueryPlansRequest{})
	require.NoError(f.t, err)
	r.Revenue, err = f.queries.Revenue(f.ctx, &types.QueryRevenueRequest{})
	require.NoError(f.t, err)
	r.Revocations, err = f.queries.Revocations(f.ctx, &types.QueryRevocationsRequest{Pagination: &query.PageRequest{CountTotal: true}})
	require.NoError(f.t, err)
	for _, k := range keys {
		r.ProofStatus = append(r.ProofStatus, f.proofStatus(k))
	}
	r.RevocationList = f.revocationList(0, 0)
	r.IssuerKeys = f.issuerKeys()
	return r
}

// reimport exports f's state through JSON, as `sessiond export` does, and
// starts a new chain from it at f's block time, with f's liquidity balance
// (x/bank's genesis carries that).
func reimport(t *testing.T, f *fixture) (*fixture, *types.GenesisState) {
	t.Helper()
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	bz, err := cdc.MarshalJSON(exported)
	require.NoError(t, err)
	var gs types.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(bz, &gs))

	g := newFixture(t, withGenesis(&gs))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())
	g.bank.Mint(g.ctx, g.liquidityAddr, sdk.NewCoins(coin(f.balance(f.liquidityAddr))))
	return g, exported
}

func TestGenesisRoundTrip(t *testing.T) {
	// Arrange: prices (one stale), SESH and external subscriptions, a revoked
	// receipt, a stacked period, revenue.
	f := newFixture(t)
	require.NoError(t, f.submitPrice(feeders[2], dec("0.5")))
	f.advance(2 * time.Hour)
	require.NoError(t, f.submitPrice(feeders[0], dec("0.25")))
	require.NoError(t, f.submitPrice(feeders[1], dec("0.35")))
	_, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.NoError(t, err)
	require.NoError(t, f.record(processors[0], "r-1", sessionKey(2), planQuarter, 1_234_567))
	require.NoError(t, f.record(processors[1], "r-2", sessionKey(2), planYear, 7_654_321))
	require.NoError(t, f.record(processors[1], "r-3", sessionKey(3), planMonth, 11))
	require.NoError(t, f.record(processors[1], "r-4", sessionKey(5), planMonth, 11))
	require.NoError(t, f.registerIssuerKey(issuerPub(1), nil, nil))
	f.advance(10 * types.Day)
	require.NoError(t, f.revoke(processors[0], "r-1"))
	require.NoError(t, f.revoke(processors[1], "r-4"))
	require.NoError(t, f.registerIssuerKey(issuerPub(2), nil, nil))
	require.NoError(t, f.retireIssuerKey(&types.MsgRetireIssuerKey{Authority: f.authority, Pubkey: issuerPub(1)}))
	f.advance(time.Hour)
	require.NoError(t, f.submitPrice(feeders[0], dec("0.3")))
	keys := []string{sessionKey(1), sessionKey(2), sessionKey(3), sessionKey(4), sessionKey(5)}
	want := f.queryAll(keys...)
	require.Len(t, want.Price.Stale, 2)
	require.Len(t, want.Revocations.Receipts, 2)
	require.Len(t, want.RevocationList.Revocations, 2)
	require.True(t, want.ProofStatus[4].Revoked, "r-4 was sessionKey(5)'s only paid time")
	require.Len(t, want.IssuerKeys, 2)

	// Act
	g, exported := reimport(t, f)

	// Assert: the same answers, the same export, and the same behaviour after.
	require.Equal(t, want, g.queryAll(keys...))
	reexported, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, reexported)
	for _, c := range []*fixture{f, g} {
		require.ErrorIs(t, c.record(processors[0], "r-1", sessionKey(5), planMonth, 1), types.ErrDuplicateReceipt)
		require.ErrorIs(t, c.revoke(processors[0], "r-1"), types.ErrAlreadyRevoked)
		require.NoError(t, c.revoke(processors[1], "r-2"))
		require.ErrorIs(t, c.registerIssuerKey(issuerPub(2), nil, nil), types.ErrIssuerKeyExists)
	}
	require.Equal(t, uint64(3), g.revocationList(0, 0).LastTicket, "the ticket goes on counting after an import")
	require.Equal(t, f.queryAll(keys...), g.queryAll(keys...))
}

func TestInitGenesisRejectsInvalidState(t *testing.T) {
	gs := types.DefaultGenesis()
	gs.Prices = []types.PriceSubmission{{Feeder: outsider.String(), Price: math.LegacyOneDec(), SubmittedAt: genesisTime}}
	f := newFixture(t)

	err := f.k.InitGenesis(f.ctx, gs)

	require.ErrorIs(t, err, types.ErrInvalidGenesis)
}

// Governance removing a feeder leaves its last submission in the store; an
// export must still import.
func TestGenesisRoundTripAfterFeederRemoved(t *testing.T) {
	// Arrange
	f := newFixture(t)
	require.NoError(t, f.submitPrice(feeders[0], dec("0.25")))
	require.NoError(t, f.submitPrice(feeders[1], dec("0.35")))
	f.updateParams(func(p *types.Params) { p.Feeders = strs(feeders[1], feeders[2]) })
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)

	// Act
	err = exported.Validate()

	// Assert
	require.NoError(t, err, "an exported genesis must validate")
	g, _ := reimport(t, f)
	require.Equal(t, f.queryAll(sessionKey(1)).Price, g.queryAll(sessionKey(1)).Price)
}

// A purchase whose sweep has not run (a failed sweep waits for a later block)
// is exported as revenue not yet swept, and the pro module account's balance
// that x/bank's genesis carries must match it.
func TestGenesisCarriesRevenueNotYetSwept(t *testing.T) {
	// Arrange: one purchase swept, a second one not.
	f := newFixture(t)
	f.setPrice("0.25")
	_, err := f.subscribe(payers[0], sessionKey(1), planMonth, startingBalance)
	require.NoError(t, err)
	f.advance(time.Minute)
	_, err = f.subscribe(payers[1], sessionKey(2), planYear, startingBalance)
	require.NoError(t, err)
	held := f.balance(f.moduleAddr)
	require.True(t, held.IsPositive())

	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NotNil(t, exported.Swept)
	require.Equal(t, f.swept(), *exported.Swept)
	require.NotEqual(t, exported.Revenue, *exported.Swept)
	require.Equal(t, held, types.Unswept(exported.Revenue, *exported.Swept))

	// Act and assert: a chain whose pro account does not hold the waiting
	// parts refuses the genesis; one that does takes it and sweeps them as
	// the exporting chain does.
	g := newFixture(t)
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())
	err = g.k.InitGenesis(g.ctx, exported)
	require.ErrorIs(t, err, types.ErrInvalidGenesis)
	require.ErrorContains(t, err, "the revenue not yet swept is "+held.String())

	g.bank.Mint(g.ctx, g.moduleAddr, sdk.NewCoins(coin(held)))
	g.bank.Mint(g.ctx, g.liquidityAddr, sdk.NewCoins(coin(f.balance(f.liquidityAddr))))
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	require.Equal(t, f.swept(), g.swept())
	for _, c := range []*fixture{f, g} {
		c.endBlock()
		require.True(t, c.balance(c.moduleAddr).IsZero())
		require.Equal(t, c.revenue(), c.swept())
	}
	require.Equal(t, f.balance(f.liquidityAddr), g.balance(g.liquidityAddr))
}

// An export of a release that did not carry the swept totals imports as
// fully swept, which is what that release's InitGenesis assumed.
func TestGenesisWithoutSweptTotals(t *testing.T) {
	gs := types.DefaultGenesis()
	gs.Revenue = types.Revenue{ToPool: math.NewInt(9), ToLiquidity: math.NewInt(1), Purchases: 1}
	gs.Swept = nil
	f := newFixture(t, withGenesis(gs))

	require.Equal(t, gs.Revenue, f.swept())
}
