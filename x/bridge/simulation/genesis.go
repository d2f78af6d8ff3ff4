// Package simulation holds the bridge module's part of the app simulation:
// a random genesis that names a contract, weighted operations for every
// message the validators' relayers and the users send, and the governance
// proposals that change the params. The EVM side is a model: deposits with
// nonces 1, 2, 3… whose content every validator derives alike from the
// nonce, and a contract that executes the transfers the validators made
// ready.
package simulation

import (
	"fmt"
	"math/rand"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// GenesisParams is the key of the random params, which a simulation params
// file may set.
const GenesisParams = "bridge_params"

// RandomParams returns valid random params: a contract on some EVM chain,
// paused one time in ten.
func RandomParams(r *rand.Rand) types.Params {
	contract := make([]byte, common.AddressLength)
	_, _ = r.Read(contract)
	bps := uint32(types.DefaultSignerSetChangeBps)
	if r.Intn(2) == 0 {
		bps = uint32(1 + r.Intn(types.BasisPoints)) //nolint:gosec // 1 to 10000
	}
	return types.Params{
		Paused:             r.Intn(10) == 0,
		EvmChainId:         uint64(1 + r.Intn(1_000_000)), //nolint:gosec // positive
		ContractAddress:    common.BytesToAddress(contract).Hex(),
		SignerSetChangeBps: bps,
		BridgeName:         fmt.Sprintf("sim-bridge-%d", r.Intn(1_000)),
	}
}

// RandomizedGenState generates the bridge genesis: random params and
// nothing bridged yet. The validators register their EVM keys in the first
// blocks.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate(GenesisParams, &gs.Params, simState.Rand, func(r *rand.Rand) { gs.Params = RandomParams(r) })
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
