package chain

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
)

// keyringAppName is the service name of the OS keyring, as sessiond uses it.
const keyringAppName = "sessiond"

// inclusionPoll is how often the signer asks whether a broadcast tx is in a block.
const inclusionPoll = 300 * time.Millisecond

// gasMarginPerMsg is added to the simulated gas for every message. The
// attestation that carries a deposit or an execution past 2/3 settles it
// (mints, queues a refund, clears the votes), which costs more than the
// attestations before it; when another validator's vote lands in the same
// block first, the simulation saw the cheap path and the tx would run out of gas.
const gasMarginPerMsg = 60_000

// SignerConfig is what a Signer needs besides the client.
type SignerConfig struct {
	KeyringDir          string
	KeyringBackend      string
	KeyringPasswordFile string
	KeyName             string
	ChainID             string
	GasPrices           string
	GasAdjustment       float64
	TxTimeout           time.Duration
}

// Signer signs and broadcasts the relayer's transactions with the key of
// the validator's delegate account.
type Signer struct {
	client  *Client
	kr      keyring.Keyring
	cfg     SignerConfig
	addr    sdk.AccAddress
	account string
}

// NewSigner opens the keyring and finds the delegate's key.
func NewSigner(c *Client, cfg SignerConfig) (*Signer, error) {
	if cfg.KeyringBackend == keyring.BackendFile {
		if err := evmkey.CheckPrivate(cfg.KeyringPasswordFile); err != nil {
			return nil, fmt.Errorf("keyring password: %w", err)
		}
	}
	input, err := daemon.KeyringInput(cfg.KeyringBackend, cfg.KeyringPasswordFile)
	if err != nil {
		return nil, err
	}
	kr, err := keyring.New(keyringAppName, cfg.KeyringBackend, cfg.KeyringDir, input, c.cdc.Proto)
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
	account, err := c.cdc.AddressCodec.BytesToString(addr)
	if err != nil {
		return nil, err
	}
	return &Signer{client: c, kr: kr, cfg: cfg, addr: addr, account: account}, nil
}

// Account is the delegate's account address (session1...): the signer of
// the relayer's messages.
func (s *Signer) Account() string { return s.account }

// TxError is a transaction the chain refused: in simulation, in CheckTx or in
// the block. Code and Codespace are set for CheckTx and block failures.
type TxError struct {
	// Stage is "simulate", "check" or "deliver".
	Stage     string
	Code      uint32
	Codespace string
	Log       string
	TxHash    string
	// MsgIndex is the index of the failing message, -1 if unknown.
	MsgIndex int
}

func (e *TxError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tx failed in %s", e.Stage)
	if e.Code != 0 {
		fmt.Fprintf(&b, " with code %d (%s)", e.Code, e.Codespace)
	}
	if e.TxHash != "" {
		fmt.Fprintf(&b, ", hash %s", e.TxHash)
	}
	if e.MsgIndex >= 0 {
		fmt.Fprintf(&b, ", message %d", e.MsgIndex)
	}
	fmt.Fprintf(&b, ": %s", e.Log)
	return b.String()
}

// ErrNotIncluded is returned when a broadcast tx did not show up in a block in time.
var ErrNotIncluded = errors.New("tx not included in time")

var msgIndexRe = regexp.MustCompile(`message index: (\d+)`)

// msgIndex extracts the index of the failing message from an SDK error log.
func msgIndex(log string) int {
	m := msgIndexRe.FindStringSubmatch(log)
	if m == nil {
		return -1
	}
	i, err := strconv.Atoi(m[1])
	if err != nil {
		return -1
	}
	return i
}

// Send simulates msgs for gas, signs them in one transaction, broadcasts it
// (sync) and waits until it is in a block. A refused transaction is a *TxError.
func (s *Signer) Send(ctx context.Context, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
	info, err := s.client.auth.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: s.account})
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", s.account, err)
	}
	txf := clienttx.Factory{}.
		WithTxConfig(s.client.cdc.TxConfig).
		WithKeybase(s.kr).
		WithFromName(s.cfg.KeyName).
		WithChainID(s.cfg.ChainID).
		WithGasPrices(s.cfg.GasPrices).
		WithGasAdjustment(s.cfg.GasAdjustment).
		WithSimulateAndExecute(true).
		WithAccountNumber(info.Info.AccountNumber).
		WithSequence(info.Info.Sequence)

	simBytes, err := txf.BuildSimTx(msgs...)
	if err != nil {
		return nil, fmt.Errorf("build simulation tx: %w", err)
	}
	sim, err := s.client.txs.Simulate(ctx, &txtypes.SimulateRequest{TxBytes: simBytes})
	if err != nil {
		if st, ok := status.FromError(err); ok && st.Code() != codes.Unavailable && st.Code() != codes.DeadlineExceeded && st.Code() != codes.Canceled {
			return nil, &TxError{Stage: "simulate", Log: st.Message(), MsgIndex: msgIndex(st.Message())}
		}
		return nil, fmt.Errorf("simulate: %w", err)
	}
	txf = txf.WithGas(uint64(s.cfg.GasAdjustment*float64(sim.GasInfo.GasUsed)) + gasMarginPerMsg*uint64(len(msgs)))

	builder, err := txf.BuildUnsignedTx(msgs...)
	if err != nil {
		return nil, fmt.Errorf("build tx: %w", err)
	}
	if err := clienttx.Sign(ctx, txf, s.cfg.KeyName, builder, true); err != nil {
		return nil, fmt.Errorf("sign tx: %w", err)
	}
	txBytes, err := s.client.cdc.TxConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		return nil, fmt.Errorf("encode tx: %w", err)
	}
	res, err := s.client.txs.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: txBytes, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if err != nil {
		return nil, fmt.Errorf("broadcast: %w", err)
	}
	if r := res.TxResponse; r == nil {
		return nil, errors.New("broadcast: empty response")
	} else if r.Code != 0 {
		return r, &TxError{Stage: "check", Code: r.Code, Codespace: r.Codespace, Log: r.RawLog, TxHash: r.TxHash, MsgIndex: msgIndex(r.RawLog)}
	}
	return s.waitIncluded(ctx, res.TxResponse.TxHash)
}

// waitIncluded polls GetTx until the tx is in a block, for at most the tx timeout.
func (s *Signer) waitIncluded(ctx context.Context, hash string) (*sdk.TxResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.TxTimeout)
	defer cancel()
	tick := time.NewTicker(inclusionPoll)
	defer tick.Stop()
	for {
		res, err := s.client.txs.GetTx(ctx, &txtypes.GetTxRequest{Hash: hash})
		if err == nil && res.TxResponse != nil {
			r := res.TxResponse
			if r.Code != 0 {
				return r, &TxError{Stage: "deliver", Code: r.Code, Codespace: r.Codespace, Log: r.RawLog, TxHash: r.TxHash, MsgIndex: msgIndex(r.RawLog)}
			}
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: %s after %s", ErrNotIncluded, hash, s.cfg.TxTimeout)
		case <-tick.C:
		}
	}
}
