// Package evm is session-relayer's access to the EVM side: the SessionBridge
// contract's state at a chosen block, its Deposit logs looked up by nonce,
// and the submitBatch, updateSignerSet, setPaused and setWithdrawalCap
// transactions, which the relayer's gas wallet sends.
package evm

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
)

// Backend is the EVM node access the relayer needs; *ethclient.Client and
// go-ethereum's simulated backend client both provide it.
type Backend interface {
	bind.ContractBackend
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*ethtypes.Receipt, error)
	PendingCallContract(ctx context.Context, call ethereum.CallMsg) ([]byte, error)
	ChainID(ctx context.Context) (*big.Int, error)
}

// gasMarginDivisor: a transaction's gas limit is its estimate plus the
// estimate divided by this.
const gasMarginDivisor = 4

// receiptPoll is how often a sent transaction's receipt is asked for.
const receiptPoll = 150 * time.Millisecond

// Block selects the state a call reads: a block number, or the pending block.
type Block struct {
	Number  uint64
	Pending bool
}

// At is the state after block n.
func At(n uint64) Block { return Block{Number: n} }

// Pending is the state of the pending block: what the next block would see.
var Pending = Block{Pending: true}

func (b Block) opts(ctx context.Context) *bind.CallOpts {
	if b.Pending {
		return &bind.CallOpts{Context: ctx, Pending: true}
	}
	return &bind.CallOpts{Context: ctx, BlockNumber: new(big.Int).SetUint64(b.Number)}
}

func (b Block) String() string {
	if b.Pending {
		return "pending"
	}
	return fmt.Sprint(b.Number)
}

// Deposit is a Deposit event of the bridge contract.
type Deposit struct {
	Nonce     uint64
	Sender    common.Address
	Recipient string
	Amount    *big.Int
	Block     uint64
	// BlockHash is the hash of the block the log is in: a reorg that drops
	// the block changes the hash at its number.
	BlockHash common.Hash
	TxHash    common.Hash
}

// SignerSet is the contract's current signer set.
type SignerSet struct {
	Nonce   uint64
	Signers []common.Address
	Powers  []*big.Int
	// TotalPower counts the members and the bonded validators without a key.
	TotalPower *big.Int
}

// Total is the set's total power: what more than 2/3 of must sign.
func (s SignerSet) Total() *big.Int {
	if s.TotalPower != nil {
		return new(big.Int).Set(s.TotalPower)
	}
	t := new(big.Int)
	for _, p := range s.Powers {
		t.Add(t, p)
	}
	return t
}

// Options are the Bridge's limits.
type Options struct {
	// LogRange is the largest block range of one eth_getLogs request.
	LogRange uint64
	// TxTimeout bounds the wait for a receipt.
	TxTimeout time.Duration
}

// Bridge is one SessionBridge deployment.
type Bridge struct {
	backend Backend
	addr    common.Address
	abi     *bindings.SessionBridge
	erc20   *bindings.TestSESH
	bound   *bind.BoundContract
	key     *ecdsa.PrivateKey
	chainID *big.Int
	opts    Options
}

// NewBridge binds the contract at addr. key (the gas wallet, which also
// receives the fees of the batches it submits) signs the relayer's
// transactions on chainID; it may be nil for a read-only bridge.
func NewBridge(backend Backend, addr common.Address, key *ecdsa.PrivateKey, chainID *big.Int, opts Options) *Bridge {
	if opts.LogRange == 0 {
		opts.LogRange = 10_000
	}
	if opts.TxTimeout == 0 {
		opts.TxTimeout = 2 * time.Minute
	}
	abi := bindings.NewSessionBridge()
	return &Bridge{
		backend: backend,
		addr:    addr,
		abi:     abi,
		erc20:   bindings.NewTestSESH(),
		bound:   abi.Instance(backend, addr),
		key:     key,
		chainID: chainID,
		opts:    opts,
	}
}

// Address is the contract's address.
func (b *Bridge) Address() common.Address { return b.addr }

// Sender is the address that pays for the relayer's transactions (and is
// paid the batches' fees).
func (b *Bridge) Sender() common.Address {
	if b.key == nil {
		return common.Address{}
	}
	return crypto.PubkeyToAddress(b.key.PublicKey)
}

// HeadBlock is the number of the latest block.
func (b *Bridge) HeadBlock(ctx context.Context) (uint64, error) {
	h, err := b.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("EVM head: %w", err)
	}
	return h.Number.Uint64(), nil
}

