package evm

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"

	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings/release1"
)

// Release1 is release 1's SessionBridge, retired by the upgrade to release
// 2: the relayer reads its withdrawn map and admin nonce and submits the
// signed sweep of its tokens to the release-2 contract.
type Release1 struct {
	tx    *Bridge
	addr  common.Address
	abi   *release1.SessionBridgeRelease1
	bound *bind.BoundContract
}

// NewRelease1 binds release 1's contract at addr; key (the gas wallet)
// sends its transactions on chainID.
func NewRelease1(backend Backend, addr common.Address, key *ecdsa.PrivateKey, chainID *big.Int, opts Options) *Release1 {
	abi := release1.NewSessionBridgeRelease1()
	return &Release1{tx: NewBridge(backend, addr, key, chainID, opts), addr: addr, abi: abi, bound: abi.Instance(backend, addr)}
}

// Address is the retired contract's address.
func (r *Release1) Address() common.Address { return r.addr }

// Withdrawn reports whether the retired contract paid release-1 transfer id at a block.
func (r *Release1) Withdrawn(ctx context.Context, id uint64, at Block) (bool, error) {
	done, err := bind.Call(r.bound, at.opts(ctx), r.abi.PackWithdrawn(id), r.abi.UnpackWithdrawn)
	if err != nil {
		return false, fmt.Errorf("release 1 withdrawn(%d) at %s: %w", id, at, err)
	}
	return done, nil
}

// AdminNonce is the retired contract's last admin nonce at a block.
func (r *Release1) AdminNonce(ctx context.Context, at Block) (uint64, error) {
	n, err := bind.Call(r.bound, at.opts(ctx), r.abi.PackAdminNonce(), r.abi.UnpackAdminNonce)
	if err != nil {
		return 0, fmt.Errorf("release 1 adminNonce at %s: %w", at, err)
	}
	return n, nil
}

// RemainingInWindow is what the retired contract may still pay in its
// current 12-hour window.
func (r *Release1) RemainingInWindow(ctx context.Context) (*big.Int, error) {
	n, err := bind.Call(r.bound, Pending.opts(ctx), r.abi.PackRemainingInWindow(), r.abi.UnpackRemainingInWindow)
	if err != nil {
		return nil, fmt.Errorf("release 1 remainingInWindow: %w", err)
	}
	return n, nil
}

// Signers are the members of the retired contract's current signer set.
func (r *Release1) Signers(ctx context.Context) ([]common.Address, error) {
	out, err := bind.Call(r.bound, Pending.opts(ctx), r.abi.PackCurrentSignerSet(), r.abi.UnpackCurrentSignerSet)
	if err != nil {
		return nil, fmt.Errorf("release 1 currentSignerSet: %w", err)
	}
	return out.Signers, nil
}

// Withdraw submits the sweep's withdrawal with release-1 signatures.
func (r *Release1) Withdraw(ctx context.Context, id uint64, recipient common.Address, amount *big.Int, sigs [][]byte) (*ethtypes.Receipt, error) {
	return r.tx.transactOn(ctx, r.bound, r.abi.PackWithdraw(id, recipient, amount, sigs))
}

// SetWithdrawalCap submits the sweep's cap raise with release-1 signatures.
func (r *Release1) SetWithdrawalCap(ctx context.Context, limit *big.Int, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error) {
	return r.tx.transactOn(ctx, r.bound, r.abi.PackSetWithdrawalCap(limit, nonce, sigs))
}

// SetPaused submits the retired contract's pause with release-1 signatures.
func (r *Release1) SetPaused(ctx context.Context, paused bool, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error) {
	return r.tx.transactOn(ctx, r.bound, r.abi.PackSetPaused(paused, nonce, sigs))
}
