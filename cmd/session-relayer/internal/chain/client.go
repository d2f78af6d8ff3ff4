package chain

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	grpctypes "github.com/cosmos/cosmos-sdk/types/grpc"
	"github.com/cosmos/cosmos-sdk/types/query"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// maxRecvMsgSize lets large query answers (long transfer lists) through.
const maxRecvMsgSize = 64 << 20

// pageLimit is the page size of list queries.
const pageLimit = 200

// Client queries the chain over gRPC (and, if configured, CometBFT RPC).
type Client struct {
	conn    *grpc.ClientConn
	cdc     *Codec
	bridge  bridgetypes.QueryClient
	staking stakingtypes.QueryClient
	auth    authtypes.QueryClient
	txs     txtypes.ServiceClient
	node    cmtservice.ServiceClient
	rpcURL  string
	http    *http.Client
}

// TLS says how to reach the node's gRPC server.
type TLS struct {
	// Enabled dials over TLS; without it only a loopback address is dialed.
	Enabled bool
	// CAFile is a PEM file of the CAs to trust; empty: the system's.
	CAFile string
}

// credentials returns the transport credentials for addr.
func (t TLS) credentials(addr string) (credentials.TransportCredentials, error) {
	if !t.Enabled {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, fmt.Errorf("gRPC %s: %w", addr, err)
		}
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("gRPC %s: plaintext only to a loopback address; enable TLS", addr)
		}
		return insecure.NewCredentials(), nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile) // #nosec G304 -- the operator names the CA file
		if err != nil {
			return nil, fmt.Errorf("gRPC CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("gRPC CA file %s holds no PEM certificate", t.CAFile)
		}
		cfg.RootCAs = pool
	}
	return credentials.NewTLS(cfg), nil
}

