//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// latencyPoll is how often the latency benchmark looks for the mint (and
// waitMined for the receipt, every receiptPoll): finer than the relayer's
// 300 ms poll and the devnet's 500 ms blocks, so it adds little to what it
// measures.
const latencyPoll = 20 * time.Millisecond

// BenchmarkBridgeDepositLatency measures a deposit's trip across the bridge
// in the geth e2e setup (TestBridgeSingleValidator's: geth --dev with a block
// a second, a single-validator devnet with 500 ms blocks, its relayer with
// one EVM confirmation and a 300 ms poll). geth, the devnet and the relayer
// start once; each op deposits 1 SESH on the contract to a fresh address
// here and waits for the mint. It reports, from the moment the deposit's
// EVM receipt is out (its block is mined) to the moment the minted balance
// is queryable here:
//
//   - s/deposit: the seconds between the two;
//   - blocks/deposit: this chain's blocks, from its last block at the
//     receipt to the block whose state first holds the mint;
//   - evm-blocks/deposit: the EVM blocks, from the deposit's block to the
//     EVM head when the mint is seen (the relayer waits for a confirmation).
//
// ns/op is the whole op, the EVM transaction's inclusion included.
//
//	SESSIOND_BIN=build/sessiond SESSION_RELAYER_BIN=build/session-relayer GETH_BIN=build/tools/geth \
//	  go test -tags e2e -run '^$' -bench BridgeDepositLatency -benchtime 5x ./tests/e2e/
func BenchmarkBridgeDepositLatency(b *testing.B) {
	sb := startSingleBridge(b, "")
	g, d, bridgeAddr := sb.g, sb.d, sb.bridgeAddr
	token := sb.token
	// One approval for every deposit, so that an op is the deposit alone.
	approve, err := bind.Transact(g.token(token), g.opts(g.dev), bindings.NewTestSESH().PackApprove(bridgeAddr, sesh(1_000_000)))
	require.NoError(b, err)
	g.waitMined(b, approve)

	var seconds, blocks, evmBlocks float64
	b.ResetTimer()
	for range b.N {
		s, chainBlocks, evm := depositLatency(b, g, d, bridgeAddr)
		seconds, blocks, evmBlocks = seconds+s, blocks+float64(chainBlocks), evmBlocks+float64(evm)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(seconds/n, "s/deposit")
	b.ReportMetric(blocks/n, "blocks/deposit")
	b.ReportMetric(evmBlocks/n, "evm-blocks/deposit")
}

// depositLatency deposits 1 SESH from the dev account to a fresh address
// here and returns the seconds from its EVM receipt to the minted balance,
// and the chain and EVM blocks in between.
func depositLatency(b *testing.B, g *gethNode, d *devnet, bridgeAddr common.Address) (float64, int64, uint64) {
	b.Helper()
	recipient := freshAddress(b)
	tx, err := bind.Transact(g.bridge(bridgeAddr), g.opts(g.dev), bindings.NewSessionBridge().PackDeposit(recipient, sesh(1)))
	require.NoError(b, err)

	receipt := g.waitMined(b, tx)
	included := time.Now()
	fromHeight, err := d.latestHeight()
	require.NoError(b, err)

	deadline := included.Add(bridgeTimeout)
	for d.restBalance(b, recipient, 0).IsZero() {
		require.True(b, time.Now().Before(deadline), "deposit to %s not minted within %s", recipient, bridgeTimeout)
		time.Sleep(latencyPoll)
	}
	minted := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	evmHead, err := g.client.BlockNumber(ctx)
	require.NoError(b, err)

	// The first height whose state holds the mint: a few blocks after
	// fromHeight, each read at its height.
	latest, err := d.latestHeight()
	require.NoError(b, err)
	mintHeight := fromHeight
	for mintHeight < latest && d.restBalance(b, recipient, mintHeight).IsZero() {
		mintHeight++
	}
	return minted.Sub(included).Seconds(), mintHeight - fromHeight, evmHead - receipt.BlockNumber.Uint64()
}

// freshAddress returns an address of this chain that holds nothing.
func freshAddress(b *testing.B) string {
	b.Helper()
	bz := make([]byte, 20)
	_, err := rand.Read(bz)
	require.NoError(b, err)
	addr, err := sdk.Bech32ifyAddressBytes(app.Bech32Prefix, bz)
	require.NoError(b, err)
	return addr
}

// restBalance returns addr's nsesh balance through the REST API, in the
// state at height (0: the latest).
func (d *devnet) restBalance(t testing.TB, addr string, height int64) math.Int {
	t.Helper()
	var res struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	h := ""
	if height > 0 {
		h = fmt.Sprint(height)
	}
	restGet(t, d.apiURL()+"/cosmos/bank/v1beta1/balances/"+addr+"/by_denom?denom="+bridgetypes.Denom, h, &res)
	return mustInt(t, res.Balance.Amount)
}