// Header is the header of block n.
func (b *Bridge) Header(ctx context.Context, n uint64) (*ethtypes.Header, error) {
	h, err := b.backend.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
	if err != nil {
		return nil, fmt.Errorf("EVM header %d: %w", n, err)
	}
	return h, nil
}

// FinalizedBlock is the number of the latest finalized block.
func (b *Bridge) FinalizedBlock(ctx context.Context) (uint64, error) {
	h, err := b.backend.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
	if err != nil {
		return 0, fmt.Errorf("EVM finalized block: %w", err)
	}
	return h.Number.Uint64(), nil
}

// BridgeID is the contract's bridgeId, which every digest it checks contains.
func (b *Bridge) BridgeID(ctx context.Context) (common.Hash, error) {
	id, err := bind.Call(b.bound, &bind.CallOpts{Context: ctx}, b.abi.PackBridgeId(), b.abi.UnpackBridgeId)
	if err != nil {
		return common.Hash{}, fmt.Errorf("bridgeId: %w", err)
	}
	return id, nil
}

// Token is the bridged ERC-20.
func (b *Bridge) Token(ctx context.Context) (common.Address, error) {
	t, err := bind.Call(b.bound, &bind.CallOpts{Context: ctx}, b.abi.PackToken(), b.abi.UnpackToken)
	if err != nil {
		return common.Address{}, fmt.Errorf("token: %w", err)
	}
	return t, nil
}

// beforeDeployment reports whether err says the contract has no code at a
// past block: a block before its deployment, where it had done nothing yet.
func beforeDeployment(err error, at Block) bool {
	return !at.Pending && errors.Is(err, bind.ErrNoCode)
}

// DepositNonce is the nonce of the last deposit at a block (0 before the deployment).
func (b *Bridge) DepositNonce(ctx context.Context, at Block) (uint64, error) {
	n, err := bind.Call(b.bound, at.opts(ctx), b.abi.PackDepositNonce(), b.abi.UnpackDepositNonce)
	if beforeDeployment(err, at) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("depositNonce at %s: %w", at, err)
	}
	if !n.IsUint64() {
		return 0, fmt.Errorf("depositNonce %s does not fit in uint64", n)
	}
	return n.Uint64(), nil
}

// Withdrawn reports whether transfer id was paid out at a block (false before the deployment).
func (b *Bridge) Withdrawn(ctx context.Context, id uint64, at Block) (bool, error) {
	done, err := bind.Call(b.bound, at.opts(ctx), b.abi.PackWithdrawn(id), b.abi.UnpackWithdrawn)
	if beforeDeployment(err, at) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("withdrawn(%d) at %s: %w", id, at, err)
	}
	return done, nil
}

// SignerSet is the contract's current signer set at a block.
func (b *Bridge) SignerSet(ctx context.Context, at Block) (SignerSet, error) {
	out, err := bind.Call(b.bound, at.opts(ctx), b.abi.PackCurrentSignerSet(), b.abi.UnpackCurrentSignerSet)
	if err != nil {
		return SignerSet{}, fmt.Errorf("currentSignerSet at %s: %w", at, err)
	}
	return SignerSet{Nonce: out.Nonce, Signers: out.Signers, Powers: out.Powers, TotalPower: out.Total}, nil
}

// SignerSetNonce is the nonce of the contract's signer set at a block.
func (b *Bridge) SignerSetNonce(ctx context.Context, at Block) (uint64, error) {
	n, err := bind.Call(b.bound, at.opts(ctx), b.abi.PackSignerSetNonce(), b.abi.UnpackSignerSetNonce)
	if err != nil {
		return 0, fmt.Errorf("signerSetNonce at %s: %w", at, err)
	}
	return n, nil
}

// Paused reports whether the contract is paused at a block.
func (b *Bridge) Paused(ctx context.Context, at Block) (bool, error) {
	p, err := bind.Call(b.bound, at.opts(ctx), b.abi.PackPaused(), b.abi.UnpackPaused)
	if err != nil {
		return false, fmt.Errorf("paused at %s: %w", at, err)
	}
	return p, nil
}

// AdminNonce is the contract's last admin nonce at a block.
func (b *Bridge) AdminNonce(ctx context.Context, at Block) (uint64, error) {
	n, err := bind.Call(b.bound, at.opts(ctx), b.abi.PackAdminNonce(), b.abi.UnpackAdminNonce)
	if err != nil {
		return 0, fmt.Errorf("adminNonce at %s: %w", at, err)
	}
	return n, nil
}

