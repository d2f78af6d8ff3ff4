package evmsim

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// ChainID is the EVM chain id of go-ethereum's simulated backend.
const ChainID = 1337

var (
	bridgePack = bindings.NewSessionBridge()
	tokenPack  = bindings.NewTestSESH()
)

// OsakaRules runs the simulated chain under the Osaka rules of today's main
// networks. By default it runs every fork go-ethereum knows, including the
// draft Amsterdam gas schedule (new storage slots cost several times more),
// as geth --dev does.
func OsakaRules(_ *node.Config, ethConf *ethconfig.Config) {
	cfg := *ethConf.Genesis.Config
	cfg.AmsterdamTime = nil
	cfg.BogotaTime = nil
	ethConf.Genesis.Config = &cfg
}

// Key returns the EVM key named name: the same name gives the same key.
func Key(name string) *ecdsa.PrivateKey {
	seed := sha256.Sum256([]byte("evmsim key " + name))
	key, err := crypto.ToECDSA(seed[:])
	if err != nil {
		panic(err)
	}
	return key
}

// deployerKey deploys the token (nonce 0) and the bridge (nonce 1), so the
// bridge's address is known before its signer set is: genesis params can
// name it.
var deployerKey = Key("deployer")

// BridgeAddress is the address DeployBridge deploys the bridge at.
func BridgeAddress() common.Address {
	return crypto.CreateAddress(crypto.PubkeyToAddress(deployerKey.PublicKey), 1)
}

// SignerSet is a signer set as the contract takes it.
type SignerSet struct {
	Nonce   uint64
	Signers []common.Address
	Powers  []*big.Int
	Total   *big.Int
}

// SetOf is a chain signer set as the contract takes it.
func SetOf(s bridgetypes.SignerSet) SignerSet {
	signers, powers, total := s.EvmArgs()
	return SignerSet{Nonce: s.Nonce, Signers: signers, Powers: powers, Total: total}
}

// BridgeOptions are the constructor arguments of the bridge and what it
// holds after deployment.
type BridgeOptions struct {
	BridgeName    string
	Set           SignerSet
	WithdrawalCap *big.Int
	// CapPeriod is the seconds a full bucket takes to drain (default a day).
	CapPeriod *big.Int
	// Locked is minted to the bridge after deployment, as if deposited.
	Locked *big.Int
}

// Bridge is TestSESH and SessionBridge on a simulated chain.
type Bridge struct {
	t       testing.TB
	Backend *simulated.Backend
	Client  simulated.Client
	// Relayer sends the bridge transactions; it holds ether.
	Relayer *bind.TransactOpts
	// Token and Address are the token's and the bridge's addresses.
	Token, Address common.Address

	deployer *bind.TransactOpts
	token    *bind.BoundContract
	bridge   *bind.BoundContract
}

// DeployBridge starts a simulated chain under Osaka rules, deploys TestSESH
// and SessionBridge (at BridgeAddress) and mints opts.Locked to the bridge.
func DeployBridge(t testing.TB, opts BridgeOptions) *Bridge {
	t.Helper()
	relayerKey := Key("relayer")
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)
	backend := simulated.NewBackend(ethtypes.GenesisAlloc{
		crypto.PubkeyToAddress(deployerKey.PublicKey): {Balance: eth},
		crypto.PubkeyToAddress(relayerKey.PublicKey):  {Balance: eth},
	}, OsakaRules)
	t.Cleanup(func() { _ = backend.Close() })
	chainID := big.NewInt(ChainID)
	b := &Bridge{
		t: t, Backend: backend, Client: backend.Client(),
		deployer: bind.NewKeyedTransactor(deployerKey, chainID),
		Relayer:  bind.NewKeyedTransactor(relayerKey, chainID),
	}
	b.Token = b.deploy(bindings.TestSESHMetaData.Bin, tokenPack.PackConstructor(big.NewInt(0)))
	b.token = tokenPack.Instance(b.Client, b.Token)
	if opts.CapPeriod == nil {
		opts.CapPeriod = big.NewInt(24 * 60 * 60)
	}
	b.Address = b.deploy(bindings.SessionBridgeMetaData.Bin, bridgePack.PackConstructor(
		b.Token, opts.BridgeName, opts.Set.Nonce, opts.Set.Signers, opts.Set.Powers, opts.Set.Total, opts.WithdrawalCap, opts.CapPeriod))
	require.Equal(t, BridgeAddress(), b.Address)
	b.bridge = bridgePack.Instance(b.Client, b.Address)
	if opts.Locked != nil && opts.Locked.Sign() > 0 {
		_, err := b.send(b.deployer, b.token, tokenPack.PackMint(b.Address, opts.Locked))
		require.NoError(t, err)
	}
	return b
}

