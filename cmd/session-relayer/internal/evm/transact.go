package evm

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"

	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
)

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
