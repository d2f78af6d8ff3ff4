//go:build e2e

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"cosmossdk.io/depinject"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	grpctypes "github.com/cosmos/cosmos-sdk/types/grpc"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/testutil"
)

// loadClient builds, signs and broadcasts transactions in-process with the
// app's own TxConfig, and reads the chain over its gRPC endpoint and
// CometBFT RPC: the CLI costs a process per transaction, too slow for a
// burst of thousands.
type loadClient struct {
	d        *devnet
	chainID  string
	txConfig client.TxConfig
	conn     *grpc.ClientConn
	txs      txtypes.ServiceClient
}

// newLoadClient takes the app's TxConfig and interface registry from its
// depinject configuration (as the sessiond CLI does) and dials the node's
// gRPC endpoint with a codec that knows every message type: GetTx answers
// hold the transactions' messages as Anys.
func newLoadClient(t *testing.T, d *devnet, chainID string) *loadClient {
	t.Helper()
	c := dialLoadClient(t, d.grpcAddr(), chainID)
	c.d = d
	return c
}

// dialLoadClient is a load client of the node whose gRPC endpoint is addr,
// for what needs no devnet (signing, broadcasting, looking up).
func dialLoadClient(t *testing.T, addr, chainID string) *loadClient {
	t.Helper()
	var (
		txConfig client.TxConfig
		registry codectypes.InterfaceRegistry
	)
	require.NoError(t, depinject.Inject(
		depinject.Configs(app.Config(), depinject.Supply(log.NewNopLogger())),
		&txConfig, &registry,
	))
	conn, err := grpc.NewClient(addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(codec.NewProtoCodec(registry).GRPCCodec())))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return &loadClient{chainID: chainID, txConfig: txConfig, conn: conn, txs: txtypes.NewServiceClient(conn)}
}

// sign returns the encoded transaction carrying msg, signed by priv as
// account accNum at sequence seq, with the given gas limit and fee.
func (c *loadClient) sign(priv cryptotypes.PrivKey, accNum, seq, gas uint64, fee sdk.Coins, msg sdk.Msg) ([]byte, error) {
	return testutil.EncodeSignedTx(c.txConfig, c.chainID, priv, accNum, seq, gas, fee, msg)
}

// broadcast sends tx bytes through cosmos.tx.v1beta1.Service/BroadcastTx in
// BROADCAST_MODE_SYNC and returns the CheckTx answer.
func (c *loadClient) broadcast(ctx context.Context, tx []byte) (*sdk.TxResponse, error) {
	res, err := c.txs.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: tx, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if err != nil {
		return nil, err
	}
	return res.TxResponse, nil
}

// getTx looks a transaction up by hash (cosmos.tx.v1beta1.Service/GetTx,
// answered from CometBFT's tx index), waiting until timeout for the index
// to catch up.
func (c *loadClient) getTx(hash string, timeout time.Duration) (*sdk.TxResponse, error) {
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		res, err := c.txs.GetTx(ctx, &txtypes.GetTxRequest{Hash: hash})
		cancel()
		if err == nil {
			return res.TxResponse, nil
		}
		if status.Code(err) != codes.NotFound || time.Now().After(deadline) {
			return nil, fmt.Errorf("GetTx %s: %w", hash, err)
		}
		time.Sleep(pollInterval)
	}
}

// getTxs looks up every hash with a few parallel callers and returns the
// answers in the same order.
func (c *loadClient) getTxs(t *testing.T, hashes []string, timeout time.Duration) []*sdk.TxResponse {
	t.Helper()
	const workers = 4
	out := make([]*sdk.TxResponse, len(hashes))
	errs := make([]error, len(hashes))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = c.getTx(hashes[i], timeout)
			}
		}()
	}
	for i := range hashes {
		next <- i
	}
	close(next)
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	return out
}

// atHeight returns a context whose gRPC queries read the state committed at
// height, so that every number of one snapshot comes from the same block.
func atHeight(ctx context.Context, height int64) context.Context {
	return metadata.AppendToOutgoingContext(ctx, grpctypes.GRPCBlockHeightHeader, strconv.FormatInt(height, 10))
}

// txHash is the hash CometBFT names a transaction by: SHA-256 of its bytes,
// upper-case hex.
func txHash(tx []byte) string {
	sum := sha256.Sum256(tx)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// txPlace is where a transaction sits in the chain.
type txPlace struct {
	height int64
	index  int
	time   time.Time
}

// blockScanner walks the blocks from a starting height and records where
// each transaction it meets sits; a hash met twice is kept, to be reported.
type blockScanner struct {
	d      *devnet
	next   int64
	places map[string][]txPlace
	times  map[int64]time.Time
}

func newBlockScanner(d *devnet, from int64) *blockScanner {
	return &blockScanner{d: d, next: from, places: map[string][]txPlace{}, times: map[int64]time.Time{}}
}

// scanUntil reads new blocks until every hash in want has been met, failing
// the test at the deadline.
func (s *blockScanner) scanUntil(t *testing.T, want []string, deadline time.Time) {
	t.Helper()
	for {
		latest, err := s.d.latestHeight()
		if err == nil {
			for ; s.next <= latest; s.next++ {
				if err = s.scanBlock(s.next); err != nil {
					break
				}
			}
		}
		missing := 0
		for _, h := range want {
			if len(s.places[h]) == 0 {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if reason := s.d.exitReason(); reason != "" {
			t.Fatalf("%d transactions not in a block: %s", missing, reason)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d transactions not in a block by height %d (last error %v)", missing, len(want), s.next-1, err)
		}
		time.Sleep(pollInterval)
	}
}

// scanBlock records the transactions of one block (CometBFT /block).
func (s *blockScanner) scanBlock(height int64) error {
	resp, err := httpClient.Get(fmt.Sprintf("%s/block?height=%d", s.d.rpcURL(), height))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/block?height=%d: HTTP %s", height, resp.Status)
	}
	var block struct {
		Result struct {
			Block struct {
				Header struct {
					Time time.Time `json:"time"`
				} `json:"header"`
				Data struct {
					Txs []string `json:"txs"`
				} `json:"data"`
			} `json:"block"`
		} `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&block); err != nil {
		return fmt.Errorf("/block?height=%d: %w", height, err)
	}
	b := block.Result.Block
	s.times[height] = b.Header.Time
	for i, enc := range b.Data.Txs {
		tx, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			return fmt.Errorf("block %d tx %d: %w", height, i, err)
		}
		h := txHash(tx)
		s.places[h] = append(s.places[h], txPlace{height: height, index: i, time: b.Header.Time})
	}
	return nil
}

// perBlock lists the scanned blocks from height on with how many
// transactions each holds, "height:count".
func (s *blockScanner) perBlock(from int64) string {
	counts := map[int64]int{}
	for _, places := range s.places {
		for _, p := range places {
			counts[p.height]++
		}
	}
	var out []string
	for h := from; h < s.next; h++ {
		out = append(out, fmt.Sprintf("%d:%d", h, counts[h]))
	}
	return strings.Join(out, " ")
}
