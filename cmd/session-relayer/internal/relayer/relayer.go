// Package relayer is session-relayer's loop: each round it reads the chain
// and the EVM side afresh and does what is missing, in order: attest
// deposits at final blocks, sign batches, signer sets and admin operations
// with each key the validator signs with, attest what became of batches and
// what the contract holds, hand the contract over to a newer signer set,
// submit admin operations and batches (in a per-batch order of the
// relayers, so they do not race), and update the metrics. It keeps no state
// that matters across restarts: the chain and the contract say what is done.
package relayer

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/chain"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/metrics"
	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Chain is the Cosmos side the loop reads; *chain.Client implements it.
type Chain interface {
	Status(ctx context.Context) (chain.Status, error)
	Params(ctx context.Context) (bridgetypes.Params, error)
	Pending(ctx context.Context, valoper string) (*bridgetypes.QueryPendingSignaturesResponse, error)
	Bonded(ctx context.Context, valoper string) (bool, error)
	LatestSignerSetNonce(ctx context.Context) (uint64, error)
	SignerSet(ctx context.Context, nonce uint64) (*bridgetypes.QuerySignerSetResponse, error)
	Batches(ctx context.Context, status bridgetypes.BatchStatus) ([]bridgetypes.Batch, error)
	Batch(ctx context.Context, nonce uint64) (*bridgetypes.QueryBatchResponse, error)
	AdminOps(ctx context.Context) ([]bridgetypes.AdminOpEntry, error)
	Transfers(ctx context.Context, status bridgetypes.TransferStatus, height int64, limit int) ([]bridgetypes.Transfer, error)
	Supply(ctx context.Context) (*bridgetypes.QuerySupplyResponse, int64, error)
}

// Sender sends the relayer's Cosmos transactions; *chain.Signer implements it.
// A transaction the chain refuses is a *chain.TxError.
type Sender interface {
	Send(ctx context.Context, msgs ...sdk.Msg) (*sdk.TxResponse, error)
}

// EVM is the bridge contract; *evm.Bridge implements it.
type EVM interface {
	Address() common.Address
	Sender() common.Address
	HeadBlock(ctx context.Context) (uint64, error)
	FinalizedBlock(ctx context.Context) (uint64, error)
	Header(ctx context.Context, n uint64) (*ethtypes.Header, error)
	BridgeID(ctx context.Context) (common.Hash, error)
	Token(ctx context.Context) (common.Address, error)
	DepositNonce(ctx context.Context, at evm.Block) (uint64, error)
	Withdrawn(ctx context.Context, id uint64, at evm.Block) (bool, error)
	SignerSet(ctx context.Context, at evm.Block) (evm.SignerSet, error)
	SignerSetNonce(ctx context.Context, at evm.Block) (uint64, error)
	AdminNonce(ctx context.Context, at evm.Block) (uint64, error)
	Paused(ctx context.Context, at evm.Block) (bool, error)
	Available(ctx context.Context, at evm.Block) (*big.Int, error)
	Locked(ctx context.Context, token common.Address, at evm.Block) (*big.Int, error)
	Deposits(ctx context.Context, nonces []uint64, from, to uint64) ([]evm.Deposit, error)
	SubmitBatch(ctx context.Context, nonce, deadline uint64, transfers []bindings.SessionBridgeTransfer, sigs [][]byte) (*ethtypes.Receipt, error)
	UpdateSignerSet(ctx context.Context, set evm.SignerSet, sigs [][]byte) (*ethtypes.Receipt, error)
	SetPaused(ctx context.Context, paused bool, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error)
	SetWithdrawalCap(ctx context.Context, limit, period *big.Int, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error)
}

// EVMDialer binds the contract at an address, on an EVM chain whose id it
// reports. The contract address may only be known from the chain's params.
type EVMDialer interface {
	ChainID(ctx context.Context) (uint64, error)
	Bind(addr common.Address) EVM
}

// Config is what the loop needs to know besides its dependencies.
type Config struct {
	// Account is the validator's delegate account (session1...), the signer of messages.
	Account string
	// Valoper is the validator's operator address (sessionvaloper1...).
	Valoper string
	// ChainID is the Cosmos chain id.
	ChainID string
	// Contract is the configured contract; zero takes the chain's params.
	Contract common.Address
	// Confirmations is the safe depth below the head, unless Finalized.
	Confirmations uint64
	// Finalized uses the EVM chain's finalized block as the safe block.
	Finalized bool
	// StartBlock is the first block searched for deposits.
	StartBlock uint64
	// PollInterval is the pause between rounds.
	PollInterval time.Duration
	// StepTimeout bounds each step.
	StepTimeout time.Duration
	// SubmitDelay is the wait per place in a batch's submission order.
	SubmitDelay time.Duration
}

