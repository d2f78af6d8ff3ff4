// Package simulation holds the names module's part of the app simulation:
// a random genesis whose prices the simulation's accounts can pay, weighted
// operations for every user message (registrations of a fixed universe of
// names, so that names are taken, expire, are released and registered
// again; renewals, updates, transfers, listings, cancellations and
// purchases), and the governance proposal for new params.
package simulation

import (
	"fmt"
	"math/rand"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// GenesisParams is the key of the random params, which a simulation params
// file may set.
const GenesisParams = "names_params"

// universe is how many names the simulation registers: few enough that
// they are taken, renewed, sold, expire and come back.
const universe = 48

// simName returns name i of the universe: 2 to 17 characters of the
// alphabet, so that the length tiers apply to some.
func simName(i int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/-_"
	name := fmt.Sprintf("%c%d", alphabet[i%len(alphabet)], i)
	for j := 0; len(name) < 2+i%16; j++ {
		name += string(alphabet[(i*7+j*13)%len(alphabet)])
	}
	return name
}

// nameOf returns the universe's name with a hash, if it is one of them.
func nameOf(hash string) (string, bool) {
	name, ok := universeByHash[hash]
	return name, ok
}

var universeByHash = func() map[string]string {
	m := make(map[string]string, universe)
	for i := range universe {
		m[types.NameHashHex(simName(i))] = simName(i)
	}
	return m
}()

// RandomParams returns valid random params whose prices, in micro-USD,
// stay within what an account holding balance can pay at a SESH price of
// at least $0.01 (x/pro's simulated prices lie between $0.01 and $10).
func RandomParams(r *rand.Rand, balance math.Int) types.Params {
	budget := max(balance.QuoRaw(2_000_000).Uint64(), 1) // a 20th of the balance at $0.01
	base := 1 + uint64(r.Int63n(int64(budget)))         //nolint:gosec // positive
	var terms []types.Term
	for _, years := range r.Perm(len(types.TermYears))[:1+r.Intn(len(types.TermYears))] {
		y := types.TermYears[years]
		terms = append(terms, types.Term{Years: y, PriceUsd: base * uint64(y) * uint64(50+r.Intn(51)) / 100})
	}
	for i := range terms {
		terms[i].PriceUsd = max(terms[i].PriceUsd, 1)
	}
	var tiers []types.LengthTier
	for length := uint32(1); length <= 5; length++ {
		if r.Intn(2) == 0 {
			tiers = append(tiers, types.LengthTier{MaxLength: length, MultiplierBps: uint32(10_000 + r.Intn(90_001))}) //nolint:gosec // bounded
		}
	}
	transferFee := uint64(0)
	if r.Intn(3) != 0 {
		transferFee = 1 + uint64(r.Int63n(int64(base))) //nolint:gosec // positive
	}
	share := types.DefaultPoolShareBps
	if r.Intn(3) == 0 {
		share = uint32(r.Intn(types.BasisPoints + 1)) //nolint:gosec // 0 to 10000
	}
	return types.Params{
		Terms:           terms,
		LengthTiers:     tiers,
		GracePeriod:     time.Duration(r.Intn(60*24)) * time.Hour,
		PremiumStartUsd: uint64(r.Int63n(int64(10 * base))), //nolint:gosec // bounded
		PremiumDays:     uint32(r.Intn(30)),                 //nolint:gosec // bounded
		TransferFeeUsd:  transferFee,
		MarketFeeBps:    uint32(r.Intn(1_001)), //nolint:gosec // up to 10%
		PoolShareBps:    share,
	}
}

// RandomizedGenState generates the names genesis: random params and no
// names (the operations register them).
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate(GenesisParams, &gs.Params, simState.Rand, func(r *rand.Rand) {
		gs.Params = RandomParams(r, simState.InitialStake)
	})
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
