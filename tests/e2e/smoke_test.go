//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	grpctypes "github.com/cosmos/cosmos-sdk/types/grpc"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

const (
	// genesisPool is what scripts/devnet.sh puts into the pool: 40,000,000 SESH.
	genesisPool = "40000000000000000"
	// day1Reward is day 1's reward on a 40,000,000 SESH pool at the default
	// annual rate: 40e15 * 0.151 / 365, truncated.
	day1Reward = "16547945205479"
	// fundAmount is what alice adds to the pool: 1,000 SESH.
	fundAmount = "1000000000000"
)

// poolState is Query/Pool as CLI and REST print it (and the gRPC response
// converted to the same shape).
type poolState struct {
	Balance  string        `json:"balance"`
	Emission emissionState `json:"emission"`
}

type emissionState struct {
	Day             uint64    `json:"day,string"`
	DayStart        time.Time `json:"day_start"`
	DayEnd          time.Time `json:"day_end"`
	DayStartBalance string    `json:"day_start_balance"`
	DayReward       string    `json:"day_reward"`
	DayEmitted      string    `json:"day_emitted"`
}

// normalize makes times comparable with require.Equal.
func (p poolState) normalize() poolState {
	p.Emission.DayStart = p.Emission.DayStart.UTC()
	p.Emission.DayEnd = p.Emission.DayEnd.UTC()
	return p
}

// totalsState is Query/Totals as the CLI prints it.
type totalsState struct {
	Inflows []struct {
		Source string `json:"source"`
		Amount string `json:"amount"`
	} `json:"inflows"`
	TotalInflow   string `json:"total_inflow"`
	TotalEmitted  string `json:"total_emitted"`
	TotalRetained string `json:"total_retained"`
}

// inflow returns the total of source, "" if the source has none.
func (ts totalsState) inflow(source string) string {
	for _, in := range ts.Inflows {
		if in.Source == source {
			return in.Amount
		}
	}
	return ""
}

// txResult is the part of a TxResponse the test looks at.
type txResult struct {
	Height    string `json:"height"`
	TxHash    string `json:"txhash"`
	Codespace string `json:"codespace"`
	Code      uint32 `json:"code"`
	RawLog    string `json:"raw_log"`
	Events    []struct {
		Type       string `json:"type"`
		Attributes []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		} `json:"attributes"`
	} `json:"events"`
}