// Relayer is the loop.
type Relayer struct {
	cfg    Config
	chain  Chain
	sender Sender
	dialer EVMDialer
	// keys are the EVM keys the validator signs with (its key, and a key it
	// rotated away from while the contract may hold it), by address.
	keys    map[common.Address]*ecdsa.PrivateKey
	evmAddr common.Address
	log     *slog.Logger
	m       *metrics.Metrics
	now     func() time.Time

	// In-memory only; rebuilt after a restart.
	evm        EVM
	evmChainID uint64
	contractID map[common.Address]common.Hash
	token      map[common.Address]common.Address
	finder     *depositFinder
	backoff    map[uint64]backoff
	firstSeen  map[uint64]time.Time
	notices    map[string]string
	lastErr    map[string]loggedError
	mu         sync.Mutex
	lastParity string
}

// backoff holds off a batch the contract refused.
type backoff struct {
	until time.Time
	wait  time.Duration
}

// Batch retry delays after a revert.
const (
	minBackoff = 15 * time.Second
	maxBackoff = 10 * time.Minute
)

// New builds the loop. key is the validator's EVM signing key; previous,
// if not nil, the key it rotated away from.
func New(cfg Config, c Chain, s Sender, d EVMDialer, key, previous *ecdsa.PrivateKey, log *slog.Logger, m *metrics.Metrics) *Relayer {
	r := &Relayer{
		cfg:        cfg,
		chain:      c,
		sender:     s,
		dialer:     d,
		keys:       map[common.Address]*ecdsa.PrivateKey{},
		evmAddr:    crypto.PubkeyToAddress(key.PublicKey),
		log:        log,
		m:          m,
		now:        time.Now,
		contractID: map[common.Address]common.Hash{},
		token:      map[common.Address]common.Address{},
		finder:     newDepositFinder(cfg.StartBlock),
		backoff:    map[uint64]backoff{},
		firstSeen:  map[uint64]time.Time{},
		notices:    map[string]string{},
		lastErr:    map[string]loggedError{},
	}
	r.keys[r.evmAddr] = key
	if previous != nil {
		r.keys[crypto.PubkeyToAddress(previous.PublicKey)] = previous
	}
	return r
}

// Run runs rounds until ctx ends; then it returns nil once the current step
// has stopped.
func (r *Relayer) Run(ctx context.Context) error {
	r.log.Info("relayer started", "validator", r.cfg.Valoper, "evm_address", r.evmAddr.Hex(),
		"chain_id", r.cfg.ChainID, "poll_interval", r.cfg.PollInterval)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			r.log.Info("relayer stopping")
			return nil
		case <-timer.C:
		}
		r.Round(ctx)
		timer.Reset(r.cfg.PollInterval)
	}
}

// round is what every step of one round reads.
type round struct {
	params  bridgetypes.Params
	pending *bridgetypes.QueryPendingSignaturesResponse
	bonded  bool
	// registered: the chain has our EVM key for the validator and our
	// account as its delegate.
	registered bool
	// signID is the bridge id the chain checks signatures against (zero while
	// the chain names no contract).
	signID common.Hash
	// evm is the bound contract, nil when it cannot be used this round.
	evm        EVM
	head, safe uint64
	// safeTime is the safe block's time.
	safeTime uint64
	// contractID is the contract's own bridgeId.
	contractID common.Hash
}

// configured reports whether the chain names a contract.
func (rd *round) configured() bool { return rd.params.Configured() }

// Round runs every step once. Errors are logged and counted, never returned:
// the next round reads everything again.
func (r *Relayer) Round(ctx context.Context) {
	defer r.m.RoundDone()
	rd, ok := r.prepare(ctx)
	if !ok {
		return
	}
	r.checkRegistration(rd)
	attesting := rd.configured() && rd.bonded && rd.registered && rd.evm != nil
	if attesting && !rd.params.Paused {
		r.step(ctx, "deposits", func(ctx context.Context) error { return r.attestDeposits(ctx, rd) })
	}
	if rd.configured() && rd.registered {
		r.step(ctx, "sign", func(ctx context.Context) error { return r.sign(ctx, rd) })
	}
	if attesting {
		r.step(ctx, "confirm", func(ctx context.Context) error { return r.confirm(ctx, rd) })
	}
	if rd.evm != nil {
		r.step(ctx, "signer_set", func(ctx context.Context) error { return r.relaySignerSet(ctx, rd) })
		r.step(ctx, "admin", func(ctx context.Context) error { return r.relayAdminOp(ctx, rd) })
		if rd.registered {
			r.step(ctx, "retired", func(ctx context.Context) error { return r.sweepRetired(ctx, rd) })
		}
		r.step(ctx, "batches", func(ctx context.Context) error { return r.submitBatches(ctx, rd) })
		r.step(ctx, "metrics", func(ctx context.Context) error { return r.parity(ctx, rd) })
	}
}

// step runs fn bounded by the step timeout, logging and counting its error.
func (r *Relayer) step(ctx context.Context, name string, fn func(context.Context) error) {
	if ctx.Err() != nil {
		return
	}
	r.m.Beat()
	sctx, cancel := context.WithTimeout(ctx, r.cfg.StepTimeout)
	defer cancel()
	err := fn(sctx)
	r.m.Beat()
	if err == nil {
		return
	}
	if ctx.Err() != nil {
		r.log.Info("step cut short by shutdown", "step", name, "err", err)
		return
	}
	r.m.Errors.WithLabelValues(name).Inc()
	if r.repeated("step/"+name, err.Error()) {
		r.log.Debug("step failed again", "step", name, "err", err)
		return
	}
	r.log.Error("step failed", "step", name, "err", err)
}

