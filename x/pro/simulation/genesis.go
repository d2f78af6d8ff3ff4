// Package simulation holds the pro module's part of the app simulation: a
// random genesis with feeders, processors and plans the accounts can pay
// for, weighted operations for prices, purchases, recorded and revoked
// external payments, and the governance proposals for the authority's
// messages.
package simulation

import (
	"math/rand"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Keys of the random genesis values, which a simulation params file may set.
const (
	GenesisParams = "pro_params"
	GenesisPrice  = "pro_reference_price"
)

// nseshPerSesh converts SESH to nsesh.
const nseshPerSesh = 1_000_000_000

// randomPrice is a SESH price in USD between 0.01 and 10.
func randomPrice(r *rand.Rand) math.LegacyDec {
	return math.LegacyNewDecWithPrec(int64(1+r.Intn(1_000)), 2)
}

// randomPlans returns one to three plans from a day to a year and a half,
// each costing a 200th to a fifth of balance at price.
func randomPlans(r *rand.Rand, balance math.Int, price math.LegacyDec) []types.Plan {
	plans := make([]types.Plan, 1+r.Intn(3))
	for i := range plans {
		cost := math.LegacyNewDecFromInt(balance).MulInt64(int64(1 + r.Intn(40))).QuoInt64(200)
		microUSD := cost.Mul(price).QuoInt64(nseshPerSesh).MulInt64(1_000_000).TruncateInt()
		plans[i] = types.Plan{
			Id:       uint32(i + 1), //nolint:gosec // at most 3
			Name:     "simulated plan",
			Duration: time.Duration(1+r.Intn(540)) * types.Day,
			PriceUsd: max(microUSD.Uint64(), 1),
			// A processor pays at least a tenth of the plan's cost, or less.
			MinReceiptAmount: simutil.IntBetween(r, math.OneInt(), cost.TruncateInt().QuoRaw(10).AddRaw(1)),
		}
	}
	return plans
}

// randomAccounts returns one to n distinct random accounts' addresses.
func randomAccounts(r *rand.Rand, accs []simtypes.Account, n int) []string {
	out := []string{}
	for _, i := range r.Perm(len(accs))[:min(len(accs), 1+r.Intn(n))] {
		out = append(out, accs[i].Address.String())
	}
	return out
}

// RandomParams returns valid random params: feeders and processors among
// the simulation's accounts, and plans.
func RandomParams(r *rand.Rand, accs []simtypes.Account, plans []types.Plan) types.Params {
	feeders := randomAccounts(r, accs, 4)
	share := uint32(types.DefaultPoolShareBps)
	if r.Intn(3) == 0 {
		share = uint32(r.Intn(types.BasisPoints + 1)) //nolint:gosec // 0 to 10000
	}
	maxAge := time.Duration(1+r.Intn(7*24)) * time.Hour
	return types.Params{
		Plans:        plans,
		Feeders:      feeders,
		MinFeeders:   uint32(1 + r.Intn(len(feeders))), //nolint:gosec // at most 4
		MaxPriceAge:  maxAge,
		MaxPriceUsd:  uint64(maxPrice + r.Intn(1_000_000)), //nolint:gosec // positive
		Processors:   randomAccounts(r, accs, 3),
		PoolShareBps: share,

		MaxSourceDelay:    min(time.Duration(1+r.Intn(120))*time.Minute, maxAge),
		PriceWindow:       time.Duration(1+r.Intn(6*60)) * time.Minute,
		MaxPriceChangeBps: uint32(500 + r.Intn(types.BasisPoints-500+1)), //nolint:gosec // 500 to 10000
		// The simulated prices lie between 0.01 and 100 USD.
		PriceFloor:          math.LegacyNewDecWithPrec(1, 3),
		PriceCeiling:        math.LegacyNewDec(maxPrice),
		GracePeriod:         time.Duration(r.Intn(48)) * time.Hour,
		RevocationDelay:     time.Duration(1+r.Intn(72)) * time.Hour,
		RevocationRetention: types.MaxProofLifetime + time.Duration(r.Intn(30))*types.Day,
	}
}

// RandomizedGenState generates the pro genesis: random params whose plans
// cost a little of an account's initial balance at a reference price, and
// at genesis a price from some feeders near that reference.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	var price math.LegacyDec
	simState.AppParams.GetOrGenerate(GenesisPrice, &price, simState.Rand, func(r *rand.Rand) { price = randomPrice(r) })
	simState.AppParams.GetOrGenerate(GenesisParams, &gs.Params, simState.Rand, func(r *rand.Rand) {
		gs.Params = RandomParams(r, simState.Accounts, randomPlans(r, simState.InitialStake, price))
		// Locked for up to 30 days, so that the simulated spends meet the
		// lock and then pass it.
		gs.Params.LiquidityLockedUntil = simState.GenTimestamp.Add(time.Duration(r.Int63n(int64(30 * types.Day))))
	})
	for _, feeder := range gs.Params.Feeders {
		if simState.Rand.Intn(2) == 0 {
			gs.Prices = append(gs.Prices, types.PriceSubmission{
				Feeder: feeder, Price: near(simState.Rand, price), SubmittedAt: simState.GenTimestamp, SourceTime: simState.GenTimestamp,
			})
		}
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// near returns price moved by up to 20% either way.
func near(r *rand.Rand, price math.LegacyDec) math.LegacyDec {
	moved := price.MulInt64(int64(80 + r.Intn(41))).QuoInt64(100)
	if !moved.IsPositive() {
		return math.LegacyNewDecWithPrec(1, 2)
	}
	return moved
}
