package nodeagent

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// inclusionPoll is how often the agent asks whether its tx is in a block.
const inclusionPoll = 500 * time.Millisecond

// Block is a committed block as a proof names it: its height and the app
// hash the chain reached there, with the block time the agent schedules by.
type Block struct {
	Height  int64
	AppHash []byte
	Time    time.Time
}

// Chain is what the agent reads from and sends to the chain.
type Chain interface {
	// Params are x/nodestaking's parameters.
	Params(ctx context.Context) (types.Params, error)
	// LastBlock is the newest block a proof can name.
	LastBlock(ctx context.Context) (Block, error)
	// Liveness is a node's liveness record.
	Liveness(ctx context.Context, pubkey string) (*types.QueryLivenessResponse, error)
	// Quorum is the quorum testing a node in the current period.
	Quorum(ctx context.Context, pubkey string) (*types.QueryQuorumResponse, error)
	// SeedRound is the seed round in progress (nil before the chain's
	// first), which a proof's seed proof covers.
	SeedRound(ctx context.Context) (*types.SeedRound, error)
	// Endpoints are the registered endpoints of every node.
	Endpoints(ctx context.Context) ([]types.NodeEndpointEntry, error)
	// Send signs msg, broadcasts it and waits until it is in a block. free
	// sends it without a fee (quorum votes, when the chain exempts them).
	Send(ctx context.Context, msg sdk.Msg, free bool) (*sdk.TxResponse, error)
	// Sender is the account that pays.
	Sender() string
}

// TxError is a transaction the chain refused.
type TxError struct {
	Code      uint32
	Codespace string
	Log       string
}

func (e *TxError) Error() string {
	return fmt.Sprintf("tx refused with code %d (%s): %s", e.Code, e.Codespace, e.Log)
}

// rpcChain is Chain over a node's CometBFT RPC, with sessiond's codecs.
type rpcChain struct {
	ctx    client.Context
	q      types.QueryClient
	cfg    ChainConfig
	sender string
}

// dialChain opens the keyring and connects to the configured node.
func dialChain(base client.Context, cfg ChainConfig) (*rpcChain, error) {
	rpc, err := client.NewClientFromNode(cfg.RPC)
	if err != nil {
		return nil, fmt.Errorf("chain.rpc %s: %w", cfg.RPC, err)
	}
	input, err := daemon.KeyringInput(cfg.KeyringBackend, cfg.KeyringPasswordFile)
	if err != nil {
		return nil, err
	}
	kr, err := keyring.New(sdk.KeyringServiceName(), cfg.KeyringBackend, cfg.KeyringDir, input, base.Codec)
	if err != nil {
		return nil, fmt.Errorf("open the %s keyring in %s: %w", cfg.KeyringBackend, cfg.KeyringDir, err)
	}
	rec, err := kr.Key(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("key %q in the %s keyring in %s: %w", cfg.From, cfg.KeyringBackend, cfg.KeyringDir, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return nil, err
	}
	ctx := base.WithClient(rpc).WithChainID(cfg.ChainID).WithKeyring(kr).
		WithFromName(cfg.From).WithFromAddress(addr).WithBroadcastMode("sync").WithOutput(io.Discard)
	return &rpcChain{ctx: ctx, q: types.NewQueryClient(ctx), cfg: cfg, sender: addr.String()}, nil
}

func (c *rpcChain) Sender() string { return c.sender }

func (c *rpcChain) Params(ctx context.Context) (types.Params, error) {
	res, err := c.q.Params(ctx, &types.QueryParamsRequest{})
	if err != nil {
		return types.Params{}, err
	}
	return res.Params, nil
}

// LastBlock names the block before the latest: the latest block's header
// carries the app hash the chain reached there, and the chain accepts it in
// a simulation (which runs at the latest height) as in a block.
func (c *rpcChain) LastBlock(ctx context.Context) (Block, error) {
	res, err := c.ctx.Client.Block(ctx, nil)
	if err != nil {
		return Block{}, fmt.Errorf("latest block: %w", err)
	}
	h := res.Block.Header
	return Block{Height: h.Height - 1, AppHash: h.AppHash, Time: h.Time}, nil
}

func (c *rpcChain) Liveness(ctx context.Context, pubkey string) (*types.QueryLivenessResponse, error) {
	return c.q.Liveness(ctx, &types.QueryLivenessRequest{Pubkey: pubkey})
}

func (c *rpcChain) SeedRound(ctx context.Context) (*types.SeedRound, error) {
	res, err := c.q.SeedRound(ctx, &types.QuerySeedRoundRequest{})
	if err != nil {
		return nil, err
	}
	return res.Round, nil
}

func (c *rpcChain) Quorum(ctx context.Context, pubkey string) (*types.QueryQuorumResponse, error) {
	return c.q.Quorum(ctx, &types.QueryQuorumRequest{Pubkey: pubkey})
}

func (c *rpcChain) Endpoints(ctx context.Context) ([]types.NodeEndpointEntry, error) {
	var all []types.NodeEndpointEntry
	var key []byte
	for {
		res, err := c.q.Endpoints(ctx, &types.QueryEndpointsRequest{Pagination: &query.PageRequest{Key: key, Limit: 500}})
		if err != nil {
			return nil, err
		}
		all = append(all, res.Endpoints...)
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return all, nil
		}
		key = res.Pagination.NextKey
	}
}

