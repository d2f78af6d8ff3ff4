package main

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/relayer"
)

// evmDialer binds the bridge contract on the configured EVM node.
type evmDialer struct {
	client  evm.Backend
	key     *ecdsa.PrivateKey
	opts    evm.Options
	chainID *big.Int
}

var _ relayer.EVMDialer = (*evmDialer)(nil)

// ChainID asks the node for its chain id (and remembers it for signing).
func (d *evmDialer) ChainID(ctx context.Context) (uint64, error) {
	id, err := d.client.ChainID(ctx)
	if err != nil {
		return 0, err
	}
	if !id.IsUint64() {
		return 0, fmt.Errorf("EVM chain id %s does not fit in uint64", id)
	}
	d.chainID = id
	return id.Uint64(), nil
}

// Bind binds the contract at addr; ChainID must have succeeded first.
func (d *evmDialer) Bind(addr common.Address) relayer.EVM {
	return evm.NewBridge(d.client, addr, d.key, d.chainID, d.opts)
}

// BindRelease1 binds release 1's retired contract at addr, for its sweep.
func (d *evmDialer) BindRelease1(addr common.Address) relayer.RetiredEVM {
	return evm.NewRelease1(d.client, addr, d.key, d.chainID, d.opts)
}
