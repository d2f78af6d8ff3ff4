// Package evmsim helps tests that run contracts on go-ethereum's simulated
// backend.
package evmsim

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// receiptWait bounds the wait for a committed transaction's receipt. The
// backend's indexer runs beside the test; with `go test ./...` loading both
// cores, a receipt was once still missing after 5 s.
const receiptWait = 30 * time.Second

// ReceiptReader is the part of an EVM client Receipt needs.
type ReceiptReader interface {
	TransactionReceipt(ctx context.Context, hash common.Hash) (*ethtypes.Receipt, error)
}

// Receipt returns the receipt of a transaction already committed on the
// simulated backend. The backend indexes transactions in the background,
// so a receipt can be missing for a moment after the commit (more so on a
// loaded machine): it is looked up again for at most receiptWait.
func Receipt(tb testing.TB, client ReceiptReader, hash common.Hash) *ethtypes.Receipt {
	tb.Helper()
	deadline := time.Now().Add(receiptWait)
	for {
		rec, err := client.TransactionReceipt(context.Background(), hash)
		if err == nil {
			return rec
		}
		if !errors.Is(err, ethereum.NotFound) || time.Now().After(deadline) {
			require.NoError(tb, err, "receipt of %s", hash)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Transact sends a contract call with a quarter more gas than the estimate.
// The estimate is exact for the pending block; the block the transaction
// lands in can have another time, and the bridge's withdrawal cap reads the
// time, so an exact limit can run a token transfer out of gas.
func Transact(c *bind.BoundContract, opts *bind.TransactOpts, data []byte) (*ethtypes.Transaction, error) {
	dry := *opts
	dry.NoSend = true
	tx, err := bind.Transact(c, &dry, data)
	if err != nil {
		return nil, err
	}
	send := *opts
	send.GasLimit = tx.Gas() + tx.Gas()/4
	return bind.Transact(c, &send, data)
}
