// Package evm is session-relayer's access to the EVM side: the SessionBridge
// contract's state at a chosen block, its Deposit logs looked up by nonce,
// and the submitBatch, updateSignerSet, setPaused and setWithdrawalCap
// transactions, which the relayer's gas wallet sends.
package evm

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
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

var (
	// bridgeABI decodes the contract's logs.
	bridgeABI = bindings.NewSessionBridge()
	// depositEvent is the contract's Deposit event.
	depositEvent = bridgeABI.GetABI().Events[bindings.SessionBridgeDepositEventName]
)

// ErrReadOnly is returned for transactions on a bridge without a key.
var ErrReadOnly = errors.New("no EVM key to send transactions with")

// ErrReceiptTimeout means a sent transaction had no receipt in time; it may still be mined.
var ErrReceiptTimeout = errors.New("no receipt in time")
