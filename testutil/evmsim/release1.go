package evmsim

import (
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings/release1"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

var release1Pack = release1.NewSessionBridgeRelease1()

// Release1 is release 1's SessionBridge (built from
// x/bridge/contracts/release1, the bytecode release 1 shipped) on the same
// simulated chain and token as a Bridge.
type Release1 struct {
	b *Bridge
	// Address of the release-1 contract.
	Address  common.Address
	contract *bind.BoundContract
}

// DeployRelease1 deploys release 1's contract for the Cosmos chain
// cosmosChainID with a signer set (members and powers; release 1 has no
// total) and a withdrawal cap per 12-hour window, and mints locked to it,
// as if deposited.
func (b *Bridge) DeployRelease1(cosmosChainID string, set SignerSet, withdrawalCap, locked *big.Int) *Release1 {
	b.t.Helper()
	addr := b.deploy(release1.SessionBridgeRelease1MetaData.Bin, release1Pack.PackConstructor(
		b.Token, cosmosChainID, set.Nonce, set.Signers, set.Powers, withdrawalCap))
	r := &Release1{b: b, Address: addr, contract: release1Pack.Instance(b.Client, addr)}
	if locked != nil && locked.Sign() > 0 {
		_, err := b.send(b.deployer, b.token, tokenPack.PackMint(addr, locked))
		require.NoError(b.t, err)
	}
	return r
}

// Withdraw pays out a release-1 transfer with signatures aligned with the
// contract's set.
func (r *Release1) Withdraw(id uint64, recipient common.Address, amount *big.Int, sigs [][]byte) (*ethtypes.Receipt, error) {
	return r.b.send(r.b.Relayer, r.contract, release1Pack.PackWithdraw(id, recipient, amount, sigs))
}

// SetWithdrawalCap submits a cap change with release-1 signatures.
func (r *Release1) SetWithdrawalCap(limit *big.Int, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error) {
	return r.b.send(r.b.Relayer, r.contract, release1Pack.PackSetWithdrawalCap(limit, nonce, sigs))
}

// SetPaused submits a pause or unpause with release-1 signatures.
func (r *Release1) SetPaused(paused bool, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error) {
	return r.b.send(r.b.Relayer, r.contract, release1Pack.PackSetPaused(paused, nonce, sigs))
}

// Withdrawn reports whether the contract paid out release-1 transfer id.
func (r *Release1) Withdrawn(id uint64) bool {
	return Call(r.b.t, r.contract, release1Pack.PackWithdrawn(id), release1Pack.UnpackWithdrawn)
}

// Paused reports whether the contract is paused.
func (r *Release1) Paused() bool {
	return Call(r.b.t, r.contract, release1Pack.PackPaused(), release1Pack.UnpackPaused)
}

// AdminNonce is the contract's last admin nonce.
func (r *Release1) AdminNonce() uint64 {
	return Call(r.b.t, r.contract, release1Pack.PackAdminNonce(), release1Pack.UnpackAdminNonce)
}

// BridgeID is the contract's release-1 bridge id.
func (r *Release1) BridgeID() common.Hash {
	return Call(r.b.t, r.contract, release1Pack.PackBridgeId(), release1Pack.UnpackBridgeId)
}

// Align lays signatures out as the release-1 contract takes them: one entry
// per member of its current set, empty where the member did not sign.
func (r *Release1) Align(sigs []bridgetypes.ValidatorSignature) [][]byte {
	out := Call(r.b.t, r.contract, release1Pack.PackCurrentSignerSet(), release1Pack.UnpackCurrentSignerSet)
	aligned := make([][]byte, len(out.Signers))
	for i, signer := range out.Signers {
		aligned[i] = []byte{}
		for _, s := range sigs {
			if signer.Hex() == s.EvmAddress {
				aligned[i] = s.Signature
			}
		}
	}
	return aligned
}

// BalanceOf is the release-1 contract's token balance.
func (r *Release1) BalanceOf() *big.Int { return r.b.BalanceOf(r.Address) }