func (b *Bridge) deploy(bin string, input []byte) common.Address {
	b.t.Helper()
	addr, tx, err := bind.DeployContract(b.deployer, common.FromHex(bin), b.Client, input)
	require.NoError(b.t, err)
	b.Backend.Commit()
	require.Equal(b.t, ethtypes.ReceiptStatusSuccessful, Receipt(b.t, b.Client, tx.Hash()).Status)
	return addr
}

// send submits a transaction and mines it. A revert shows up as the error
// of the gas estimation, named by RevertName.
func (b *Bridge) send(from *bind.TransactOpts, c *bind.BoundContract, data []byte) (*ethtypes.Receipt, error) {
	b.t.Helper()
	tx, err := Transact(c, from, data)
	if err != nil {
		return nil, err
	}
	b.Backend.Commit()
	rcpt := Receipt(b.t, b.Client, tx.Hash())
	if rcpt.Status != ethtypes.ReceiptStatusSuccessful {
		return rcpt, fmt.Errorf("transaction %s reverted", tx.Hash())
	}
	return rcpt, nil
}

// ContractTransfers are a chain batch's transfers as the contract takes them.
func ContractTransfers(transfers []bridgetypes.Transfer) []bindings.SessionBridgeTransfer {
	out := make([]bindings.SessionBridgeTransfer, len(transfers))
	for i, t := range bridgetypes.EvmTransfers(transfers) {
		out[i] = bindings.SessionBridgeTransfer{Id: t.ID, Recipient: t.Recipient, Amount: t.Amount, Fee: t.Fee}
	}
	return out
}

// SubmitBatch submits a chain batch with signatures aligned with the
// contract's set; the relayer gets the fees.
func (b *Bridge) SubmitBatch(batch bridgetypes.Batch, transfers []bridgetypes.Transfer, sigs [][]byte) (*ethtypes.Receipt, error) {
	return b.send(b.Relayer, b.bridge, bridgePack.PackSubmitBatch(batch.Nonce, batch.Deadline, ContractTransfers(transfers), sigs))
}

// UpdateSignerSet hands the contract over to set with signatures of the
// contract's current set.
func (b *Bridge) UpdateSignerSet(set SignerSet, sigs [][]byte) (*ethtypes.Receipt, error) {
	return b.send(b.Relayer, b.bridge, bridgePack.PackUpdateSignerSet(set.Nonce, set.Signers, set.Powers, set.Total, sigs))
}

// SetPaused submits a pause or unpause with signatures of the contract's set.
func (b *Bridge) SetPaused(paused bool, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error) {
	return b.send(b.Relayer, b.bridge, bridgePack.PackSetPaused(paused, nonce, sigs))
}

// SetWithdrawalCap submits a cap change with signatures of the contract's set.
func (b *Bridge) SetWithdrawalCap(limit, period *big.Int, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error) {
	return b.send(b.Relayer, b.bridge, bridgePack.PackSetWithdrawalCap(limit, period, nonce, sigs))
}

// Align lays signatures out as the contract takes them: one entry per
// member of its current set, empty where the member did not sign, by the
// address each signature names. It returns the entries and the power that
// signed.
func (b *Bridge) Align(sigs []bridgetypes.ValidatorSignature) ([][]byte, *big.Int) {
	set := b.CurrentSignerSet()
	out := make([][]byte, len(set.Signers))
	for i := range out {
		out[i] = []byte{}
	}
	signed := new(big.Int)
	for _, s := range sigs {
		for i, signer := range set.Signers {
			if signer.Hex() == s.EvmAddress && len(out[i]) == 0 {
				out[i] = s.Signature
				signed.Add(signed, set.Powers[i])
			}
		}
	}
	return out, signed
}