// Send simulates msg for gas, signs it with the configured key (with no
// fee if free, otherwise at gas_prices), broadcasts it and waits, at most
// tx_timeout, until it is in a block.
func (c *rpcChain) Send(ctx context.Context, msg sdk.Msg, free bool) (*sdk.TxResponse, error) {
	num, seq, err := c.ctx.AccountRetriever.GetAccountNumberSequence(c.ctx.WithCmdContext(ctx), c.ctx.FromAddress)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", c.sender, err)
	}
	gasPrices := c.cfg.GasPrices
	if free {
		gasPrices = ""
	}
	txf := clienttx.Factory{}.WithTxConfig(c.ctx.TxConfig).WithKeybase(c.ctx.Keyring).WithFromName(c.cfg.From).
		WithChainID(c.cfg.ChainID).WithGasPrices(gasPrices).WithGasAdjustment(c.cfg.GasAdjustment).
		WithSimulateAndExecute(true).WithAccountNumber(num).WithSequence(seq).
		WithAccountRetriever(c.ctx.AccountRetriever)
	_, gas, err := clienttx.CalculateGas(c.ctx.WithCmdContext(ctx), txf, msg)
	if err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	builder, err := txf.WithGas(gas).BuildUnsignedTx(msg)
	if err != nil {
		return nil, fmt.Errorf("build tx: %w", err)
	}
	if err := clienttx.Sign(ctx, txf.WithGas(gas), c.cfg.From, builder, true); err != nil {
		return nil, fmt.Errorf("sign tx: %w", err)
	}
	bz, err := c.ctx.TxConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		return nil, fmt.Errorf("encode tx: %w", err)
	}
	res, err := c.ctx.BroadcastTxSync(bz)
	if err != nil {
		return nil, fmt.Errorf("broadcast: %w", err)
	}
	if res.Code != 0 {
		return res, &TxError{Code: res.Code, Codespace: res.Codespace, Log: res.RawLog}
	}
	return c.waitIncluded(ctx, res.TxHash)
}

// waitIncluded polls for the tx until it is in a block or tx_timeout passed.
func (c *rpcChain) waitIncluded(ctx context.Context, hash string) (*sdk.TxResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.TxTimeout.Duration)
	defer cancel()
	tick := time.NewTicker(inclusionPoll)
	defer tick.Stop()
	for {
		if res, err := authtx.QueryTx(c.ctx.WithCmdContext(ctx), hash); err == nil {
			if res.Code != 0 {
				return res, &TxError{Code: res.Code, Codespace: res.Codespace, Log: res.RawLog}
			}
			return res, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("tx %s not in a block after %s", hash, c.cfg.TxTimeout.Duration)
		case <-tick.C:
		}
	}
}

// signProof signs with key the next uptime proof of node id (hex), naming
// block and endpoint.
func signProof(chainID string, key ed25519.PrivateKey, id string, seq uint64, b Block, e types.NodeEndpoint) (types.UptimeProof, []byte, error) {
	p := types.UptimeProof{Seq: seq, BlockHeight: b.Height, AppHash: b.AppHash, Endpoint: e}
	bz, err := types.UptimeProofSignBytes(chainID, id, p)
	if err != nil {
		return p, nil, err
	}
	return p, ed25519.Sign(key, bz), nil
}

// signVote signs with key a quorum vote of node id (hex) about tested, sent
// by sender (the signature holds only in a transaction of that account).
func signVote(chainID, sender string, key ed25519.PrivateKey, id, tested string, period uint64, state types.NodeState) ([]byte, error) {
	bz, err := types.NodeStateVoteSignBytes(chainID, sender, id, tested, period, state)
	if err != nil {
		return nil, err
	}
	return ed25519.Sign(key, bz), nil
}