func TestSmokeRewardPool(t *testing.T) {
	d := startDevnet(t)

	// 1. The pool, read over CLI, gRPC and REST at one height, agrees.
	t.Log("step 1: pool over CLI, gRPC and REST")
	// grpc-go's default codec cannot handle gogoproto custom types (math.Int
	// fields panic in protobuf-go); clients use the SDK's codec.
	grpcCodec := codec.NewProtoCodec(codectypes.NewInterfaceRegistry()).GRPCCodec()
	conn, err := grpc.NewClient(d.grpcAddr(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(grpcCodec)))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	queryClient := types.NewQueryClient(conn)

	// gRPC first, at the latest height; its response header says which height
	// that was, and CLI and REST are pinned to it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var header metadata.MD
	grpcRes, err := queryClient.Pool(ctx, &types.QueryPoolRequest{}, grpc.Header(&header))
	require.NoError(t, err, "gRPC Query/Pool")
	heights := header.Get(grpctypes.GRPCBlockHeightHeader)
	require.Len(t, heights, 1, "gRPC response header %s", grpctypes.GRPCBlockHeightHeader)
	height := heights[0]
	t.Logf("pool queried at height %s", height)
	viaGRPC := poolState{
		Balance: grpcRes.Balance.String(),
		Emission: emissionState{
			Day:             grpcRes.Emission.Day,
			DayStart:        grpcRes.Emission.DayStart,
			DayEnd:          grpcRes.Emission.DayEnd,
			DayStartBalance: grpcRes.Emission.DayStartBalance.String(),
			DayReward:       grpcRes.Emission.DayReward.String(),
			DayEmitted:      grpcRes.Emission.DayEmitted.String(),
		},
	}.normalize()

	var viaCLI poolState
	d.cliJSON(t, &viaCLI, "query", "rewardpool", "pool", "--height", height)
	viaCLI = viaCLI.normalize()

	var viaREST poolState
	restGet(t, d.apiURL()+"/sessionchain/rewardpool/v1/pool", height, &viaREST)
	viaREST = viaREST.normalize()

	// The development genesis has active Session Nodes: the pool pays out
	// from the first block, so the balance is the genesis pool less what was
	// emitted up to that height.
	var totalsAtHeight totalsState
	d.cliJSON(t, &totalsAtHeight, "query", "rewardpool", "totals", "--height", height)
	balanceAtHeight := mustInt(t, genesisPool).Sub(mustInt(t, totalsAtHeight.TotalEmitted)).String()
	for name, p := range map[string]poolState{"CLI": viaCLI, "gRPC": viaGRPC, "REST": viaREST} {
		require.Equal(t, balanceAtHeight, p.Balance, "%s: balance", name)
		require.Equal(t, uint64(1), p.Emission.Day, "%s: emission.day", name)
		require.Equal(t, day1Reward, p.Emission.DayReward, "%s: emission.day_reward", name)
		require.Equal(t, genesisPool, p.Emission.DayStartBalance, "%s: emission.day_start_balance", name)
		require.Equal(t, 24*time.Hour, p.Emission.DayEnd.Sub(p.Emission.DayStart), "%s: day length", name)
	}
	require.Equal(t, viaGRPC, viaCLI, "CLI and gRPC disagree at height %s", height)
	require.Equal(t, viaGRPC, viaREST, "REST and gRPC disagree at height %s", height)

	// 2. Totals: the genesis inflow, nothing else.
	t.Log("step 2: totals")
	totalsBefore := d.totals(t)
	require.Equal(t, genesisPool, totalsBefore.inflow(types.SourceGenesis), "genesis inflow: %+v", totalsBefore)
	require.Empty(t, totalsBefore.inflow(types.SourceFund), "fund inflow before any MsgFundPool")
	require.Equal(t, genesisPool, totalsBefore.TotalInflow)

	// 3. alice funds the pool from the CLI.
	t.Log("step 3: fund-pool from alice")
	alice := strings.TrimSpace(d.cli(t, "keys", "show", "alice", "-a", "--keyring-backend", "test"))
	require.NotEmpty(t, alice)
	aliceBefore := d.nseshBalance(t, alice)

	sent := d.broadcast(t, "tx", "rewardpool", "fund-pool", fundAmount+"nsesh", "--from", "alice", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	require.NotEmpty(t, sent.TxHash)
	res := d.waitTx(t, sent.TxHash)
	require.Zero(t, res.Code, "DeliverTx: codespace %q raw_log %q", res.Codespace, res.RawLog)
	t.Logf("fund-pool included at height %s", res.Height)
	requireEvent(t, res, "sessionchain.rewardpool.v1.EventPoolFunded", map[string]string{
		"source": `"fund"`,
		"funder": `"` + alice + `"`,
		"amount": `"` + fundAmount + `"`,
	})

	// 4. The pool holds the genesis pool plus the fund, less what it paid the
	// nodes: read at one height.
	t.Log("step 4: pool, totals and alice after funding")
	pool, totalsAfter := d.poolAndTotals(t)
	expectedBalance := mustInt(t, genesisPool).Add(mustInt(t, fundAmount)).Sub(mustInt(t, totalsAfter.TotalEmitted)).String()
	require.Equal(t, expectedBalance, pool.Balance, "pool balance after funding")
	require.Equal(t, uint64(1), pool.Emission.Day)
	require.Equal(t, day1Reward, pool.Emission.DayReward, "a fund counts from the next day on, not today")

	require.Equal(t, fundAmount, totalsAfter.inflow(types.SourceFund), "fund inflow: %+v", totalsAfter)
	require.Equal(t, genesisPool, totalsAfter.inflow(types.SourceGenesis))
	require.Equal(t,
		mustInt(t, totalsBefore.TotalInflow).Add(mustInt(t, fundAmount)).String(), totalsAfter.TotalInflow,
		"total_inflow rises by the fund")
	require.Equal(t,
		mustInt(t, totalsAfter.TotalInflow).Sub(mustInt(t, totalsAfter.TotalEmitted)).String(), pool.Balance,
		"pool balance = total_inflow - total_emitted")

	aliceAfter := d.nseshBalance(t, alice)
	dropped := aliceBefore.Sub(aliceAfter)
	require.True(t, dropped.GTE(mustInt(t, fundAmount)),
		"alice's balance dropped by %s, want at least %s (%s -> %s)", dropped, fundAmount, aliceBefore, aliceAfter)
	t.Logf("alice: %s -> %s nsesh (dropped %s)", aliceBefore, aliceAfter, dropped)

	// 5. Bad funds are refused and move nothing.
	t.Log("step 5: bad fund-pool transactions")
	badCases := []struct {
		amount string
		// CLI refuses the argument: non-zero exit, stderr contains cliErr.
		cliErr string
		// Refused by CheckTx: the broadcast response carries the error.
		checkTxErr *errorsmodError
		rawLog     string
	}{
		{
			// MsgFundPool.ValidateBasic refuses it in CheckTx.
			amount:     "0nsesh",
			checkTxErr: errOf(types.ErrInvalidAmount),
			rawLog:     "amount must be positive, got 0: invalid amount",
		},
		{
			amount:     "5stake",
			checkTxErr: errOf(types.ErrInvalidDenom),
			rawLog:     `the pool takes only nsesh, got "stake": invalid denom`,
		},
		{
			// AutoCLI parses the argument as a DecCoin and puts "1.5" into the
			// Coin's Int amount: the node cannot decode the tx.
			amount:     "1.5nsesh",
			checkTxErr: errOf(sdkerrors.ErrTxDecode),
			rawLog:     "tx parse error",
		},
		{
			// The positional argument is bound to a flag named "0".
			amount: "abc",
			cliErr: `invalid argument "abc" for "--0" flag: invalid input format`,
		},
		{
			amount: "5",
			cliErr: `invalid argument "5" for "--0" flag: invalid input format`,
		},
	}
	for _, tc := range badCases {
		args := []string{"tx", "rewardpool", "fund-pool", tc.amount, "--from", "alice", "--yes", "-o", "json"}
		stdout, stderr, err := d.run(args...)
		switch {
		case tc.cliErr != "":
			require.Error(t, err, "fund-pool %s: want a CLI error, got stdout %s", tc.amount, stdout)
			require.Contains(t, stderr, tc.cliErr, "fund-pool %s: stderr", tc.amount)
			t.Logf("fund-pool %s: CLI exit error, stderr %q", tc.amount, strings.TrimSpace(stderr))
		case tc.checkTxErr != nil:
			require.NoError(t, err, "fund-pool %s: stderr %s", tc.amount, stderr)
			var sent txResult
			require.NoError(t, json.Unmarshal([]byte(stdout), &sent), "fund-pool %s: %s", tc.amount, stdout)
			require.Equal(t, tc.checkTxErr.codespace, sent.Codespace, "fund-pool %s: CheckTx %+v", tc.amount, sent)
			require.Equal(t, tc.checkTxErr.code, sent.Code, "fund-pool %s: CheckTx %+v", tc.amount, sent)
			require.Contains(t, sent.RawLog, tc.rawLog, "fund-pool %s", tc.amount)
			t.Logf("fund-pool %s: CheckTx codespace %q code %d raw_log %q", tc.amount, sent.Codespace, sent.Code, sent.RawLog)
		default:
			t.Fatalf("case %s names no expected error", tc.amount)
		}
		p, ts := d.poolAndTotals(t)
		require.Equal(t, totalsAfter.TotalInflow, ts.TotalInflow, "inflows after bad fund-pool %s", tc.amount)
		require.Equal(t, mustInt(t, ts.TotalInflow).Sub(mustInt(t, ts.TotalEmitted)).String(), p.Balance,
			"pool balance = total_inflow - total_emitted after bad fund-pool %s", tc.amount)
	}
	totalsFinal := d.totals(t)
	require.Equal(t, totalsAfter.Inflows, totalsFinal.Inflows, "inflows after the bad transactions")
	require.Equal(t, totalsAfter.TotalInflow, totalsFinal.TotalInflow)
	require.Equal(t, aliceAfter.String(), d.nseshBalance(t, alice).String(),
		"alice's balance after the bad transactions (no fees are set)")

	// 6. The node is still producing blocks.
	t.Log("step 6: still producing blocks")
	h, err := d.latestHeight()
	require.NoError(t, err)
	reached := d.waitForHeight(t, h+2, 15*time.Second)
	t.Logf("height %d -> %d", h, reached)
}

// errorsmodError is a registered error's codespace and ABCI code.
type errorsmodError struct {
	codespace string
	code      uint32
}

func errOf(err interface {
	Codespace() string
	ABCICode() uint32
},
) *errorsmodError {
	return &errorsmodError{codespace: err.Codespace(), code: err.ABCICode()}
}

// poolAndTotals reads Query/Pool and Query/Totals over the CLI at one
// height, the latest.
func (d *devnet) poolAndTotals(t *testing.T) (poolState, totalsState) {
	t.Helper()
	h, err := d.latestHeight()
	require.NoError(t, err)
	height := strconv.FormatInt(h, 10)
	var p poolState
	d.cliJSON(t, &p, "query", "rewardpool", "pool", "--height", height)
	var ts totalsState
	d.cliJSON(t, &ts, "query", "rewardpool", "totals", "--height", height)
	return p, ts
}

// totals reads Query/Totals over the CLI.
func (d *devnet) totals(t *testing.T) totalsState {
	t.Helper()
	var ts totalsState
	d.cliJSON(t, &ts, "query", "rewardpool", "totals")
	return ts
}

// nseshBalance reads addr's nsesh balance with query bank balances.
func (d *devnet) nseshBalance(t *testing.T, addr string) math.Int {
	t.Helper()
	var res struct {
		Balances []struct {
			Denom  string `json:"denom"`
			Amount string `json:"amount"`
		} `json:"balances"`
	}
	d.cliJSON(t, &res, "query", "bank", "balances", addr)
	for _, c := range res.Balances {
		if c.Denom == types.Denom {
			return mustInt(t, c.Amount)
		}
	}
	return math.ZeroInt()
}

// broadcast runs a tx command with -o json and returns the broadcast
// (CheckTx) response.
func (d *devnet) broadcast(t *testing.T, args ...string) txResult {
	t.Helper()
	var res txResult
	d.cliJSON(t, &res, args...)
	return res
}

// waitTx waits (bounded by --timeout) until the tx is in a block and returns
// its result.
func (d *devnet) waitTx(t *testing.T, hash string) txResult {
	t.Helper()
	return waitIncluded(t, d, hash)
}

// cliRunner runs the CLI of one node.
type cliRunner interface {
	run(args ...string) (stdout, stderr string, err error)
}

// waitIncluded waits until a tx is in a block and returns its result.
// wait-tx subscribes to the tx's event, then looks the tx up: under load,
// an event fired just before the subscription for a tx the indexer has not
// written yet slips past both, so a timeout falls back to looking the tx up
// until the indexer has it.
func waitIncluded(t testing.TB, c cliRunner, hash string) txResult {
	t.Helper()
	stdout, stderr, err := c.run("query", "wait-tx", hash, "--timeout", "15s", "-o", "json")
	if err != nil {
		require.Contains(t, stderr, "timed out waiting for transaction", "wait-tx %s", hash)
		eventually(t, 20*time.Second, "tx "+hash+" indexed", func() (bool, string) {
			stdout, stderr, err = c.run("query", "tx", hash, "-o", "json")
			return err == nil, stderr
		})
		t.Logf("wait-tx missed tx %s; query tx found it", hash)
	}
	var res txResult
	require.NoError(t, json.Unmarshal([]byte(stdout), &res), "tx %s: %s", hash, stdout)
	require.Equal(t, hash, res.TxHash)
	h, err := strconv.ParseInt(res.Height, 10, 64)
	require.NoError(t, err, "height %q", res.Height)
	require.Positive(t, h, "tx %s not in a block", hash)
	return res
}

// requireEvent checks that res has an event of type typ with (at least) the
// attributes given.
func requireEvent(t *testing.T, res txResult, typ string, attrs map[string]string) {
	t.Helper()
	for _, ev := range res.Events {
		if ev.Type != typ {
			continue
		}
		got := map[string]string{}
		for _, a := range ev.Attributes {
			got[a.Key] = a.Value
		}
		for k, v := range attrs {
			require.Equal(t, v, got[k], "event %s attribute %s (all: %v)", typ, k, got)
		}
		return
	}
	seen := make([]string, 0, len(res.Events))
	for _, ev := range res.Events {
		seen = append(seen, ev.Type)
	}
	t.Fatalf("no %s event in tx %s; events: %v", typ, res.TxHash, seen)
}

// restGet GETs url at the given height (x-cosmos-block-height; empty for the
// latest) and decodes the JSON body into out.
func restGet(t testing.TB, url, height string, out any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	if height != "" {
		req.Header.Set(grpctypes.GRPCBlockHeightHeader, height)
	}
	resp, err := httpClient.Do(req)
	require.NoError(t, err, "GET %s", url)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "GET %s: %s", url, body)
	require.NoError(t, json.Unmarshal(body, out), "GET %s: %s", url, body)
}

func mustInt(t testing.TB, s string) math.Int {
	t.Helper()
	i, ok := math.NewIntFromString(s)
	require.True(t, ok, "not an integer: %q", s)
	return i
}
