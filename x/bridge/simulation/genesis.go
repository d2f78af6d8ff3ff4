// Package simulation holds the bridge module's part of the app simulation:
// a random genesis that names a contract, simsx message factories for every
// message the validators' relayers and the users send, and for the
// governance proposals that change the params. The EVM side is a model: deposits with
// nonces 1, 2, 3… whose content every validator derives alike from the
// nonce, and a contract that takes the signer sets, admin operations and
// batches the validators signed enough of, as the real one would.
package simulation

import (
	"fmt"
	"math/rand"

	"github.com/ethereum/go-ethereum/common"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// GenesisParams is the key of the random params, which a simulation params
// file may set.
const GenesisParams = "bridge_params"

// RandomParams returns valid random params: a contract on some EVM chain,
// paused one time in ten, with small amounts and short windows so that the
// simulation's few hundred blocks see batches made, executed, expired and
// signing windows end.
func RandomParams(r *rand.Rand) types.Params {
	contract := make([]byte, common.AddressLength)
	_, _ = r.Read(contract)
	p := types.DefaultParams()
	p.Paused = r.Intn(10) == 0
	p.EvmChainId = uint64(1 + r.Intn(1_000_000)) //nolint:gosec // positive
	p.ContractAddress = common.BytesToAddress(contract).Hex()
	p.BridgeName = fmt.Sprintf("sim-bridge-%d", r.Intn(1_000))
	if r.Intn(2) == 0 {
		p.SignerSetChangeBps = uint32(1 + r.Intn(types.BasisPoints)) //nolint:gosec // 1 to 10000
	}
	p.MinTransfer = math.NewInt(int64(1 + r.Intn(1_000_000)))
	p.BridgeFee = math.NewInt(int64(r.Intn(1_000_000)))
	p.MaxBatchSize = uint32(1 + r.Intn(20))            //nolint:gosec // 1 to 20
	p.BatchWaitBlocks = uint64(r.Intn(5))              //nolint:gosec // 0 to 4
	p.BatchTimeoutSeconds = uint64(60 + r.Intn(3_600)) //nolint:gosec // a minute to an hour
	p.WithdrawalCap = math.NewInt(1_000_000_000_000).MulRaw(int64(1 + r.Intn(100)))
	p.CapPeriodSeconds = uint64(1 + r.Intn(86_400))      //nolint:gosec // positive
	p.SignerSetMinBlocks = uint64(r.Intn(20))            //nolint:gosec // 0 to 19
	p.KeyRotationMinBlocks = uint64(r.Intn(50))          //nolint:gosec // 0 to 49
	p.DepositSplitTimeoutBlocks = uint64(1 + r.Intn(50)) //nolint:gosec // positive
	p.SigningWindowBlocks = uint64(100 + r.Intn(1_000))  //nolint:gosec // positive
	p.LivenessSlashFraction = math.LegacyNewDecWithPrec(int64(r.Intn(3)), 3)
	return p
}

// RandomizedGenState generates the bridge genesis: random params and
// nothing bridged yet. The validators register their EVM keys in the first
// blocks.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate(GenesisParams, &gs.Params, simState.Rand, func(r *rand.Rand) { gs.Params = RandomParams(r) })
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