// Dial connects to the node's gRPC server, over TLS unless it is on this
// machine. rpcURL may be empty. The connection is lazy: errors show up on
// the first call.
func Dial(grpcAddr, rpcURL string, cdc *Codec, t TLS) (*Client, error) {
	creds, err := t.credentials(grpcAddr)
	if err != nil {
		return nil, err
	}
	conn, err := grpc.NewClient(grpcAddr,
		grpc.WithTransportCredentials(creds),
		grpc.WithDefaultCallOptions(
			grpc.ForceCodec(cdc.Proto.GRPCCodec()),
			grpc.MaxCallRecvMsgSize(maxRecvMsgSize),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("gRPC %s: %w", grpcAddr, err)
	}
	return &Client{
		conn:    conn,
		cdc:     cdc,
		bridge:  bridgetypes.NewQueryClient(conn),
		staking: stakingtypes.NewQueryClient(conn),
		auth:    authtypes.NewQueryClient(conn),
		txs:     txtypes.NewServiceClient(conn),
		node:    cmtservice.NewServiceClient(conn),
		rpcURL:  strings.TrimRight(rpcURL, "/"),
		http:    &http.Client{Timeout: 10 * time.Second},
	}, nil
}

// Close closes the gRPC connection.
func (c *Client) Close() error { return c.conn.Close() }

// Codec returns the client's codec.
func (c *Client) Codec() *Codec { return c.cdc }

// Status is what the node says about itself.
type Status struct {
	ChainID    string
	Height     int64
	CatchingUp bool
}

// Status asks CometBFT RPC /status when an RPC URL is configured, else the
// node's gRPC service.
func (c *Client) Status(ctx context.Context) (Status, error) {
	if c.rpcURL != "" {
		return c.rpcStatus(ctx)
	}
	info, err := c.node.GetNodeInfo(ctx, &cmtservice.GetNodeInfoRequest{})
	if err != nil {
		return Status{}, fmt.Errorf("node info: %w", err)
	}
	syncing, err := c.node.GetSyncing(ctx, &cmtservice.GetSyncingRequest{})
	if err != nil {
		return Status{}, fmt.Errorf("node syncing: %w", err)
	}
	var chainID string
	if info.DefaultNodeInfo != nil {
		chainID = info.DefaultNodeInfo.Network
	}
	return Status{ChainID: chainID, CatchingUp: syncing.Syncing}, nil
}

func (c *Client) rpcStatus(ctx context.Context) (Status, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.rpcURL+"/status", nil)
	if err != nil {
		return Status{}, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return Status{}, fmt.Errorf("CometBFT status: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Status{}, fmt.Errorf("CometBFT status: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return Status{}, fmt.Errorf("CometBFT status: HTTP %d", resp.StatusCode)
	}
	var out struct {
		Result struct {
			NodeInfo struct {
				Network string `json:"network"`
			} `json:"node_info"`
			SyncInfo struct {
				LatestBlockHeight string `json:"latest_block_height"`
				CatchingUp        bool   `json:"catching_up"`
			} `json:"sync_info"`
		} `json:"result"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return Status{}, fmt.Errorf("CometBFT status: %w", err)
	}
	height, err := strconv.ParseInt(out.Result.SyncInfo.LatestBlockHeight, 10, 64)
	if err != nil {
		return Status{}, fmt.Errorf("CometBFT status: height %q: %w", out.Result.SyncInfo.LatestBlockHeight, err)
	}
	return Status{ChainID: out.Result.NodeInfo.Network, Height: height, CatchingUp: out.Result.SyncInfo.CatchingUp}, nil
}

// Params returns the bridge params.
func (c *Client) Params(ctx context.Context) (bridgetypes.Params, error) {
	res, err := c.bridge.Params(ctx, &bridgetypes.QueryParamsRequest{})
	if err != nil {
		return bridgetypes.Params{}, fmt.Errorf("bridge params: %w", err)
	}
	return res.Params, nil
}

// Pending returns what the validator still has to attest or sign, with the
// open batches of every page.
func (c *Client) Pending(ctx context.Context, valoper string) (*bridgetypes.QueryPendingSignaturesResponse, error) {
	var (
		out *bridgetypes.QueryPendingSignaturesResponse
		key []byte
	)
	for {
		res, err := c.bridge.PendingSignatures(ctx, &bridgetypes.QueryPendingSignaturesRequest{
			Validator: valoper, Pagination: &query.PageRequest{Key: key, Limit: pageLimit},
		})
		if err != nil {
			return nil, fmt.Errorf("pending signatures of %s: %w", valoper, err)
		}
		if out == nil {
			out = res
		} else {
			out.BatchesToSign = append(out.BatchesToSign, res.BatchesToSign...)
			out.BatchesToAttest = append(out.BatchesToAttest, res.BatchesToAttest...)
		}
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return out, nil
		}
		key = res.Pagination.NextKey
	}
}

// Batches lists every batch with a status, by nonce.
func (c *Client) Batches(ctx context.Context, st bridgetypes.BatchStatus) ([]bridgetypes.Batch, error) {
	var (
		out []bridgetypes.Batch
		key []byte
	)
	for {
		res, err := c.bridge.Batches(ctx, &bridgetypes.QueryBatchesRequest{Status: st, Pagination: &query.PageRequest{Key: key, Limit: pageLimit}})
		if err != nil {
			return nil, fmt.Errorf("batches (%s): %w", st, err)
		}
		out = append(out, res.Batches...)
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return out, nil
		}
		key = res.Pagination.NextKey
	}
}

// Batch returns a batch with its transfers and signatures.
func (c *Client) Batch(ctx context.Context, nonce uint64) (*bridgetypes.QueryBatchResponse, error) {
	res, err := c.bridge.Batch(ctx, &bridgetypes.QueryBatchRequest{Nonce: nonce})
	if err != nil {
		return nil, fmt.Errorf("batch %d: %w", nonce, err)
	}
	return res, nil
}

// AdminOps returns the admin operations waiting for the contract, with
// their signatures.
func (c *Client) AdminOps(ctx context.Context) ([]bridgetypes.AdminOpEntry, error) {
	res, err := c.bridge.AdminOps(ctx, &bridgetypes.QueryAdminOpsRequest{})
	if err != nil {
		return nil, fmt.Errorf("admin ops: %w", err)
	}
	return res.Ops, nil
}

// RetiredContract returns release 1's retired contract and its sweep.
func (c *Client) RetiredContract(ctx context.Context) (*bridgetypes.QueryRetiredContractResponse, error) {
	res, err := c.bridge.RetiredContract(ctx, &bridgetypes.QueryRetiredContractRequest{})
	if err != nil {
		return nil, fmt.Errorf("retired contract: %w", err)
	}
	return res, nil
}

// Coverage returns how much of the bonded power the keys and the newest
// signer set cover.
func (c *Client) Coverage(ctx context.Context) (*bridgetypes.QueryCoverageResponse, error) {
	res, err := c.bridge.Coverage(ctx, &bridgetypes.QueryCoverageRequest{})
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	return res, nil
}

// Bonded reports whether the validator exists and is bonded.
func (c *Client) Bonded(ctx context.Context, valoper string) (bool, error) {
	res, err := c.staking.Validator(ctx, &stakingtypes.QueryValidatorRequest{ValidatorAddr: valoper})
	if err != nil {
		if status.Code(err) == codes.NotFound {
			return false, nil
		}
		return false, fmt.Errorf("validator %s: %w", valoper, err)
	}
	return res.Validator.Status == stakingtypes.Bonded, nil
}

// ErrNoSignerSet means the chain has no signer set yet: no bonded validator
// has registered an EVM key.
var ErrNoSignerSet = errors.New("the chain has no signer set yet: no bonded validator has registered an EVM key")

// LatestSignerSetNonce returns the nonce of the chain's newest signer set, or ErrNoSignerSet.
func (c *Client) LatestSignerSetNonce(ctx context.Context) (uint64, error) {
	res, err := c.bridge.SignerSets(ctx, &bridgetypes.QuerySignerSetsRequest{Pagination: &query.PageRequest{Limit: 1}})
	if err != nil {
		return 0, fmt.Errorf("signer sets: %w", err)
	}
	if len(res.SignerSets) == 0 {
		return 0, ErrNoSignerSet
	}
	return res.SignerSets[0].Nonce, nil
}

// SignerSet returns a signer set with its signatures.
func (c *Client) SignerSet(ctx context.Context, nonce uint64) (*bridgetypes.QuerySignerSetResponse, error) {
	res, err := c.bridge.SignerSet(ctx, &bridgetypes.QuerySignerSetRequest{Nonce: nonce})
	if err != nil {
		return nil, fmt.Errorf("signer set %d: %w", nonce, err)
	}
	return res, nil
}

// Transfer returns a transfer with its signatures.
func (c *Client) Transfer(ctx context.Context, id uint64) (*bridgetypes.QueryTransferResponse, error) {
	res, err := c.bridge.Transfer(ctx, &bridgetypes.QueryTransferRequest{Id: id})
	if err != nil {
		return nil, fmt.Errorf("transfer %d: %w", id, err)
	}
	return res, nil
}

// Transfers lists every transfer with a status, by id, at height (0: latest).
// At most limit transfers are returned (0: all).
func (c *Client) Transfers(ctx context.Context, st bridgetypes.TransferStatus, height int64, limit int) ([]bridgetypes.Transfer, error) {
	ctx = AtHeight(ctx, height)
	var (
		out []bridgetypes.Transfer
		key []byte
	)
	for {
		res, err := c.bridge.Transfers(ctx, &bridgetypes.QueryTransfersRequest{
			Status:     st,
			Pagination: &query.PageRequest{Key: key, Limit: pageLimit},
		})
		if err != nil {
			return nil, fmt.Errorf("transfers (%s): %w", st, err)
		}
		out = append(out, res.Transfers...)
		if limit > 0 && len(out) >= limit {
			return out[:limit], nil
		}
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return out, nil
		}
		key = res.Pagination.NextKey
	}
}

// Supply returns the bridge's supply figures and the height they were read at.
func (c *Client) Supply(ctx context.Context) (*bridgetypes.QuerySupplyResponse, int64, error) {
	var header metadata.MD
	res, err := c.bridge.Supply(ctx, &bridgetypes.QuerySupplyRequest{}, grpc.Header(&header))
	if err != nil {
		return nil, 0, fmt.Errorf("bridge supply: %w", err)
	}
	return res, heightOf(header), nil
}

// AtHeight makes the queries of ctx read the state at height (0: latest).
func AtHeight(ctx context.Context, height int64) context.Context {
	if height <= 0 {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, grpctypes.GRPCBlockHeightHeader, strconv.FormatInt(height, 10))
}

func heightOf(md metadata.MD) int64 {
	vals := md.Get(grpctypes.GRPCBlockHeightHeader)
	if len(vals) == 0 {
		return 0
	}
	h, err := strconv.ParseInt(vals[0], 10, 64)
	if err != nil {
		return 0
	}
	return h
}
