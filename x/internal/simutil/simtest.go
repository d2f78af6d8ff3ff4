package simutil

import (
	"encoding/json"
	"math/rand"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// NewSimulationState returns the state a module's random genesis is
// generated from, as the app simulation passes it, with an empty bank
// genesis: for the modules' genesis tests.
func NewSimulationState(seed int64) *module.SimulationState {
	r := rand.New(rand.NewSource(seed)) //nolint:gosec // simulations are seeded
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	accs := simtypes.RandomAccounts(r, 20+r.Intn(40))
	stake := math.NewInt(1_000_000 + r.Int63n(1_000_000_000_000))
	bank := banktypes.DefaultGenesisState()
	return &module.SimulationState{
		AppParams:    make(simtypes.AppParams),
		Cdc:          cdc,
		Rand:         r,
		GenState:     map[string]json.RawMessage{banktypes.ModuleName: cdc.MustMarshalJSON(bank)},
		Accounts:     accs,
		InitialStake: stake,
		NumBonded:    3,
		BondDenom:    Denom,
		GenTimestamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}
