// Package sim runs the whole-app simulation: a random genesis from every
// module's simulation, then blocks of random weighted operations from every
// module, with the conservation invariants checked after each block.
//
// It drives blocks itself instead of through x/simulation's
// SimulateFromSeed, which spaces blocks 5,000 to 10,000 seconds apart and
// has no hook between blocks. The reward pool's day catch-up, node unlocks,
// uptime deadlines and credit need block gaps from seconds to days, and the
// invariants need every committed block. Everything else comes from the
// SDK's simulation framework: the random genesis (simtestutil.AppStateFn
// over the app's SimulationManager), the modules' operations and governance
// proposal messages (simsx message factories, or the legacy weighted
// operations of a module not on simsx), future operations, and the mock
// validators' votes and evidence that the SDK modules react to.
package sim

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cryptoenc "github.com/cometbft/cometbft/crypto/encoding"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	pruningtypes "github.com/cosmos/cosmos-sdk/store/v2/pruning/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/sessiontoken/sessionchain/app"
)

// ChainID is the simulated chain's id.
const ChainID = "sessiond-sim"

// Config is one simulation run.
type Config struct {
	// Seed makes the run: the same seed gives the same blocks.
	Seed int64
	// NumBlocks to simulate.
	NumBlocks int
	// BlockSize is the mean number of operations per block.
	BlockSize int
	// GenesisTime of a random genesis.
	GenesisTime time.Time
	// Import, when set, starts the chain from an exported state instead of
	// a random genesis.
	Import *Import
	// Verbose logs the app's info messages.
	Verbose bool
	// Params are simulation params (weights, module switches such as
	// x/nodestaking's FreeloaderOneIn) added to the run's params file.
	Params map[string]any
	// Observe, when set, is called after every committed block (and its
	// invariant checks) with the app and a context of the block's state:
	// a test's way to follow what a run does between its start and its end.
	Observe func(ctx sdk.Context, a *app.App)
}

// Import is an exported state a simulation starts from, as a chain that
// restarts from an export does, after a halt.
type Import struct {
	Exported servertypes.ExportedApp
	// Accounts are the accounts of the simulation that exported it.
	Accounts []simtypes.Account
	// Time of the new chain's genesis.
	Time time.Time
}

// Result is what a run leaves.
type Result struct {
	App      *app.App
	Accounts []simtypes.Account
	// Height and Time of the last block committed.
	Height int64
	Time   time.Time
	// Ops counts the operations by module, message and outcome.
	Ops map[string]int
	// NoOps holds, by module and message, why an operation last had
	// nothing valid to send.
	NoOps map[string]string
	// Gaps counts the block intervals by size.
	Gaps map[string]int
}

// validator is a mock CometBFT validator: it signs most blocks, misses
// some, and now and then double-signs.
type validator struct {
	address []byte
	power   int64
}

// NewApp builds a sessiond app on an in-memory database, as the simulation
// runs it. It keeps only the latest states (nothing reads older ones) and
// prunes synchronously: the async default starts a goroutine per store that
// only closing the store stops, which nothing does, so every finished seed
// would stay in memory.
func NewApp(tb testing.TB, verbose bool) *app.App {
	tb.Helper()
	logger := log.NewNopLogger()
	if verbose {
		logger = log.NewTestLogger(tb)
	}
	a, err := app.New(logger, dbm.NewMemDB(), true, simtestutil.AppOptionsMap{flags.FlagHome: tb.TempDir()},
		baseapp.SetChainID(ChainID), baseapp.SetIAVLSyncPruning(true),
		baseapp.SetPruning(pruningtypes.NewPruningOptions(pruningtypes.PruningEverything)))
	require.NoError(tb, err)
	return a
}

// blockSize draws how many operations a block holds: about a mean of mean,
// with empty and crowded blocks now and then.
func blockSize(r *rand.Rand, mean int) int {
	switch r.Intn(10) {
	case 0:
		return 0
	case 1:
		return r.Intn(4*mean + 1)
	default:
		return r.Intn(2*mean + 1)
	}
}

// blockGap draws the time from one block to the next: mostly seconds,
// often minutes to hours, now and then a day, and sometimes a halt of
// several days.
func blockGap(r *rand.Rand) time.Duration {
	between := func(lo, hi time.Duration) time.Duration { return lo + time.Duration(r.Int63n(int64(hi-lo))) }
	switch p := r.Intn(100); {
	case p < 65:
		return between(time.Second, 30*time.Second)
	case p < 85:
		return between(time.Minute, 6*time.Hour)
	case p < 96:
		return between(6*time.Hour, 36*time.Hour)
	default:
		return between(36*time.Hour, 10*24*time.Hour)
	}
}

func gapClass(gap time.Duration) string {
	switch {
	case gap < time.Minute:
		return "seconds"
	case gap < time.Hour:
		return "minutes"
	case gap < 24*time.Hour:
		return "hours"
	default:
		return "days"
	}
}

