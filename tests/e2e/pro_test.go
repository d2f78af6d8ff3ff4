//go:build e2e

package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"

	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestProSubscribeCLI buys Session Pro from the CLI of the real binary and
// reads the status back over gRPC and REST; the pool grows by exactly the
// pool part in the purchase's block.
func TestProSubscribeCLI(t *testing.T) {
	d := startDevnet(t)
	const sessionKey = "9f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"

	// The development genesis has a price in force: $0.05, so plan 1
	// ($4.99) costs 99.8 SESH.
	var quote struct {
		Amount string `json:"amount"`
	}
	d.cliJSON(t, &quote, "query", "pro", "quote", "1")
	require.Equal(t, "99800000000", quote.Amount)

	sent := d.broadcast(t, "tx", "pro", "subscribe", sessionKey, "1", "--max-amount", quote.Amount+"nsesh", "--from", "carol", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res := d.waitTx(t, sent.TxHash)
	require.Zero(t, res.Code, "subscribe: %s", res.RawLog)
	toPool := mustInt(t, eventAttr(t, res, "sessionchain.pro.v1.EventSubscribed", "to_pool"))
	toLiquidity := mustInt(t, eventAttr(t, res, "sessionchain.pro.v1.EventSubscribed", "to_liquidity"))
	require.Equal(t, "89820000000", toPool.String())
	require.Equal(t, "9980000000", toLiquidity.String())

	// The pool's balance moved, in that block, by the pool part less what
	// the block emitted to the nodes.
	h, err := strconv.ParseInt(res.Height, 10, 64)
	require.NoError(t, err)
	at := func(height int64) (poolState, totalsState) {
		var p poolState
		var ts totalsState
		d.cliJSON(t, &p, "query", "rewardpool", "pool", "--height", strconv.FormatInt(height, 10))
		d.cliJSON(t, &ts, "query", "rewardpool", "totals", "--height", strconv.FormatInt(height, 10))
		return p, ts
	}
	poolBefore, totalsBefore := at(h - 1)
	poolAfter, totalsAfter := at(h)
	emitted := mustInt(t, totalsAfter.TotalEmitted).Sub(mustInt(t, totalsBefore.TotalEmitted))
	require.Equal(t,
		mustInt(t, poolBefore.Balance).Add(toPool).Sub(emitted).String(), poolAfter.Balance,
		"pool(h) = pool(h-1) + pool part - emitted in h")
	require.Equal(t, toPool.String(), totalsAfter.inflow(rptypes.SourcePro))

	// The status over gRPC.
	grpcCodec := codec.NewProtoCodec(codectypes.NewInterfaceRegistry()).GRPCCodec()
	conn, err := grpc.NewClient(d.grpcAddr(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(grpcCodec)))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, err := protypes.NewQueryClient(conn).Subscription(ctx, &protypes.QuerySubscriptionRequest{SessionPubkey: sessionKey})
	require.NoError(t, err)
	require.True(t, sub.Active)
	require.Equal(t, uint32(1), sub.Subscription.LastPayment.PlanId)
	require.Equal(t, protypes.PAYMENT_METHOD_SESH, sub.Subscription.LastPayment.Method)
	require.Equal(t, 30*24*time.Hour, sub.Subscription.Expiry.Sub(sub.Subscription.LastPayment.PeriodStart))

	// And over REST, as a Session client would check it.
	var viaREST struct {
		Active       bool `json:"active"`
		Subscription struct {
			Expiry time.Time `json:"expiry"`
		} `json:"subscription"`
	}
	restGet(t, d.apiURL()+"/sessionchain/pro/v1/subscriptions/"+sessionKey, "", &viaREST)
	require.True(t, viaREST.Active)
	require.True(t, viaREST.Subscription.Expiry.Equal(sub.Subscription.Expiry), "REST %s, gRPC %s", viaREST.Subscription.Expiry, sub.Subscription.Expiry)

	// One nsesh under the quote is refused by the slippage guard.
	sent = d.broadcast(t, "tx", "pro", "subscribe", sessionKey, "1", "--max-amount", "99799999999nsesh", "--from", "carol", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res = d.waitTx(t, sent.TxHash)
	want := errOf(protypes.ErrSlippage)
	require.Equal(t, want.codespace, res.Codespace, res.RawLog)
	require.Equal(t, want.code, res.Code, res.RawLog)
}