// AdvanceTime moves the chain's clock on by d and mines a block.
//
// The simulated backend refuses to adjust the time while its transaction
// pool holds a pending transaction, and the pool drops the transactions of
// a block only once it has caught up with the new head, on its own
// goroutine: right after a Commit, a loaded machine can still show the
// block's transactions as pending. AdvanceTime waits for the pool, at most
// poolCatchUp; a transaction still pending after that is an error.
func (b *Bridge) AdvanceTime(d time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(poolCatchUp)
	for {
		err := b.Backend.AdjustTime(d)
		if err == nil || !strings.Contains(err.Error(), "non-empty block") || time.Now().After(deadline) {
			require.NoError(b.t, err)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.Backend.Commit()
}

// poolCatchUp bounds how long AdvanceTime waits for the transaction pool to
// drop the transactions of the last block.
const poolCatchUp = 5 * time.Second

// Time is the latest block's time.
func (b *Bridge) Time() uint64 {
	h, err := b.Client.HeaderByNumber(context.Background(), nil)
	require.NoError(b.t, err)
	return h.Time
}

// Paused reports whether the contract is paused.
func (b *Bridge) Paused() bool {
	return Call(b.t, b.bridge, bridgePack.PackPaused(), bridgePack.UnpackPaused)
}

// AdminNonce is the contract's last admin nonce.
func (b *Bridge) AdminNonce() uint64 {
	return Call(b.t, b.bridge, bridgePack.PackAdminNonce(), bridgePack.UnpackAdminNonce)
}

// WithdrawalCap is the contract's cap.
func (b *Bridge) WithdrawalCap() *big.Int {
	return Call(b.t, b.bridge, bridgePack.PackWithdrawalCap(), bridgePack.UnpackWithdrawalCap)
}

// BalanceOf is who's token balance.
func (b *Bridge) BalanceOf(who common.Address) *big.Int {
	return Call(b.t, b.token, tokenPack.PackBalanceOf(who), tokenPack.UnpackBalanceOf)
}

// Withdrawn reports whether the contract paid out transfer id.
func (b *Bridge) Withdrawn(id uint64) bool {
	return Call(b.t, b.bridge, bridgePack.PackWithdrawn(id), bridgePack.UnpackWithdrawn)
}

// CurrentSignerSet is the contract's signer set.
func (b *Bridge) CurrentSignerSet() SignerSet {
	out := Call(b.t, b.bridge, bridgePack.PackCurrentSignerSet(), bridgePack.UnpackCurrentSignerSet)
	return SignerSet{Nonce: out.Nonce, Signers: out.Signers, Powers: out.Powers, Total: out.Total}
}

// BridgeID is the contract's bridgeId.
func (b *Bridge) BridgeID() common.Hash {
	return Call(b.t, b.bridge, bridgePack.PackBridgeId(), bridgePack.UnpackBridgeId)
}

// Call runs a view function at the latest block.
func Call[T any](t testing.TB, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	out, err := bind.Call(c, &bind.CallOpts{Context: context.Background()}, data, unpack)
	require.NoError(t, err)
	return out
}

var revertABIs = func() []*abi.ABI {
	var out []*abi.ABI
	for _, md := range []*bind.MetaData{&bindings.SessionBridgeMetaData, &bindings.TestSESHMetaData} {
		parsed, err := md.ParseABI()
		if err != nil {
			panic(err)
		}
		out = append(out, parsed)
	}
	return out
}()

// RevertName returns the name of the custom error err carries ("" when it
// carries none), matching the selector of its revert data against the
// errors of the bridge and the token.
func RevertName(err error) string {
	var dataErr rpc.DataError
	if !errors.As(err, &dataErr) {
		return ""
	}
	hexData, ok := dataErr.ErrorData().(string)
	if !ok {
		return ""
	}
	data, decErr := hexutil.Decode(hexData)
	if decErr != nil || len(data) < 4 {
		return ""
	}
	for _, parsed := range revertABIs {
		for name, e := range parsed.Errors {
			if string(e.ID[:4]) == string(data[:4]) {
				return name
			}
		}
	}
	return ""
}
