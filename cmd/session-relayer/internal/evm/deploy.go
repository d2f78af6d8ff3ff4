package evm

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"

	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
)

// DeployParams are the constructor arguments of SessionBridge.
type DeployParams struct {
	Token common.Address
	// BridgeName is the chain's bridge_name param.
	BridgeName    string
	SignerSet     SignerSet
	WithdrawalCap *big.Int
	// CapPeriod is the seconds a full withdrawal bucket takes to drain.
	CapPeriod *big.Int
}

// Deployment is a deployed bridge.
type Deployment struct {
	Address common.Address
	TxHash  common.Hash
	Block   uint64
}

// Deploy deploys SessionBridge with key on chainID and waits (at most
// timeout) for the receipt.
func Deploy(ctx context.Context, backend Backend, key *ecdsa.PrivateKey, chainID *big.Int, p DeployParams, timeout time.Duration) (Deployment, error) {
	if p.WithdrawalCap == nil || p.CapPeriod == nil || p.CapPeriod.Sign() <= 0 {
		return Deployment{}, fmt.Errorf("constructor arguments: the withdrawal cap and a positive cap period are required (cap %v, period %v)", p.WithdrawalCap, p.CapPeriod)
	}
	parsed := bindings.NewSessionBridge().GetABI()
	input, err := parsed.Pack("", p.Token, p.BridgeName, p.SignerSet.Nonce, p.SignerSet.Signers, p.SignerSet.Powers, p.SignerSet.Total(), p.WithdrawalCap, p.CapPeriod)
	if err != nil {
		return Deployment{}, fmt.Errorf("constructor arguments: %w", err)
	}
	opts := bind.NewKeyedTransactor(key, chainID)
	opts.Context = ctx
	addr, tx, err := bind.DeployContract(opts, common.FromHex(bindings.SessionBridgeMetaData.Bin), backend, input)
	if err != nil {
		b := NewBridge(backend, common.Address{}, nil, chainID, Options{})
		return Deployment{}, fmt.Errorf("deploy: %w", b.decodeRevert(err))
	}
	rec, err := WaitReceipt(ctx, backend, tx.Hash(), timeout)
	if err != nil {
		return Deployment{Address: addr, TxHash: tx.Hash()}, err
	}
	if rec.Status != ethtypes.ReceiptStatusSuccessful {
		return Deployment{Address: addr, TxHash: tx.Hash()}, errors.New("deployment reverted")
	}
	return Deployment{Address: rec.ContractAddress, TxHash: tx.Hash(), Block: rec.BlockNumber.Uint64()}, nil
}