// signatures are the votes of the validators on a block: each misses one
// block in a hundred.
func signatures(r *rand.Rand, vals map[string]*validator) []abci.VoteInfo {
	votes := make([]abci.VoteInfo, 0, len(vals))
	for _, key := range sortedKeys(vals) {
		v := vals[key]
		flag := cmtproto.BlockIDFlagCommit
		if r.Intn(100) == 0 {
			flag = cmtproto.BlockIDFlagAbsent
		}
		votes = append(votes, abci.VoteInfo{Validator: abci.Validator{Address: v.address, Power: v.power}, BlockIdFlag: flag})
	}
	return votes
}

// evidence reports, in one block of three hundred, that a validator of the
// last block signed twice.
func evidence(r *rand.Rand, height int64, lastTime time.Time, lastVotes []abci.VoteInfo) []abci.Misbehavior {
	if height <= 1 || len(lastVotes) == 0 || r.Intn(300) != 0 {
		return nil
	}
	var total int64
	for _, v := range lastVotes {
		total += v.Validator.Power
	}
	return []abci.Misbehavior{{
		Type:             abci.MisbehaviorType_DUPLICATE_VOTE,
		Validator:        lastVotes[r.Intn(len(lastVotes))].Validator,
		Height:           height - 1,
		Time:             lastTime,
		TotalVotingPower: total,
	}}
}

func proposer(r *rand.Rand, vals map[string]*validator) []byte {
	keys := sortedKeys(vals)
	return vals[keys[r.Intn(len(keys))]].address
}

func randomHash(r *rand.Rand) []byte {
	h := make([]byte, 32)
	_, _ = r.Read(h)
	return h
}

func sortedKeys(vals map[string]*validator) []string {
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// applyValidatorUpdates follows the validator set as CometBFT does: power
// 0 removes a validator.
func applyValidatorUpdates(tb testing.TB, vals map[string]*validator, updates []abci.ValidatorUpdate) {
	tb.Helper()
	for _, u := range updates {
		pk, err := cryptoenc.PubKeyFromProto(u.PubKey)
		require.NoError(tb, err)
		key := hex.EncodeToString(pk.Address())
		if u.Power == 0 {
			delete(vals, key)
			continue
		}
		vals[key] = &validator{address: pk.Address(), power: u.Power}
	}
}

// consensusParams are the SDK's test params without a block gas limit.
func consensusParams() *cmtproto.ConsensusParams {
	p := *simtestutil.DefaultConsensusParams
	block := *p.Block
	block.MaxGas = -1
	p.Block = &block
	return &p
}

// writeSimParams writes the simulation params file the random genesis and
// the operation weights read: a small validator set, and the SDK modules'
// param-change proposals at a twenty-fifth of their default weight, as the
// SDK's own runner submits them, so that proposals and their votes do not
// crowd out everything else. extra adds to them.
func writeSimParams(tb testing.TB, r *rand.Rand, extra map[string]any) string {
	tb.Helper()
	params := map[string]any{
		simtestutil.InitiallyBondedValidators: 3 + r.Intn(6),
		"op_weight_msg_update_params":         4,
	}
	maps.Copy(params, extra)
	bz, err := json.Marshal(params)
	require.NoError(tb, err)
	path := filepath.Join(tb.TempDir(), "sim-params.json")
	require.NoError(tb, os.WriteFile(path, bz, 0o600))
	return path
}

// keepCancelledDeposits sends the deposits a cancelled proposal forfeits to
// an account instead of burning them: that burn happens inside a
// transaction whose events the simulation does not see, and the supply
// invariant counts every burn outside the bridge.
func keepCancelledDeposits(tb testing.TB, a *app.App, state map[string]json.RawMessage, accs []simtypes.Account) {
	tb.Helper()
	var gs govv1.GenesisState
	require.NoError(tb, a.AppCodec().UnmarshalJSON(state[govtypes.ModuleName], &gs))
	gs.Params.ProposalCancelDest = accs[len(accs)-1].Address.String()
	state[govtypes.ModuleName] = a.AppCodec().MustMarshalJSON(&gs)
}

// Summary prints the operations run, by module, message and outcome, the
// last reason each message had nothing valid to send, and the block
// intervals.
func (res *Result) Summary(w io.Writer) {
	lines := make([]string, 0, len(res.Ops))
	for k, n := range res.Ops {
		lines = append(lines, fmt.Sprintf("  %s %6d", k, n))
	}
	sort.Strings(lines)
	reasons := make([]string, 0, len(res.NoOps))
	for k, why := range res.NoOps {
		reasons = append(reasons, fmt.Sprintf("  %s %s", k, why))
	}
	sort.Strings(reasons)
	_, _ = fmt.Fprintf(w, "operations:\n%s\nlast no-op reasons:\n%s\nblock gaps: %v; last block %d at %s\n",
		strings.Join(lines, "\n"), strings.Join(reasons, "\n"), res.Gaps, res.Height, res.Time.UTC().Format(time.RFC3339))
}
