// Package chain is session-pricefeeder's access to sessiond: x/pro's price
// and params, the latest block's time, and MsgSubmitPrice signed with the
// feeder's delegate key from a keyring. It builds its own small codec
// (standard crypto, auth and pro types) instead of importing the app.
package chain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// Bech32 prefixes of the chain.
const (
	AccountPrefix   = "session"
	ValidatorPrefix = "sessionvaloper"
)

// keyringAppName is the service name of the OS keyring, as sessiond uses it.
const keyringAppName = "sessiond"

// inclusionPoll is how often the client asks whether a broadcast tx is in a block.
const inclusionPoll = 300 * time.Millisecond

// Config is how the client reaches the node and signs.
type Config struct {
	GRPC                string
	ChainID             string
	KeyringDir          string
	KeyringBackend      string
	KeyringPasswordFile string
	KeyName             string
	GasPrices           string
	GasAdjustment       float64
	TxTimeout           time.Duration
}

// Client queries x/pro and submits prices.
type Client struct {
	cfg      Config
	conn     *grpc.ClientConn
	txConfig client.TxConfig
	acc      address.Codec
	kr       keyring.Keyring
	addr     sdk.AccAddress
	feeder   string

	pro     protypes.QueryClient
	auth    authtypes.QueryClient
	staking stakingtypes.QueryClient
	txs     txtypes.ServiceClient
	node    cmtservice.ServiceClient
}

// Dial opens the keyring, finds the feeder key and connects to the node
// (lazily: errors show on the first call). An empty chain id is read from
// the node.
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	setAddressConfig()
	acc := addresscodec.NewBech32Codec(AccountPrefix)
	txc, err := daemon.NewTxCodec(acc, addresscodec.NewBech32Codec(ValidatorPrefix), protypes.RegisterInterfaces)
	if err != nil {
		return nil, err
	}
	cdc, txCfg := txc.Proto, txc.TxConfig
	input, err := daemon.KeyringInput(cfg.KeyringBackend, cfg.KeyringPasswordFile)
	if err != nil {
		return nil, err
	}
	kr, err := keyring.New(keyringAppName, cfg.KeyringBackend, cfg.KeyringDir, input, cdc)
	if err != nil {
		return nil, fmt.Errorf("open %s keyring in %s: %w", cfg.KeyringBackend, cfg.KeyringDir, err)
	}
	rec, err := kr.Key(cfg.KeyName)
	if err != nil {
		return nil, fmt.Errorf("key %q in the %s keyring in %s: %w", cfg.KeyName, cfg.KeyringBackend, cfg.KeyringDir, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", cfg.KeyName, err)
	}
	feeder, err := acc.BytesToString(addr)
	if err != nil {
		return nil, err
	}
	conn, err := grpc.NewClient(cfg.GRPC,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(cdc.GRPCCodec())),
	)
	if err != nil {
		return nil, fmt.Errorf("gRPC %s: %w", cfg.GRPC, err)
	}
	c := &Client{
		cfg: cfg, conn: conn, txConfig: txCfg, acc: acc, kr: kr, addr: addr, feeder: feeder,
		pro: protypes.NewQueryClient(conn), auth: authtypes.NewQueryClient(conn), staking: stakingtypes.NewQueryClient(conn),
		txs: txtypes.NewServiceClient(conn), node: cmtservice.NewServiceClient(conn),
	}
	if c.cfg.ChainID == "" {
		info, err := c.node.GetNodeInfo(ctx, &cmtservice.GetNodeInfoRequest{})
		if err != nil {
			return nil, fmt.Errorf("node info: %w", err)
		}
		c.cfg.ChainID = info.DefaultNodeInfo.Network
	}
	return c, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Feeder is the feeder key's account address.
func (c *Client) Feeder() string { return c.feeder }

// ErrOperatorKey refuses a validator operator's key: a feeder signs with a
// delegate key of its own, so that the feeder's host never holds the key
// that controls a validator.
var ErrOperatorKey = errors.New("the key is a validator operator key")

// CheckNotOperator returns ErrOperatorKey when the feeder key operates a
// validator.
func (c *Client) CheckNotOperator(ctx context.Context) error {
	valoper, err := addresscodec.NewBech32Codec(ValidatorPrefix).BytesToString(c.addr)
	if err != nil {
		return err
	}
	_, err = c.staking.Validator(ctx, &stakingtypes.QueryValidatorRequest{ValidatorAddr: valoper})
	if err == nil {
		return fmt.Errorf("%w: %s operates validator %s; use a separate feeder key", ErrOperatorKey, c.feeder, valoper)
	}
	if st, ok := status.FromError(err); ok && st.Code() == codes.NotFound {
		return nil
	}
	return fmt.Errorf("validator %s: %w", valoper, err)
}

// Price returns x/pro's price, its health and its inputs.
func (c *Client) Price(ctx context.Context) (*protypes.QueryPriceResponse, error) {
	return c.pro.Price(ctx, &protypes.QueryPriceRequest{})
}

// Params returns x/pro's params.
func (c *Client) Params(ctx context.Context) (protypes.Params, error) {
	res, err := c.pro.Params(ctx, &protypes.QueryParamsRequest{})
	if err != nil {
		return protypes.Params{}, err
	}
	return res.Params, nil
}

