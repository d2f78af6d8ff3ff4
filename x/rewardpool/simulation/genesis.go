// Package simulation holds the rewardpool module's part of the app
// simulation: a random genesis, the weighted operations that fund the pool,
// and the governance proposals that change its params.
package simulation

import (
	"math/rand"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Keys of the random genesis values, which a simulation params file may set.
const (
	AnnualRate     = "annual_rate"
	DayLength      = "day_length"
	MaxCatchupDays = "max_catchup_days"
	PoolFunds      = "pool_funds"
)

// RandomParams returns valid random params. Days are sometimes much shorter
// than a day, so one block gap spans many of them and the catch-up bound is
// reached.
func RandomParams(r *rand.Rand) types.Params {
	return types.Params{
		AnnualRate:     genAnnualRate(r),
		DayLength:      genDayLength(r),
		MaxCatchupDays: genMaxCatchupDays(r),
	}
}

func genAnnualRate(r *rand.Rand) math.LegacyDec {
	return math.LegacyNewDecWithPrec(int64(r.Intn(500)+1), 3) // 0.001 to 0.500
}

func genDayLength(r *rand.Rand) time.Duration {
	switch r.Intn(4) {
	case 0, 1:
		return types.DefaultDayLength
	case 2:
		return time.Duration(10+r.Intn(6*60-10)) * time.Minute // 10 minutes to 6 hours
	default:
		return time.Duration(6+r.Intn(66)) * time.Hour // 6 to 72 hours
	}
}

func genMaxCatchupDays(r *rand.Rand) uint32 {
	return uint32(1 + r.Intn(60)) //nolint:gosec // 1 to 60
}

// RandomizedGenState generates the rewardpool genesis: random params, and a
// pool (the balance of its module account) of 1 to 20 times what all the
// accounts hold together. Day 1 starts at genesis time.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate(AnnualRate, &gs.Params.AnnualRate, simState.Rand,
		func(r *rand.Rand) { gs.Params.AnnualRate = genAnnualRate(r) })
	simState.AppParams.GetOrGenerate(DayLength, &gs.Params.DayLength, simState.Rand,
		func(r *rand.Rand) { gs.Params.DayLength = genDayLength(r) })
	simState.AppParams.GetOrGenerate(MaxCatchupDays, &gs.Params.MaxCatchupDays, simState.Rand,
		func(r *rand.Rand) { gs.Params.MaxCatchupDays = genMaxCatchupDays(r) })
	var funds math.Int
	simState.AppParams.GetOrGenerate(PoolFunds, &funds, simState.Rand, func(r *rand.Rand) {
		funds = simState.InitialStake.MulRaw(int64(len(simState.Accounts) * (1 + r.Intn(20))))
	})
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
	simutil.AddModuleBalance(simState, types.PoolAccount, funds)
}