// repeatEvery is how often an unchanged error or refusal is logged at its
// own level; in between it goes to debug, so a node that is down or a key
// another validator holds does not flood the log every round.
const repeatEvery = time.Minute

// loggedError is the last problem logged under a key.
type loggedError struct {
	msg string
	at  time.Time
}

// repeated reports whether msg was logged under key less than repeatEvery
// ago, and otherwise records it as logged now.
func (r *Relayer) repeated(key, msg string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	last, seen := r.lastErr[key]
	if seen && last.msg == msg && r.now().Sub(last.at) < repeatEvery {
		return true
	}
	r.lastErr[key] = loggedError{msg: msg, at: r.now()}
	return false
}

// prepare reads what every step needs. It returns false when the round
// cannot go on (the node is unreachable or catching up).
func (r *Relayer) prepare(ctx context.Context) (*round, bool) {
	var rd round
	var ok bool
	r.step(ctx, "prepare", func(ctx context.Context) error {
		st, err := r.chain.Status(ctx)
		if err != nil {
			return err
		}
		if st.CatchingUp {
			r.notice("node", "the node is catching up; waiting")
			return nil
		}
		r.notice("node", "")
		if rd.params, err = r.chain.Params(ctx); err != nil {
			return err
		}
		if rd.pending, err = r.chain.Pending(ctx, r.cfg.Valoper); err != nil {
			return err
		}
		r.m.NextAttestNonce.Set(float64(rd.pending.NextDepositNonce))
		if rd.bonded, err = r.chain.Bonded(ctx, r.cfg.Valoper); err != nil {
			return err
		}
		if rd.bonded {
			r.notice("bonded", "")
		} else {
			r.notice("bonded", "the validator is not bonded: not attesting until it is (it still signs what its keys must)", "validator", r.cfg.Valoper)
		}
		rd.registered = rd.pending.Delegate == r.cfg.Account && rd.pending.EvmAddress != "" &&
			(common.HexToAddress(rd.pending.EvmAddress) == r.evmAddr || r.holds(rd.pending.RetiredKeys))
		ok = true
		if !rd.configured() {
			r.notice("configured", "the chain names no bridge contract yet (bridge param contract_address): waiting")
			return nil
		}
		r.notice("configured", "")
		rd.signID = rd.params.BridgeID()
		if err := r.bindEVM(ctx, &rd); err != nil {
			r.m.Errors.WithLabelValues("evm").Inc()
			r.notice("evm", "EVM side unusable this round: "+err.Error())
		} else {
			r.notice("evm", "")
		}
		return nil
	})
	return &rd, ok
}

// notice logs msg at info level when it differs from the last notice under
// key; an empty msg clears the key (and logs nothing), so a condition that
// lasts is logged once, not every round.
func (r *Relayer) notice(key, msg string, args ...any) {
	r.mu.Lock()
	prev := r.notices[key]
	r.notices[key] = msg
	r.mu.Unlock()
	if msg != "" && msg != prev {
		r.log.Info(msg, args...)
	}
}

// send sends msgs in one transaction. When simulation names a failing
// message (another relayer won a race, a transfer was executed meanwhile),
// that message is dropped and the rest sent; with truncate (deposits, which
// must go in nonce order) everything from it on is dropped. It returns how
// many messages went through.
func (r *Relayer) send(ctx context.Context, kind string, msgs []sdk.Msg, truncate bool) (int, error) {
	for len(msgs) > 0 {
		res, err := r.sender.Send(ctx, msgs...)
		if err == nil {
			r.m.Txs.WithLabelValues(kind, metrics.ResultOK).Inc()
			r.log.Info("tx included", "kind", kind, "msgs", len(msgs), "hash", res.TxHash, "height", res.Height, "gas_used", res.GasUsed)
			return len(msgs), nil
		}
		var txErr *chain.TxError
		if !errors.As(err, &txErr) {
			r.m.Txs.WithLabelValues(kind, metrics.ResultError).Inc()
			return 0, fmt.Errorf("%s tx: %w", kind, err)
		}
		r.m.Txs.WithLabelValues(kind, metrics.ResultRejected).Inc()
		level := slog.LevelWarn
		if r.repeated("tx/"+kind, fmt.Sprintf("%s %d %s", txErr.Stage, txErr.Code, txErr.Log)) {
			level = slog.LevelDebug
		}
		r.log.Log(ctx, level, "tx refused", "kind", kind, "stage", txErr.Stage, "code", txErr.Code, "codespace", txErr.Codespace,
			"msg_index", txErr.MsgIndex, "hash", txErr.TxHash, "log", txErr.Log)
		i := txErr.MsgIndex
		if txErr.Stage != "simulate" || i < 0 || i >= len(msgs) || len(msgs) == 1 {
			return 0, nil
		}
		if truncate {
			msgs = msgs[:i]
		} else {
			msgs = append(msgs[:i:i], msgs[i+1:]...)
		}
	}
	return 0, nil
}
