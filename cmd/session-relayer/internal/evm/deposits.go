package evm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
)

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