// LatestBlockTime returns the time of the node's latest block: a source
// time later than it would be refused.
func (c *Client) LatestBlockTime(ctx context.Context) (time.Time, error) {
	res, err := c.node.GetLatestBlock(ctx, &cmtservice.GetLatestBlockRequest{})
	if err != nil {
		return time.Time{}, err
	}
	if res.SdkBlock != nil {
		return res.SdkBlock.Header.Time, nil
	}
	return time.Time{}, errors.New("latest block: empty answer")
}

// TxError is a submission the chain refused, with its registered error.
type TxError struct {
	Stage     string
	Code      uint32
	Codespace string
	Log       string
}

func (e *TxError) Error() string {
	return fmt.Sprintf("refused in %s with %s/%d: %s", e.Stage, e.Codespace, e.Code, e.Log)
}

// Is matches a registered error of x/pro by codespace and code.
func (e *TxError) Is(target error) bool {
	var reg interface {
		Codespace() string
		ABCICode() uint32
	}
	if errors.As(target, &reg) {
		return e.Codespace == reg.Codespace() && e.Code == reg.ABCICode()
	}
	return false
}

// SubmitPrice signs and broadcasts MsgSubmitPrice and waits until it is in a
// block; it returns the transaction hash.
func (c *Client) SubmitPrice(ctx context.Context, msg *protypes.MsgSubmitPrice) (string, error) {
	msg.Feeder = c.feeder
	info, err := c.auth.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: c.feeder})
	if err != nil {
		return "", fmt.Errorf("account %s: %w", c.feeder, err)
	}
	txf := clienttx.Factory{}.WithTxConfig(c.txConfig).WithKeybase(c.kr).WithFromName(c.cfg.KeyName).
		WithChainID(c.cfg.ChainID).WithGasPrices(c.cfg.GasPrices).WithGasAdjustment(c.cfg.GasAdjustment).
		WithSimulateAndExecute(true).WithAccountNumber(info.Info.AccountNumber).WithSequence(info.Info.Sequence)
	simBytes, err := txf.BuildSimTx(msg)
	if err != nil {
		return "", fmt.Errorf("build simulation tx: %w", err)
	}
	sim, err := c.txs.Simulate(ctx, &txtypes.SimulateRequest{TxBytes: simBytes})
	if err != nil {
		if st, ok := status.FromError(err); ok && st.Code() == codes.Unknown || ok && st.Code() == codes.InvalidArgument {
			return "", simulationError(st.Message())
		}
		return "", fmt.Errorf("simulate: %w", err)
	}
	txf = txf.WithGas(uint64(c.cfg.GasAdjustment * float64(sim.GasInfo.GasUsed)))
	builder, err := txf.BuildUnsignedTx(msg)
	if err != nil {
		return "", fmt.Errorf("build tx: %w", err)
	}
	if err := clienttx.Sign(ctx, txf, c.cfg.KeyName, builder, true); err != nil {
		return "", fmt.Errorf("sign tx: %w", err)
	}
	txBytes, err := c.txConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		return "", fmt.Errorf("encode tx: %w", err)
	}
	res, err := c.txs.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: txBytes, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if err != nil {
		return "", fmt.Errorf("broadcast: %w", err)
	}
	r := res.TxResponse
	if r == nil {
		return "", errors.New("broadcast: empty response")
	}
	if r.Code != 0 {
		return r.TxHash, &TxError{Stage: "check", Code: r.Code, Codespace: r.Codespace, Log: r.RawLog}
	}
	return r.TxHash, c.waitIncluded(ctx, r.TxHash)
}

// simulationError turns a refused simulation into a TxError; the SDK puts
// the codespace and code of a registered error only in its message, as
// "...: <log>: <registered message>", so it is matched against x/pro's.
func simulationError(msg string) error {
	for _, e := range proErrors {
		if strings.HasSuffix(msg, e.Error()) || strings.Contains(msg, ": "+e.Error()) {
			return &TxError{Stage: "simulate", Code: e.ABCICode(), Codespace: e.Codespace(), Log: msg}
		}
	}
	return &TxError{Stage: "simulate", Log: msg}
}

// proErrors are the refusals of a submission the feeder tells apart.
var proErrors = []*errorsmod.Error{protypes.ErrSourceTime, protypes.ErrNotFeeder, protypes.ErrInvalidPrice}

// waitIncluded polls GetTx until the tx is in a block, for at most the tx timeout.
func (c *Client) waitIncluded(ctx context.Context, hash string) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.TxTimeout)
	defer cancel()
	tick := time.NewTicker(inclusionPoll)
	defer tick.Stop()
	for {
		res, err := c.txs.GetTx(ctx, &txtypes.GetTxRequest{Hash: hash})
		if err == nil && res.TxResponse != nil {
			if r := res.TxResponse; r.Code != 0 {
				return &TxError{Stage: "deliver", Code: r.Code, Codespace: r.Codespace, Log: r.RawLog}
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("tx %s not in a block after %s", hash, c.cfg.TxTimeout)
		case <-tick.C:
		}
	}
}

// setAddressConfig sets the SDK's global bech32 prefixes, which some SDK
// code (tx signing) still reads instead of the codecs.
func setAddressConfig() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == AccountPrefix {
		return
	}
	cfg.SetBech32PrefixForAccount(AccountPrefix, AccountPrefix+sdk.PrefixPublic)
	cfg.SetBech32PrefixForValidator(ValidatorPrefix, ValidatorPrefix+sdk.PrefixPublic)
}