// Available is what a batch may release at a block: the withdrawal cap less
// what the bucket holds.
func (b *Bridge) Available(ctx context.Context, at Block) (*big.Int, error) {
	r, err := bind.Call(b.bound, at.opts(ctx), b.abi.PackAvailableToWithdraw(), b.abi.UnpackAvailableToWithdraw)
	if err != nil {
		return nil, fmt.Errorf("availableToWithdraw at %s: %w", at, err)
	}
	return r, nil
}

// Locked is the bridge's token balance at a block.
func (b *Bridge) Locked(ctx context.Context, token common.Address, at Block) (*big.Int, error) {
	tok := b.erc20.Instance(b.backend, token)
	bal, err := bind.Call(tok, at.opts(ctx), b.erc20.PackBalanceOf(b.addr), b.erc20.UnpackBalanceOf)
	if err != nil {
		return nil, fmt.Errorf("token balance of the bridge at %s: %w", at, err)
	}
	return bal, nil
}

// Deposits returns the Deposit events with the given nonces in blocks
// from..to, found through the indexed nonce topic, in log order. It asks for
// at most LogRange blocks at a time and stops early once every nonce is found.
func (b *Bridge) Deposits(ctx context.Context, nonces []uint64, from, to uint64) ([]Deposit, error) {
	if len(nonces) == 0 || from > to {
		return nil, nil
	}
	topics := make([]common.Hash, len(nonces))
	want := make(map[uint64]bool, len(nonces))
	for i, n := range nonces {
		topics[i] = common.BigToHash(new(big.Int).SetUint64(n))
		want[n] = true
	}
	var out []Deposit
	for start := from; start <= to; {
		end := min(to, start+b.opts.LogRange-1)
		logs, err := b.backend.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(start),
			ToBlock:   new(big.Int).SetUint64(end),
			Addresses: []common.Address{b.addr},
			Topics:    [][]common.Hash{{depositEvent.ID}, topics},
		})
		if err != nil {
			return nil, fmt.Errorf("Deposit logs in blocks %d..%d: %w", start, end, err)
		}
		for i := range logs {
			if logs[i].Removed {
				continue
			}
			d, err := DecodeDeposit(&logs[i])
			if err != nil {
				return nil, fmt.Errorf("Deposit log in tx %s: %w", logs[i].TxHash, err)
			}
			if !want[d.Nonce] {
				continue
			}
			delete(want, d.Nonce)
			out = append(out, d)
		}
		if len(want) == 0 || end == to {
			break
		}
		start = end + 1
	}
	return out, nil
}

var (
	// bridgeABI decodes the contract's logs.
	bridgeABI = bindings.NewSessionBridge()
	// depositEvent is the contract's Deposit event.
	depositEvent = bridgeABI.GetABI().Events[bindings.SessionBridgeDepositEventName]
)

// DecodeDeposit reads a Deposit log of the bridge contract. It takes only a
// log that is, byte for byte, the contract's encoding of the deposit it
// decodes to: the event's topic, the nonce and the sender as indexed topics,
// the recipient and the amount as data, nothing more. go-ethereum's
// generated decoder alone would take a log without data as a deposit of
// nothing to nobody, and ignore stray bytes; a log the contract cannot have
// emitted is refused here instead of reaching an attestation. A nonce
// beyond uint64, which the contract's 1, 2, 3… never reach, is refused too.
func DecodeDeposit(log *ethtypes.Log) (Deposit, error) {
	ev, err := bridgeABI.UnpackDepositEvent(log)
	if err != nil {
		return Deposit{}, err
	}
	if ev.Amount == nil {
		return Deposit{}, errors.New("Deposit log without data")
	}
	if !ev.Nonce.IsUint64() {
		return Deposit{}, fmt.Errorf("Deposit nonce %s does not fit in uint64", ev.Nonce)
	}
	d := Deposit{
		Nonce:     ev.Nonce.Uint64(),
		Sender:    ev.Sender,
		Recipient: ev.Recipient,
		Amount:    ev.Amount,
		Block:     log.BlockNumber,
		BlockHash: log.BlockHash,
		TxHash:    log.TxHash,
	}
	topics, data, err := encodeDeposit(d)
	if err != nil {
		return Deposit{}, err
	}
	if !slices.Equal(topics, log.Topics) || !bytes.Equal(data, log.Data) {
		return Deposit{}, fmt.Errorf("Deposit log is not the contract's encoding of deposit %d", d.Nonce)
	}
	return d, nil
}

// encodeDeposit returns the topics and the data of the Deposit log the
// contract emits for d.
func encodeDeposit(d Deposit) ([]common.Hash, []byte, error) {
	data, err := depositEvent.Inputs.NonIndexed().Pack(d.Recipient, d.Amount)
	if err != nil {
		return nil, nil, fmt.Errorf("encode Deposit %d: %w", d.Nonce, err)
	}
	topics := []common.Hash{
		depositEvent.ID,
		common.BigToHash(new(big.Int).SetUint64(d.Nonce)),
		common.BytesToHash(d.Sender.Bytes()),
	}
	return topics, data, nil
}

// SubmitBatch pays out a batch with signatures aligned with the contract's
// current set, and waits for the receipt.
func (b *Bridge) SubmitBatch(ctx context.Context, nonce, deadline uint64, transfers []bindings.SessionBridgeTransfer, sigs [][]byte) (*ethtypes.Receipt, error) {
	data, err := b.abi.TryPackSubmitBatch(nonce, deadline, transfers, sigs)
	if err != nil {
		return nil, err
	}
	return b.transact(ctx, data)
}

// UpdateSignerSet hands the contract over to a new signer set, with
// signatures of the current set, and waits for the receipt.
func (b *Bridge) UpdateSignerSet(ctx context.Context, set SignerSet, sigs [][]byte) (*ethtypes.Receipt, error) {
	data, err := b.abi.TryPackUpdateSignerSet(set.Nonce, set.Signers, set.Powers, set.Total(), sigs)
	if err != nil {
		return nil, err
	}
	return b.transact(ctx, data)
}

// SetPaused pauses or unpauses the contract with admin nonce nonce and
// signatures of its current set, and waits for the receipt.
func (b *Bridge) SetPaused(ctx context.Context, paused bool, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error) {
	data, err := b.abi.TryPackSetPaused(paused, nonce, sigs)
	if err != nil {
		return nil, err
	}
	return b.transact(ctx, data)
}

// SetWithdrawalCap sets the contract's withdrawal bucket with admin nonce
// nonce and signatures of its current set, and waits for the receipt.
func (b *Bridge) SetWithdrawalCap(ctx context.Context, limit, period *big.Int, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error) {
	data, err := b.abi.TryPackSetWithdrawalCap(limit, period, nonce, sigs)
	if err != nil {
		return nil, err
	}
	return b.transact(ctx, data)
}

// ErrReadOnly is returned for transactions on a bridge without a key.
var ErrReadOnly = errors.New("no EVM key to send transactions with")

func (b *Bridge) transact(ctx context.Context, data []byte) (*ethtypes.Receipt, error) {
	return b.transactOn(ctx, b.bound, data)
}

// transactOn sends data to the contract bound (the bridge, or a retired
// release-1 contract) with the gas wallet and waits for the receipt.
func (b *Bridge) transactOn(ctx context.Context, bound *bind.BoundContract, data []byte) (*ethtypes.Receipt, error) {
	if b.key == nil {
		return nil, ErrReadOnly
	}
	opts := bind.NewKeyedTransactor(b.key, b.chainID)
	opts.Context = ctx
	// The estimate is exact for the pending block; the block the
	// transaction lands in has another time, which the contract's
	// withdrawal cap reads: an exact limit can run a token transfer out of
	// gas. A quarter more is plenty.
	opts.NoSend = true
	dry, err := bind.Transact(bound, opts, data)
	if err != nil {
		return nil, b.decodeRevert(err)
	}
	opts.NoSend = false
	opts.GasLimit = dry.Gas() + dry.Gas()/gasMarginDivisor
	tx, err := bind.Transact(bound, opts, data)
	if err != nil {
		return nil, b.decodeRevert(err)
	}
	rec, err := WaitReceipt(ctx, b.backend, tx.Hash(), b.opts.TxTimeout)
	if err != nil {
		return nil, err
	}
	if rec.Status != ethtypes.ReceiptStatusSuccessful {
		return rec, &RevertError{TxHash: tx.Hash(), Block: rec.BlockNumber.Uint64(), Reason: fmt.Sprintf("reverted in block %d", rec.BlockNumber)}
	}
	return rec, nil
}

// ErrReceiptTimeout means a sent transaction had no receipt in time; it may still be mined.
var ErrReceiptTimeout = errors.New("no receipt in time")

// WaitReceipt polls for a transaction's receipt every 150 ms, for at most timeout.
func WaitReceipt(ctx context.Context, backend interface {
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*ethtypes.Receipt, error)
}, hash common.Hash, timeout time.Duration,
) (*ethtypes.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(receiptPoll)
	defer tick.Stop()
	for {
		// Not found yet, or a transient RPC error: either way, ask again until the deadline.
		if rec, err := backend.TransactionReceipt(ctx, hash); err == nil && rec != nil {
			return rec, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: tx %s after %s", ErrReceiptTimeout, hash, timeout)
		case <-tick.C:
		}
	}
}
