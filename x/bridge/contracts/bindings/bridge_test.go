package bindings_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sessiontoken/sessionchain/testutil/evmsim"

	"github.com/ethereum/go-ethereum/accounts"
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
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

const (
	// simulatedChainID is the EVM chain id of go-ethereum's simulated backend.
	simulatedChainID = 1337
	bridgeName       = "sessionchain-test-1"
	// capPeriod is how long a full withdrawal bucket takes to drain.
	capPeriod = 12 * time.Hour
	// farDeadline is a batch deadline no test reaches.
	farDeadline uint64 = 1 << 40
)

var (
	bridgeABI = mustParseABI(&bindings.SessionBridgeMetaData)
	tokenABI  = mustParseABI(&bindings.TestSESHMetaData)
	packer    = bindings.NewSessionBridge()
	tokenPack = bindings.NewTestSESH()
	// oneSESH is one token in base units (9 decimals).
	oneSESH = big.NewInt(1_000_000_000)
)

func mustParseABI(md *bind.MetaData) *abi.ABI {
	parsed, err := md.ParseABI()
	if err != nil {
		panic(err)
	}
	return parsed
}

func sesh(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), oneSESH) }

func sum(vals []*big.Int) *big.Int {
	out := new(big.Int)
	for _, v := range vals {
		out.Add(out, v)
	}
	return out
}

func bigs(vals ...int64) []*big.Int {
	out := make([]*big.Int, len(vals))
	for i, v := range vals {
		out[i] = big.NewInt(v)
	}
	return out
}

// signer is a member of a signer set.
type signer struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

// newSigners derives n keys from seed, sorted by address as the contract requires.
func newSigners(t testing.TB, seed string, n int) []signer {
	t.Helper()
	out := make([]signer, n)
	for i := range out {
		key, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("%s/%d", seed, i))))
		require.NoError(t, err)
		out[i] = signer{key: key, addr: crypto.PubkeyToAddress(key.PublicKey)}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].addr.Cmp(out[j].addr) < 0 })
	return out
}

func addrs(set []signer) []common.Address {
	out := make([]common.Address, len(set))
	for i, s := range set {
		out[i] = s.addr
	}
	return out
}

// sign returns the contract form (v = 27/28) of key's signature over an EIP-712 digest.
func sign(t testing.TB, key *ecdsa.PrivateKey, digest common.Hash) []byte {
	t.Helper()
	sig, err := crypto.Sign(digest.Bytes(), key)
	require.NoError(t, err)
	return types.ToContractSignature(sig)
}

// sigs signs digest with the members of set at the given indexes; the other entries stay empty.
func sigs(t testing.TB, set []signer, digest common.Hash, who ...int) [][]byte {
	t.Helper()
	out := make([][]byte, len(set))
	for _, i := range who {
		out[i] = sign(t, set[i].key, digest)
	}
	return out
}

// harness is a simulated chain with TestSESH and a SessionBridge deployed.
type harness struct {
	t          testing.TB
	backend    *simulated.Backend
	client     simulated.Client
	deployer   *bind.TransactOpts
	alice      *bind.TransactOpts
	relayer    *bind.TransactOpts
	token      *bind.BoundContract
	tokenAddr  common.Address
	bridge     *bind.BoundContract
	bridgeAddr common.Address
	bridgeID   common.Hash
	signers    []signer
	powers     []*big.Int
	// total is the set's total power (its members' unless a test adds absent power).
	total *big.Int
}

func newKey(t testing.TB, seed string) (*ecdsa.PrivateKey, common.Address) {
	t.Helper()
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
	require.NoError(t, err)
	return key, crypto.PubkeyToAddress(key.PublicKey)
}

// osakaRules runs the simulated chain under the Osaka rules of today's main networks. By
// default it runs every fork go-ethereum knows, including the draft Amsterdam gas schedule
// (EIP-8037/8038: new storage slots cost several times more), as geth --dev does.
func osakaRules(_ *node.Config, ethConf *ethconfig.Config) {
	cfg := *ethConf.Genesis.Config
	cfg.AmsterdamTime = nil
	cfg.BogotaTime = nil
	ethConf.Genesis.Config = &cfg
}

// newHarness deploys the token and a bridge with signers of the given powers and the
// given withdrawal cap, and funds the bridge with 1,000,000 SESH.
func newHarness(t testing.TB, powers []int64, limit *big.Int, opts ...func(*node.Config, *ethconfig.Config)) *harness {
	t.Helper()
	deployerKey, deployerAddr := newKey(t, "deployer")
	aliceKey, aliceAddr := newKey(t, "alice")
	relayerKey, relayerAddr := newKey(t, "relayer")
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil) // 1000 ether
	backend := simulated.NewBackend(ethtypes.GenesisAlloc{
		deployerAddr: {Balance: eth},
		aliceAddr:    {Balance: eth},
		relayerAddr:  {Balance: eth},
	}, opts...)
	t.Cleanup(func() { _ = backend.Close() })

	chainID := big.NewInt(simulatedChainID)
	h := &harness{
		t:        t,
		backend:  backend,
		client:   backend.Client(),
		deployer: bind.NewKeyedTransactor(deployerKey, chainID),
		alice:    bind.NewKeyedTransactor(aliceKey, chainID),
		relayer:  bind.NewKeyedTransactor(relayerKey, chainID),
		signers:  newSigners(t, "signer", len(powers)),
		powers:   bigs(powers...),
	}
	h.total = sum(h.powers)
	got, err := h.client.ChainID(context.Background())
	require.NoError(t, err)
	require.Equal(t, int64(simulatedChainID), got.Int64())

	h.tokenAddr = h.deploy(bindings.TestSESHMetaData.Bin, tokenPack.PackConstructor(sesh(1_000_000)))
	h.token = tokenPack.Instance(backend.Client(), h.tokenAddr)
	h.bridgeAddr, h.bridge, h.bridgeID = h.deployBridge(limit)
	return h
}

// deployBridge deploys another bridge for the harness's token and signers and funds it
// with 1,000,000 SESH.
func (h *harness) deployBridge(limit *big.Int) (common.Address, *bind.BoundContract, common.Hash) {
	h.t.Helper()
	addr := h.deploy(bindings.SessionBridgeMetaData.Bin, packer.PackConstructor(
		h.tokenAddr, bridgeName, 1, addrs(h.signers), h.powers, h.total, limit, big.NewInt(int64(capPeriod/time.Second))))
	h.mustSend(h.deployer, h.token, tokenPack.PackMint(addr, sesh(1_000_000)))
	return addr, packer.Instance(h.client, addr), types.BridgeID(simulatedChainID, addr, bridgeName)
}

// deploy deploys bytecode with the constructor input and mines it.
func (h *harness) deploy(bin string, input []byte) common.Address {
	h.t.Helper()
	addr, tx, err := bind.DeployContract(h.deployer, common.FromHex(bin), h.backend.Client(), input)
	require.NoError(h.t, err)
	h.mine(tx)
	return addr
}

// send submits a transaction and mines it. A revert shows up as the error of the gas
// estimation, which carries the revert data.
func (h *harness) send(from *bind.TransactOpts, c *bind.BoundContract, data []byte) (*ethtypes.Receipt, error) {
	h.t.Helper()
	tx, err := evmsim.Transact(c, from, data)
	if err != nil {
		return nil, err
	}
	return h.mine(tx), nil
}

func (h *harness) mustSend(from *bind.TransactOpts, c *bind.BoundContract, data []byte) *ethtypes.Receipt {
	h.t.Helper()
	rcpt, err := h.send(from, c, data)
	require.NoError(h.t, err)
	return rcpt
}

func (h *harness) mine(tx *ethtypes.Transaction) *ethtypes.Receipt {
	h.t.Helper()
	h.backend.Commit()
	rcpt := evmsim.Receipt(h.t, h.client, tx.Hash())
	require.Equal(h.t, ethtypes.ReceiptStatusSuccessful, rcpt.Status, "transaction failed")
	return rcpt
}

// advance moves the backend's clock on by d in a block of its own. The
// pending block is committed first: AdjustTime refuses while the
// transaction pool shows a pending transaction, and the pool drops a mined
// block's transactions on its own goroutine once it catches up with the new
// head, so right after a send the mined transaction can still show there
// (CI saw it: TestWithdrawalCap, "could not adjust time on non-empty
// block"). Commit syncs the pool before it seals, so the empty block it
// mines leaves the pool caught up.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	h.backend.Commit()
	require.NoError(h.t, h.backend.AdjustTime(d))
	h.backend.Commit()
}

// call runs a view function of the bridge.
func call[T any](h *harness, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	h.t.Helper()
	out, err := bind.Call(c, nil, data, unpack)
	require.NoError(h.t, err)
	return out
}

func (h *harness) balance(who common.Address) *big.Int {
	return call(h, h.token, tokenPack.PackBalanceOf(who), tokenPack.UnpackBalanceOf)
}

// one is a batch of one transfer without a fee, with the transfer's id as
// its nonce.
func one(id uint64, to common.Address, amount *big.Int) []bindings.SessionBridgeTransfer {
	return []bindings.SessionBridgeTransfer{{Id: id, Recipient: to, Amount: amount, Fee: new(big.Int)}}
}

// evmTransfers are batch transfers as the Go digest takes them.
func evmTransfers(ts []bindings.SessionBridgeTransfer) []types.EvmTransfer {
	out := make([]types.EvmTransfer, len(ts))
	for i, t := range ts {
		out[i] = types.EvmTransfer{ID: t.Id, Recipient: t.Recipient, Amount: t.Amount, Fee: t.Fee}
	}
	return out
}

// withdrawDigestIn is what releases transfer id alone in the bridge bridgeID.
func withdrawDigestIn(bridgeID common.Hash, id uint64, to common.Address, amount *big.Int) common.Hash {
	return types.BatchDigest(bridgeID, id, farDeadline, evmTransfers(one(id, to, amount)))
}

// withdrawDigest is what releases transfer id alone in the harness's bridge.
func (h *harness) withdrawDigest(id uint64, to common.Address, amount *big.Int) common.Hash {
	return withdrawDigestIn(h.bridgeID, id, to, amount)
}

// submit submits a batch with the given signatures.
func (h *harness) submit(nonce, deadline uint64, ts []bindings.SessionBridgeTransfer, sigs [][]byte) (*ethtypes.Receipt, error) {
	return h.send(h.relayer, h.bridge, packer.PackSubmitBatch(nonce, deadline, ts, sigs))
}

// signedBatch submits a batch with signatures of the current set's members at who.
func (h *harness) signedBatch(nonce, deadline uint64, ts []bindings.SessionBridgeTransfer, who ...int) (*ethtypes.Receipt, error) {
	digest := types.BatchDigest(h.bridgeID, nonce, deadline, evmTransfers(ts))
	return h.submit(nonce, deadline, ts, sigs(h.t, h.signers, digest, who...))
}

// withdraw pays out transfer id alone (a batch of one) with the given signatures.
func (h *harness) withdraw(id uint64, to common.Address, amount *big.Int, sigs [][]byte) (*ethtypes.Receipt, error) {
	return h.submit(id, farDeadline, one(id, to, amount), sigs)
}

// signedWithdraw withdraws with signatures of the current set's members at who.
func (h *harness) signedWithdraw(id uint64, to common.Address, amount *big.Int, who ...int) (*ethtypes.Receipt, error) {
	return h.withdraw(id, to, amount, sigs(h.t, h.signers, h.withdrawDigest(id, to, amount), who...))
}

// rotate hands over to next (its members' powers, no absent power) with
// signatures of the current set's members at who.
func (h *harness) rotate(nonce uint64, next []signer, powers []*big.Int, who ...int) (*ethtypes.Receipt, error) {
	return h.rotateWithTotal(nonce, next, powers, sum(powers), who...)
}

func (h *harness) rotateWithTotal(nonce uint64, next []signer, powers []*big.Int, total *big.Int, who ...int) (*ethtypes.Receipt, error) {
	digest := types.SignerSetDigest(h.bridgeID, nonce, addrs(next), powers, total)
	return h.send(h.relayer, h.bridge,
		packer.PackUpdateSignerSet(nonce, addrs(next), powers, total, sigs(h.t, h.signers, digest, who...)))
}

func (h *harness) setPaused(paused bool, nonce uint64, who ...int) (*ethtypes.Receipt, error) {
	digest := types.PauseDigest(h.bridgeID, nonce, paused)
	return h.send(h.relayer, h.bridge, packer.PackSetPaused(paused, nonce, sigs(h.t, h.signers, digest, who...)))
}

func (h *harness) setCap(limit *big.Int, nonce uint64, who ...int) (*ethtypes.Receipt, error) {
	period := big.NewInt(int64(capPeriod / time.Second))
	digest := types.CapDigest(h.bridgeID, nonce, limit, period)
	return h.send(h.relayer, h.bridge, packer.PackSetWithdrawalCap(limit, period, nonce, sigs(h.t, h.signers, digest, who...)))
}

// events returns the logs of rcpt that unpack into the event.
func events[T any](t *testing.T, rcpt *ethtypes.Receipt, unpack func(*ethtypes.Log) (*T, error)) []*T {
	t.Helper()
	var out []*T
	for _, l := range rcpt.Logs {
		ev, err := unpack(l)
		if errors.Is(err, bind.ErrEventSignatureMismatch) {
			continue
		}
		require.NoError(t, err)
		out = append(out, ev)
	}
	return out
}

// revertOf returns the name and arguments of the custom error err carries, matching
// the selector of its revert data against the errors of both ABIs.
func revertOf(t *testing.T, err error) (string, []any) {
	t.Helper()
	require.Error(t, err, "expected a revert")
	var dataErr rpc.DataError
	require.True(t, errors.As(err, &dataErr), "error without revert data: %v", err)
	hexData, ok := dataErr.ErrorData().(string)
	require.True(t, ok, "revert data is %T, want a hex string (error: %v)", dataErr.ErrorData(), err)
	data, decErr := hexutil.Decode(hexData)
	require.NoError(t, decErr)
	require.GreaterOrEqual(t, len(data), 4, "revert without a selector: %v", err)
	for _, parsed := range []*abi.ABI{bridgeABI, tokenABI} {
		for name, e := range parsed.Errors {
			if string(e.ID[:4]) != string(data[:4]) {
				continue
			}
			args, unpackErr := e.Inputs.Unpack(data[4:])
			require.NoError(t, unpackErr)
			return name, args
		}
	}
	t.Fatalf("revert data %s matches no custom error (error: %v)", hexData, err)
	return "", nil
}

// requireRevert asserts that err is the custom error name with the given arguments
// (compared in their decimal or hex text form).
func requireRevert(t *testing.T, err error, name string, args ...any) {
	t.Helper()
	gotName, gotArgs := revertOf(t, err)
	require.Equal(t, name, gotName, "wrong custom error (args %v)", gotArgs)
	require.Len(t, gotArgs, len(args), "arguments of %s", name)
	for i := range args {
		require.Equal(t, fmt.Sprint(args[i]), fmt.Sprint(gotArgs[i]), "argument %d of %s", i, name)
	}
}

func TestDigestsMatchChain(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))

	onChainID := call(h, h.bridge, packer.PackBridgeId(), packer.UnpackBridgeId)
	require.Equal(t, h.bridgeID, common.Hash(onChainID))
	require.NotEqual(t, types.BridgeID(simulatedChainID+1, h.bridgeAddr, bridgeName), h.bridgeID)
	require.NotEqual(t, types.BridgeID(simulatedChainID, h.tokenAddr, bridgeName), h.bridgeID)
	require.NotEqual(t, types.BridgeID(simulatedChainID, h.bridgeAddr, bridgeName+"x"), h.bridgeID)

	for name, want := range map[string]common.Hash{
		"DOMAIN_TYPEHASH":     types.DomainTypeHash,
		"TRANSFER_TYPEHASH":   types.TransferTypeHash,
		"BATCH_TYPEHASH":      types.BatchTypeHash,
		"SIGNER_SET_TYPEHASH": types.SignerSetTypeHash,
		"PAUSE_TYPEHASH":      types.PauseTypeHash,
		"CAP_TYPEHASH":        types.CapTypeHash,
	} {
		got := call(h, h.bridge, bridgePack(t, name), func(b []byte) ([32]byte, error) {
			var out [32]byte
			err := bridgeABI.UnpackIntoInterface(&out, name, b)
			return out, err
		})
		require.Equal(t, want, common.Hash(got), name)
	}

	huge, _ := new(big.Int).SetString("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 16)
	batches := [][]bindings.SessionBridgeTransfer{
		one(1, common.HexToAddress("0x1111111111111111111111111111111111111111"), big.NewInt(1)),
		{
			{Id: ^uint64(0), Recipient: common.HexToAddress("0xffffffffffffffffffffffffffffffffffffffff"), Amount: huge, Fee: huge},
			{Id: 42, Recipient: h.signers[0].addr, Amount: sesh(123), Fee: big.NewInt(7)},
		},
	}
	for _, b := range batches {
		got := call(h, h.bridge, packer.PackBatchDigest(77, 1_800_000_000, b), packer.UnpackBatchDigest)
		require.Equal(t, types.BatchDigest(h.bridgeID, 77, 1_800_000_000, evmTransfers(b)), common.Hash(got))
	}

	next := newSigners(t, "next", 5)
	powers := bigs(1, 2, 3, 4, 5)
	got := call(h, h.bridge, packer.PackSignerSetDigest(7, addrs(next), powers, big.NewInt(20)), packer.UnpackSignerSetDigest)
	require.Equal(t, types.SignerSetDigest(h.bridgeID, 7, addrs(next), powers, big.NewInt(20)), common.Hash(got))

	for _, paused := range []bool{true, false} {
		got := call(h, h.bridge, packer.PackPauseDigest(3, paused), packer.UnpackPauseDigest)
		require.Equal(t, types.PauseDigest(h.bridgeID, 3, paused), common.Hash(got))
	}
	got = call(h, h.bridge, packer.PackCapDigest(9, sesh(5), big.NewInt(600)), packer.UnpackCapDigest)
	require.Equal(t, types.CapDigest(h.bridgeID, 9, sesh(5), big.NewInt(600)), common.Hash(got))

	set := call(h, h.bridge, packer.PackCurrentSignerSet(), packer.UnpackCurrentSignerSet)
	require.Equal(t, uint64(1), set.Nonce)
	require.Equal(t, addrs(h.signers), set.Signers)
	require.Equal(t, "[10 10 10 10]", fmt.Sprint(set.Powers))
	require.Equal(t, big.NewInt(40), set.Total)
	require.Equal(t, big.NewInt(40), call(h, h.bridge, packer.PackTotalPower(), packer.UnpackTotalPower))
	require.Equal(t, bridgeName, call(h, h.bridge, packer.PackBridgeName(), packer.UnpackBridgeName))
	require.Equal(t, h.tokenAddr, call(h, h.bridge, packer.PackToken(), packer.UnpackToken))
	require.Equal(t, uint8(9), call(h, h.token, tokenPack.PackDecimals(), tokenPack.UnpackDecimals))
	require.Equal(t, "SESH", call(h, h.token, tokenPack.PackSymbol(), tokenPack.UnpackSymbol))
}

func bridgePack(t *testing.T, method string, args ...any) []byte {
	t.Helper()
	data, err := bridgeABI.Pack(method, args...)
	require.NoError(t, err)
	return data
}

func TestDeposit(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	h.mustSend(h.deployer, h.token, tokenPack.PackMint(h.alice.From, sesh(100)))
	bridgeBefore := h.balance(h.bridgeAddr)

	// Without an allowance the token refuses.
	_, err := h.send(h.alice, h.bridge, packer.PackDeposit("session1alice", sesh(1)))
	requireRevert(t, err, "ERC20InsufficientAllowance", h.bridgeAddr.Hex(), 0, sesh(1))

	h.mustSend(h.alice, h.token, tokenPack.PackApprove(h.bridgeAddr, sesh(100)))
	recipients := []string{"session1alice", "session1bob", strings.Repeat("a", 128)}
	amounts := []*big.Int{sesh(1), sesh(2), big.NewInt(3)}
	for i, recipient := range recipients {
		rcpt := h.mustSend(h.alice, h.bridge, packer.PackDeposit(recipient, amounts[i]))
		deposits := events(t, rcpt, packer.UnpackDepositEvent)
		require.Len(t, deposits, 1)
		require.Equal(t, int64(i+1), deposits[0].Nonce.Int64())
		require.Equal(t, h.alice.From, deposits[0].Sender)
		require.Equal(t, recipient, deposits[0].Recipient)
		require.Equal(t, amounts[i], deposits[0].Amount)
		require.Equal(t, h.bridgeAddr, deposits[0].Raw.Address)
		// The token moved in the same transaction.
		transfers := events(t, rcpt, tokenPack.UnpackTransferEvent)
		require.Len(t, transfers, 1)
		require.Equal(t, h.bridgeAddr, transfers[0].To)
	}
	require.Equal(t, big.NewInt(3), call(h, h.bridge, packer.PackDepositNonce(), packer.UnpackDepositNonce))
	locked := new(big.Int).Add(sesh(3), big.NewInt(3))
	require.Equal(t, new(big.Int).Sub(sesh(100), locked), h.balance(h.alice.From))
	require.Equal(t, new(big.Int).Add(bridgeBefore, locked), h.balance(h.bridgeAddr))

	_, err = h.send(h.alice, h.bridge, packer.PackDeposit("session1alice", big.NewInt(0)))
	requireRevert(t, err, "ZeroAmount")
	_, err = h.send(h.alice, h.bridge, packer.PackDeposit("", sesh(1)))
	requireRevert(t, err, "BadRecipient")
	_, err = h.send(h.alice, h.bridge, packer.PackDeposit(strings.Repeat("a", 129), sesh(1)))
	requireRevert(t, err, "BadRecipient")
	// More than the allowance left.
	_, err = h.send(h.alice, h.bridge, packer.PackDeposit("session1alice", sesh(200)))
	requireRevert(t, err, "ERC20InsufficientAllowance", h.bridgeAddr.Hex(), new(big.Int).Sub(sesh(100), locked), sesh(200))
	// Nothing of the refused deposits counted.
	require.Equal(t, big.NewInt(3), call(h, h.bridge, packer.PackDepositNonce(), packer.UnpackDepositNonce))
}

func TestWithdrawEqualPowers(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b0")

	// 3 of 4 (30 of 40) is more than two thirds.
	rcpt, err := h.signedWithdraw(1, to, sesh(5), 0, 1, 3)
	require.NoError(t, err)
	ws := events(t, rcpt, packer.UnpackBatchExecutedEvent)
	require.Len(t, ws, 1)
	require.Equal(t, uint64(1), ws[0].Nonce)
	require.Equal(t, h.relayer.From, ws[0].Relayer)
	require.Equal(t, sesh(5), ws[0].Total)
	require.Equal(t, sesh(5), h.balance(to))
	require.True(t, call(h, h.bridge, packer.PackWithdrawn(1), packer.UnpackWithdrawn))
	require.False(t, call(h, h.bridge, packer.PackWithdrawn(2), packer.UnpackWithdrawn))

	// All four sign: fine too.
	_, err = h.signedWithdraw(2, to, sesh(1), 0, 1, 2, 3)
	require.NoError(t, err)

	// The same transfer again, even with fresh signatures of everyone.
	_, err = h.signedWithdraw(1, to, sesh(5), 0, 1, 2, 3)
	requireRevert(t, err, "AlreadyWithdrawn", 1)

	// 2 of 4 (20 of 40) is not enough; neither is nobody.
	_, err = h.signedWithdraw(3, to, sesh(1), 1, 2)
	requireRevert(t, err, "InsufficientPower", 20, 40)
	_, err = h.signedWithdraw(3, to, sesh(1))
	requireRevert(t, err, "InsufficientPower", 0, 40)

	// The signature list must have one entry per member.
	digest := h.withdrawDigest(3, to, sesh(1))
	full := sigs(t, h.signers, digest, 0, 1, 2, 3)
	_, err = h.withdraw(3, to, sesh(1), full[:3])
	requireRevert(t, err, "SignatureCountMismatch", 3, 4)
	_, err = h.withdraw(3, to, sesh(1), append(full, nil))
	requireRevert(t, err, "SignatureCountMismatch", 5, 4)

	_, err = h.signedWithdraw(3, common.Address{}, sesh(1), 0, 1, 2)
	requireRevert(t, err, "ZeroRecipient")
	_, err = h.signedWithdraw(3, to, big.NewInt(0), 0, 1, 2)
	requireRevert(t, err, "ZeroAmount")

	// Signatures for one amount or recipient do not cover another.
	good := sigs(t, h.signers, digest, 0, 1, 2)
	_, err = h.withdraw(3, to, sesh(2), good)
	requireRevert(t, err, "InvalidSignature", 0)
	_, err = h.withdraw(3, h.relayer.From, sesh(1), good)
	requireRevert(t, err, "InvalidSignature", 0)
	_, err = h.withdraw(4, to, sesh(1), good)
	requireRevert(t, err, "InvalidSignature", 0)
	_, err = h.withdraw(3, to, sesh(1), good)
	require.NoError(t, err)
	require.Equal(t, sesh(7), h.balance(to))
}

func TestWithdrawUnequalPowers(t *testing.T) {
	// Powers 10, 10, 10, 30 (total 60): two thirds is exactly 40.
	h := newHarness(t, []int64{10, 10, 10, 30}, sesh(1000))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b1")

	_, err := h.signedWithdraw(1, to, sesh(1), 0, 3) // 40 of 60: exactly two thirds
	requireRevert(t, err, "InsufficientPower", 40, 60)
	_, err = h.signedWithdraw(1, to, sesh(1), 0, 1, 2) // 30 of 60
	requireRevert(t, err, "InsufficientPower", 30, 60)
	_, err = h.signedWithdraw(1, to, sesh(1), 3) // 30 of 60
	requireRevert(t, err, "InsufficientPower", 30, 60)
	_, err = h.signedWithdraw(1, to, sesh(1), 1, 2, 3) // 50 of 60
	require.NoError(t, err)
	require.Equal(t, sesh(1), h.balance(to))
}

func TestWithdrawExactlyTwoThirdsEqualPowers(t *testing.T) {
	// Three members of power 10: two of them hold exactly two thirds, which is not enough.
	h := newHarness(t, []int64{10, 10, 10}, sesh(1000))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b2")
	_, err := h.signedWithdraw(1, to, sesh(1), 0, 2)
	requireRevert(t, err, "InsufficientPower", 20, 30)
	_, err = h.signedWithdraw(1, to, sesh(1), 0, 1, 2)
	require.NoError(t, err)
}

func TestWithdrawInvalidSignatures(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b3")
	amount := sesh(1)
	digest := h.withdrawDigest(1, to, amount)
	valid := sigs(t, h.signers, digest, 0, 1, 2, 3)

	// The Go side agrees with the contract on who signed.
	for i, s := range h.signers {
		got, err := types.RecoverSigner(digest, valid[i])
		require.NoError(t, err)
		require.Equal(t, s.addr, got)
	}

	withOne := func(i int, sig []byte) [][]byte {
		out := make([][]byte, len(valid))
		copy(out, valid)
		out[i] = sig
		return out
	}
	outsider, _ := newKey(t, "outsider")
	lowS := valid[2]
	highS := make([]byte, 65) // the malleable twin of valid[2]: s' = n - s, v flipped
	copy(highS, lowS)
	s := new(big.Int).SetBytes(lowS[32:64])
	new(big.Int).Sub(crypto.S256().Params().N, s).FillBytes(highS[32:64])
	highS[64] = 55 - lowS[64] // 27 <-> 28
	rawV := append([]byte(nil), lowS...)
	rawV[64] -= 27 // crypto.Sign's v = 0/1, not converted
	garbage := make([]byte, 65)
	for i := range garbage {
		garbage[i] = byte(i*7 + 1)
	}
	_, goErr := types.RecoverSigner(digest, highS)
	require.Error(t, goErr, "the chain must refuse the malleable signature as the contract does")

	cases := []struct {
		name  string
		sigs  [][]byte
		index int
	}{
		{"key outside the set", withOne(1, sign(t, outsider, digest)), 1},
		{"garbage", withOne(2, garbage), 2},
		{"too short", withOne(3, valid[3][:64]), 3},
		{"too long", withOne(0, append(append([]byte(nil), valid[0]...), 0)), 0},
		{"upper-half s", withOne(2, highS), 2},
		{"v of 0/1", withOne(2, rawV), 2},
		{"another member's signature at this index", withOne(0, valid[1]), 0},
		{"swapped entries", [][]byte{valid[1], valid[0], valid[2], valid[3]}, 0},
		{"signature over another digest", withOne(3, sign(t, h.signers[3].key, h.withdrawDigest(2, to, amount))), 3},
		{"the EIP-191 form of the digest signed, not the digest", withOne(1, personalSign(t, h.signers[1].key, digest)), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := h.withdraw(1, to, amount, c.sigs)
			requireRevert(t, err, "InvalidSignature", c.index)
		})
	}
	// An invalid entry is refused even when the valid rest would be enough.
	_, err := h.withdraw(1, to, amount, [][]byte{valid[0], valid[1], valid[2], garbage})
	requireRevert(t, err, "InvalidSignature", 3)

	_, err = h.withdraw(1, to, amount, valid)
	require.NoError(t, err)
}

// personalSign signs the EIP-191 ("\x19Ethereum Signed Message") form of
// digest, which the contract took before EIP-712.
func personalSign(t *testing.T, key *ecdsa.PrivateKey, digest common.Hash) []byte {
	t.Helper()
	sig, err := crypto.Sign(accounts.TextHash(digest.Bytes()), key)
	require.NoError(t, err)
	return types.ToContractSignature(sig)
}

func TestWithdrawReplayAcrossDomains(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b4")
	amount := sesh(1)
	// A second deployment on the same chain with the same token and signers.
	otherAddr, otherBridge, otherID := h.deployBridge(sesh(1000))
	require.NotEqual(t, h.bridgeID, otherID)
	onChainID := call(h, otherBridge, packer.PackBridgeId(), packer.UnpackBridgeId)
	require.Equal(t, otherID, common.Hash(onChainID))

	for name, id := range map[string]common.Hash{
		"another EVM chain id":       types.BridgeID(1, h.bridgeAddr, bridgeName),
		"another contract address":   types.BridgeID(simulatedChainID, h.tokenAddr, bridgeName),
		"another deployment":         otherID,
		"another bridge name":        types.BridgeID(simulatedChainID, h.bridgeAddr, "sessionchain-test-2"),
		"no bridge id":               {},
		"bridge id of the zero addr": types.BridgeID(simulatedChainID, common.Address{}, bridgeName),
	} {
		t.Run(name, func(t *testing.T) {
			digest := withdrawDigestIn(id, 1, to, amount)
			_, err := h.withdraw(1, to, amount, sigs(t, h.signers, digest, 0, 1, 2, 3))
			requireRevert(t, err, "InvalidSignature", 0)
		})
	}
	// A withdrawal executed on one deployment cannot be replayed on another.
	otherSigs := sigs(t, h.signers, withdrawDigestIn(otherID, 1, to, amount), 0, 1, 2)
	rcpt, err := h.send(h.relayer, otherBridge, packer.PackSubmitBatch(1, farDeadline, one(1, to, amount), otherSigs))
	require.NoError(t, err)
	require.Len(t, events(t, rcpt, packer.UnpackBatchExecutedEvent), 1)
	require.Equal(t, otherAddr, rcpt.Logs[len(rcpt.Logs)-1].Address)
	_, err = h.withdraw(1, to, amount, otherSigs)
	requireRevert(t, err, "InvalidSignature", 0)

	// Other kinds of digest with the same nonce do not pass as a withdrawal either.
	for _, digest := range []common.Hash{
		types.PauseDigest(h.bridgeID, 1, true),
		types.CapDigest(h.bridgeID, 1, amount, big.NewInt(60)),
		types.SignerSetDigest(h.bridgeID, 1, []common.Address{to}, []*big.Int{amount}, amount),
	} {
		_, err := h.withdraw(1, to, amount, sigs(t, h.signers, digest, 0, 1, 2, 3))
		requireRevert(t, err, "InvalidSignature", 0)
	}
	_, err = h.signedWithdraw(1, to, amount, 0, 1, 2)
	require.NoError(t, err)
}

// available is what a batch may release now.
func (h *harness) available() *big.Int {
	return call(h, h.bridge, packer.PackAvailableToWithdraw(), packer.UnpackAvailableToWithdraw)
}

// TestWithdrawalCap checks the leaky bucket: at most the cap leaves at once,
// and it refills at the cap per period. (Fixed 12-hour windows let twice
// the cap out within seconds at a window's boundary; a bucket does not.)
func TestWithdrawalCap(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(100))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b5")
	require.Equal(t, sesh(100), h.available())

	_, err := h.signedWithdraw(1, to, sesh(60), 0, 1, 2)
	require.NoError(t, err)
	require.Equal(t, sesh(60), call(h, h.bridge, packer.PackCapUsed(), packer.UnpackCapUsed))
	// A second later the bucket drained a little (100 per 12 h).
	require.GreaterOrEqual(t, h.available().Cmp(sesh(40)), 0, "at least the 40 left")
	_, err = h.signedWithdraw(2, to, sesh(41), 0, 1, 2)
	requireRevertName(t, err, "WithdrawalCapExceeded")
	_, err = h.signedWithdraw(2, to, sesh(40), 0, 1, 2) // up to the cap
	require.NoError(t, err)
	_, err = h.signedWithdraw(3, to, sesh(1), 0, 1, 2)
	requireRevertName(t, err, "WithdrawalCapExceeded")
	// A refused batch is not spent: it can go through later.
	require.False(t, call(h, h.bridge, packer.PackWithdrawn(3), packer.UnpackWithdrawn))

	// The bucket drains at 100 per 12 hours: after 6 hours about 50 more may leave, not 100.
	h.advance(6 * time.Hour)
	avail := h.available()
	require.True(t, avail.Cmp(sesh(50)) >= 0 && avail.Cmp(sesh(51)) < 0, "available after 6 h: %s", avail)
	_, err = h.signedWithdraw(3, to, sesh(52), 0, 1, 2)
	requireRevertName(t, err, "WithdrawalCapExceeded")
	_, err = h.signedWithdraw(3, to, sesh(50), 0, 1, 2)
	require.NoError(t, err)

	// Within any 12 hours at most twice the cap leaves, and never the cap twice within seconds.
	h.advance(12 * time.Hour)
	require.Equal(t, sesh(100), h.available(), "a full period drains the bucket")
	_, err = h.signedWithdraw(4, to, sesh(100), 0, 1, 2)
	require.NoError(t, err)
	_, err = h.signedWithdraw(5, to, sesh(100), 0, 1, 2)
	requireRevertName(t, err, "WithdrawalCapExceeded")
	require.Equal(t, sesh(250), h.balance(to))

	// Lowering the cap keeps what the bucket holds: nothing leaves until it drains below the new cap.
	rcpt, err := h.setCap(sesh(50), 1, 0, 1, 2)
	require.NoError(t, err)
	changed := events(t, rcpt, packer.UnpackWithdrawalCapChangedEvent)
	require.Len(t, changed, 1)
	require.Equal(t, sesh(50), changed[0].Limit)
	require.Equal(t, sesh(50), call(h, h.bridge, packer.PackWithdrawalCap(), packer.UnpackWithdrawalCap))
	require.Equal(t, uint64(1), call(h, h.bridge, packer.PackAdminNonce(), packer.UnpackAdminNonce))
	require.Zero(t, h.available().Sign())
	_, err = h.signedWithdraw(5, to, big.NewInt(1), 0, 1, 2)
	requireRevertName(t, err, "WithdrawalCapExceeded")
	h.advance(24 * time.Hour)
	_, err = h.signedWithdraw(5, to, sesh(51), 0, 1, 2)
	requireRevertName(t, err, "WithdrawalCapExceeded")
	_, err = h.signedWithdraw(5, to, sesh(50), 0, 1, 2)
	require.NoError(t, err)

	// Changing the cap needs the signers too, and the next admin nonce.
	_, err = h.setCap(sesh(1_000_000), 2, 0, 1)
	requireRevert(t, err, "InsufficientPower", 20, 40)
	_, err = h.setCap(sesh(1_000_000), 1, 0, 1, 2)
	requireRevert(t, err, "BadAdminNonce", 1, 2)
	period := big.NewInt(60)
	_, err = h.send(h.relayer, h.bridge, packer.PackSetWithdrawalCap(sesh(1), big.NewInt(0), 2,
		sigs(t, h.signers, types.CapDigest(h.bridgeID, 2, sesh(1), big.NewInt(0)), 0, 1, 2)))
	requireRevert(t, err, "ZeroCapPeriod")
	_, err = h.send(h.relayer, h.bridge, packer.PackSetWithdrawalCap(sesh(1), period, 2,
		sigs(t, h.signers, types.CapDigest(h.bridgeID, 2, sesh(1), period), 0, 1, 2)))
	require.NoError(t, err)
	require.Equal(t, period, call(h, h.bridge, packer.PackCapPeriod(), packer.UnpackCapPeriod))
}

// requireRevertName asserts that err is the custom error name, whatever its arguments.
func requireRevertName(t *testing.T, err error, name string) {
	t.Helper()
	got, args := revertOf(t, err)
	require.Equal(t, name, got, "wrong custom error (args %v)", args)
}

func TestSignerSetRotation(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b6")
	old := h.signers
	next := newSigners(t, "rotation", 4)
	nextPowers := bigs(1, 2, 3, 4)

	// Signed by too little of the current set.
	_, err := h.rotate(2, next, nextPowers, 0, 1)
	requireRevert(t, err, "InsufficientPower", 20, 40)
	// Signed by the new set instead of the current one.
	digest := types.SignerSetDigest(h.bridgeID, 2, addrs(next), nextPowers, big.NewInt(10))
	_, err = h.send(h.relayer, h.bridge, packer.PackUpdateSignerSet(2, addrs(next), nextPowers, big.NewInt(10), sigs(t, next, digest, 0, 1, 2, 3)))
	requireRevert(t, err, "InvalidSignature", 0)
	// Signed for other powers, or another total.
	_, err = h.send(h.relayer, h.bridge, packer.PackUpdateSignerSet(2, addrs(next), bigs(1, 2, 3, 5), big.NewInt(11), sigs(t, old, digest, 0, 1, 2)))
	requireRevert(t, err, "InvalidSignature", 0)
	_, err = h.send(h.relayer, h.bridge, packer.PackUpdateSignerSet(2, addrs(next), nextPowers, big.NewInt(20), sigs(t, old, digest, 0, 1, 2)))
	requireRevert(t, err, "InvalidSignature", 0)

	rcpt, err := h.rotate(2, next, nextPowers, 0, 2, 3)
	require.NoError(t, err)
	updated := events(t, rcpt, packer.UnpackSignerSetUpdatedEvent)
	require.Len(t, updated, 1)
	require.Equal(t, uint64(2), updated[0].Nonce)
	require.Equal(t, addrs(next), updated[0].Signers)
	require.Equal(t, nextPowers, updated[0].Powers)
	require.Equal(t, big.NewInt(10), updated[0].TotalPower)
	set := call(h, h.bridge, packer.PackCurrentSignerSet(), packer.UnpackCurrentSignerSet)
	require.Equal(t, uint64(2), set.Nonce)
	require.Equal(t, addrs(next), set.Signers)
	require.Equal(t, nextPowers, set.Powers)
	require.Equal(t, big.NewInt(10), call(h, h.bridge, packer.PackTotalPower(), packer.UnpackTotalPower))
	require.Equal(t, uint64(2), call(h, h.bridge, packer.PackSignerSetNonce(), packer.UnpackSignerSetNonce))

	// The old set no longer signs anything.
	wd := h.withdrawDigest(1, to, sesh(1))
	_, err = h.withdraw(1, to, sesh(1), sigs(t, old, wd, 0, 1, 2, 3))
	requireRevert(t, err, "InvalidSignature", 0)
	// The same rotation cannot be replayed, nor an older one.
	_, err = h.send(h.relayer, h.bridge, packer.PackUpdateSignerSet(2, addrs(next), nextPowers, big.NewInt(10), sigs(t, old, digest, 0, 2, 3)))
	requireRevert(t, err, "StaleSignerSet", 2, 2)

	h.signers, h.powers, h.total = next, nextPowers, big.NewInt(10)
	// The new set (total 10): 3 + 4 = 7 is more than two thirds, 1 + 2 + 3 = 6 is not.
	_, err = h.signedWithdraw(1, to, sesh(1), 2, 3)
	require.NoError(t, err)
	_, err = h.signedWithdraw(2, to, sesh(1), 0, 1, 2)
	requireRevert(t, err, "InsufficientPower", 6, 10)
	_, err = h.signedWithdraw(2, to, sesh(1), 1, 2, 3)
	require.NoError(t, err)
	require.Equal(t, sesh(2), h.balance(to))

	_, err = h.rotate(1, old, bigs(10, 10, 10, 10), 1, 2, 3)
	requireRevert(t, err, "StaleSignerSet", 1, 2)
	_, err = h.rotate(2, old, bigs(10, 10, 10, 10), 1, 2, 3)
	requireRevert(t, err, "StaleSignerSet", 2, 2)

	// Nonces may skip; sets may change size.
	smaller := newSigners(t, "smaller", 2)
	_, err = h.rotate(10, smaller, bigs(5, 5), 1, 2, 3)
	require.NoError(t, err)
	h.signers, h.powers, h.total = smaller, bigs(5, 5), big.NewInt(10)
	_, err = h.signedWithdraw(3, to, sesh(1), 0)
	requireRevert(t, err, "InsufficientPower", 5, 10)
	_, err = h.signedWithdraw(3, to, sesh(1), 0, 1)
	require.NoError(t, err)
}

func TestSignerSetValidation(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	good := newSigners(t, "valid", 4)
	a := addrs(good)
	maxPower := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 96), big.NewInt(1))
	many := newSigners(t, "many", 257)

	cases := []struct {
		name    string
		signers []common.Address
		powers  []*big.Int
		total   *big.Int // the powers' sum if nil
		err     string
		args    []any
	}{
		{"empty", nil, nil, nil, "EmptySignerSet", nil},
		{"unsorted", []common.Address{a[1], a[0], a[2], a[3]}, bigs(1, 1, 1, 1), nil, "SignersNotSorted", []any{1}},
		{"descending at the end", []common.Address{a[0], a[1], a[3], a[2]}, bigs(1, 1, 1, 1), nil, "SignersNotSorted", []any{3}},
		{"duplicate", []common.Address{a[0], a[1], a[1], a[3]}, bigs(1, 1, 1, 1), nil, "SignersNotSorted", []any{2}},
		{"zero address", []common.Address{{}, a[1], a[2]}, bigs(1, 1, 1), nil, "ZeroSigner", nil},
		{"zero power", a, bigs(1, 1, 0, 1), nil, "ZeroPower", []any{2}},
		{"fewer powers", a, bigs(1, 1, 1), nil, "SignerSetLengthMismatch", []any{4, 3}},
		{"more powers", a, bigs(1, 1, 1, 1, 1), nil, "SignerSetLengthMismatch", []any{4, 5}},
		{"too many members", addrs(many), ones(257), nil, "TooManySigners", []any{257}},
		{"power above 2^96-1", a[:2], []*big.Int{big.NewInt(1), new(big.Int).Add(maxPower, big.NewInt(1))}, nil, "PowerTooLarge", []any{1}},
		{"total below the members' power", a, bigs(1, 1, 1, 1), big.NewInt(3), "BadTotalPower", []any{3, 4}},
		{"total above 2^128-1", a, bigs(1, 1, 1, 1), new(big.Int).Lsh(big.NewInt(1), 128), "BadTotalPower", []any{new(big.Int).Lsh(big.NewInt(1), 128), 4}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Validly signed, so only the validation can refuse it.
			total := c.total
			if total == nil {
				total = sum(c.powers)
			}
			digest := types.SignerSetDigest(h.bridgeID, 2, c.signers, c.powers, total)
			_, err := h.send(h.relayer, h.bridge,
				packer.PackUpdateSignerSet(2, c.signers, c.powers, total, sigs(t, h.signers, digest, 0, 1, 2, 3)))
			requireRevert(t, err, c.err, c.args...)
		})
	}
	// The largest powers are accepted, and the two-thirds arithmetic holds with them.
	_, err := h.rotate(2, good[:3], []*big.Int{maxPower, maxPower, maxPower}, 0, 1, 2)
	require.NoError(t, err)
	require.Equal(t, new(big.Int).Mul(maxPower, big.NewInt(3)), call(h, h.bridge, packer.PackTotalPower(), packer.UnpackTotalPower))
	h.signers, h.powers, h.total = good[:3], []*big.Int{maxPower, maxPower, maxPower}, new(big.Int).Mul(maxPower, big.NewInt(3))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b9")
	_, err = h.signedWithdraw(1, to, sesh(1), 0, 2)
	requireRevert(t, err, "InsufficientPower", new(big.Int).Mul(maxPower, big.NewInt(2)), new(big.Int).Mul(maxPower, big.NewInt(3)))
	_, err = h.signedWithdraw(1, to, sesh(1), 0, 1, 2)
	require.NoError(t, err)

	// The constructor validates the first set the same way.
	_, _, err = bind.DeployContract(h.deployer, common.FromHex(bindings.SessionBridgeMetaData.Bin), h.backend.Client(),
		packer.PackConstructor(h.tokenAddr, bridgeName, 1, []common.Address{a[1], a[0]}, bigs(1, 1), big.NewInt(2), sesh(1), big.NewInt(60)))
	requireRevert(t, err, "SignersNotSorted", 1)
	_, _, err = bind.DeployContract(h.deployer, common.FromHex(bindings.SessionBridgeMetaData.Bin), h.backend.Client(),
		packer.PackConstructor(h.tokenAddr, bridgeName, 1, nil, nil, big.NewInt(0), sesh(1), big.NewInt(60)))
	requireRevert(t, err, "EmptySignerSet")
	_, _, err = bind.DeployContract(h.deployer, common.FromHex(bindings.SessionBridgeMetaData.Bin), h.backend.Client(),
		packer.PackConstructor(common.Address{}, bridgeName, 1, a, bigs(1, 1, 1, 1), big.NewInt(4), sesh(1), big.NewInt(60)))
	requireRevert(t, err, "ZeroToken")
	_, _, err = bind.DeployContract(h.deployer, common.FromHex(bindings.SessionBridgeMetaData.Bin), h.backend.Client(),
		packer.PackConstructor(h.tokenAddr, "", 1, a, bigs(1, 1, 1, 1), big.NewInt(4), sesh(1), big.NewInt(60)))
	requireRevert(t, err, "EmptyBridgeName")
	_, _, err = bind.DeployContract(h.deployer, common.FromHex(bindings.SessionBridgeMetaData.Bin), h.backend.Client(),
		packer.PackConstructor(h.tokenAddr, bridgeName, 1, a, bigs(1, 1, 1, 1), big.NewInt(3), sesh(1), big.NewInt(60)))
	requireRevert(t, err, "BadTotalPower", 3, 4)
	_, _, err = bind.DeployContract(h.deployer, common.FromHex(bindings.SessionBridgeMetaData.Bin), h.backend.Client(),
		packer.PackConstructor(h.tokenAddr, bridgeName, 1, a, bigs(1, 1, 1, 1), big.NewInt(4), sesh(1), big.NewInt(0)))
	requireRevert(t, err, "ZeroCapPeriod")
}

// TestSignerSetMaxSize rotates to a set of MAX_SIGNERS members and back, under today's
// gas rules. (Under the draft Amsterdam gas schedule of the default simulated chain and
// geth --dev, storing a fresh set of more than about 150 members exceeds the
// 16,777,216 gas limit of one transaction.)
func TestSignerSetMaxSize(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000), osakaRules)
	many := newSigners(t, "many", 256)
	rcpt, err := h.rotate(2, many, ones(256), 0, 1, 2)
	require.NoError(t, err)
	t.Logf("storing a fresh set of 256 members: %d gas", rcpt.GasUsed)
	set := call(h, h.bridge, packer.PackCurrentSignerSet(), packer.UnpackCurrentSignerSet)
	require.Equal(t, addrs(many), set.Signers)
	require.Equal(t, ones(256), set.Powers)
	h.signers, h.powers, h.total = many, ones(256), big.NewInt(256)

	// 171 of 256 is more than two thirds, 170 is not.
	who := make([]int, 171)
	for i := range who {
		who[i] = 255 - i
	}
	to := common.HexToAddress("0x00000000000000000000000000000000000000ba")
	_, err = h.signedWithdraw(1, to, sesh(1), who[:170]...)
	requireRevert(t, err, "InsufficientPower", 170, 256)
	rcpt, err = h.signedWithdraw(1, to, sesh(1), who...)
	require.NoError(t, err)
	t.Logf("batch of one transfer with 171 of 256 signatures: %d gas", rcpt.GasUsed)

	// Back to a small set: the surplus slots are cleared.
	small := newSigners(t, "small", 2)
	_, err = h.rotate(3, small, bigs(1, 1), who...)
	require.NoError(t, err)
	set = call(h, h.bridge, packer.PackCurrentSignerSet(), packer.UnpackCurrentSignerSet)
	require.Equal(t, addrs(small), set.Signers)
	require.Equal(t, bigs(1, 1), set.Powers)
	require.Equal(t, big.NewInt(2), call(h, h.bridge, packer.PackTotalPower(), packer.UnpackTotalPower))
	h.signers, h.powers, h.total = small, bigs(1, 1), big.NewInt(2)
	_, err = h.signedWithdraw(2, to, sesh(1), 0)
	requireRevert(t, err, "InsufficientPower", 1, 2)
	_, err = h.signedWithdraw(2, to, sesh(1), 0, 1)
	require.NoError(t, err)
}

func ones(n int) []*big.Int {
	out := make([]*big.Int, n)
	for i := range out {
		out[i] = big.NewInt(1)
	}
	return out
}

func TestPause(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	to := common.HexToAddress("0x00000000000000000000000000000000000000b7")
	h.mustSend(h.deployer, h.token, tokenPack.PackMint(h.alice.From, sesh(10)))
	h.mustSend(h.alice, h.token, tokenPack.PackApprove(h.bridgeAddr, sesh(10)))
	paused := func() bool { return call(h, h.bridge, packer.PackPaused(), packer.UnpackPaused) }
	adminNonce := func() uint64 { return call(h, h.bridge, packer.PackAdminNonce(), packer.UnpackAdminNonce) }

	_, err := h.setPaused(true, 1, 0, 1)
	requireRevert(t, err, "InsufficientPower", 20, 40)
	_, err = h.setPaused(true, 0, 0, 1, 2)
	requireRevert(t, err, "BadAdminNonce", 0, 1)
	_, err = h.setPaused(true, 2, 0, 1, 2)
	requireRevert(t, err, "BadAdminNonce", 2, 1)
	// Unpause signatures do not pause.
	unpause1 := sigs(t, h.signers, types.PauseDigest(h.bridgeID, 1, false), 0, 1, 2)
	_, err = h.send(h.relayer, h.bridge, packer.PackSetPaused(true, 1, unpause1))
	requireRevert(t, err, "InvalidSignature", 0)

	rcpt, err := h.setPaused(true, 1, 0, 1, 2)
	require.NoError(t, err)
	require.Len(t, events(t, rcpt, packer.UnpackPausedEvent), 1)
	require.True(t, paused())
	require.Equal(t, uint64(1), adminNonce())
	_, err = h.signedBatch(9, farDeadline, one(9, to, sesh(1)), 0, 1, 2)
	requireRevert(t, err, "EnforcedPause")

	_, err = h.send(h.alice, h.bridge, packer.PackDeposit("session1alice", sesh(1)))
	requireRevert(t, err, "EnforcedPause")
	_, err = h.signedWithdraw(1, to, sesh(1), 0, 1, 2)
	requireRevert(t, err, "EnforcedPause")

	// Pausing again only uses up the nonce.
	rcpt, err = h.setPaused(true, 2, 0, 1, 3)
	require.NoError(t, err)
	require.Empty(t, events(t, rcpt, packer.UnpackPausedEvent))
	require.True(t, paused())
	require.Equal(t, uint64(2), adminNonce())

	// Signer-set updates and cap changes still work while paused.
	next := newSigners(t, "while-paused", 4)
	_, err = h.rotate(2, next, bigs(10, 10, 10, 10), 0, 1, 2)
	require.NoError(t, err)
	old := h.signers
	h.signers = next
	_, err = h.setCap(sesh(500), 3, 0, 1, 2)
	require.NoError(t, err)
	require.Equal(t, sesh(500), call(h, h.bridge, packer.PackWithdrawalCap(), packer.UnpackWithdrawalCap))

	// Pause and cap share the admin nonce; the old set can no longer unpause.
	_, err = h.setPaused(false, 3, 0, 1, 2)
	requireRevert(t, err, "BadAdminNonce", 3, 4)
	oldSigs := sigs(t, old, types.PauseDigest(h.bridgeID, 4, false), 0, 1, 2)
	_, err = h.send(h.relayer, h.bridge, packer.PackSetPaused(false, 4, oldSigs))
	requireRevert(t, err, "InvalidSignature", 0)

	rcpt, err = h.setPaused(false, 4, 1, 2, 3)
	require.NoError(t, err)
	require.Len(t, events(t, rcpt, packer.UnpackUnpausedEvent), 1)
	require.False(t, paused())
	// Unpausing an unpaused bridge is no error either.
	_, err = h.setPaused(false, 5, 1, 2, 3)
	require.NoError(t, err)
	require.False(t, paused())
	require.Equal(t, uint64(5), adminNonce())
	// An executed admin message cannot be replayed.
	_, err = h.setPaused(false, 5, 1, 2, 3)
	requireRevert(t, err, "BadAdminNonce", 5, 6)

	h.mustSend(h.alice, h.bridge, packer.PackDeposit("session1alice", sesh(1)))
	_, err = h.signedWithdraw(1, to, sesh(1), 0, 1, 2)
	require.NoError(t, err)
	require.Equal(t, sesh(1), h.balance(to))
}

func TestTokenMintOnlyOwner(t *testing.T) {
	h := newHarness(t, []int64{1}, sesh(1))
	_, err := h.send(h.alice, h.token, tokenPack.PackMint(h.alice.From, sesh(1)))
	requireRevert(t, err, "OwnableUnauthorizedAccount", h.alice.From.Hex())
	h.mustSend(h.deployer, h.token, tokenPack.PackMint(h.alice.From, sesh(1)))
	require.Equal(t, sesh(1), h.balance(h.alice.From))
	// A single-member set works: all of the power is above two thirds.
	to := common.HexToAddress("0x00000000000000000000000000000000000000b8")
	_, err = h.signedWithdraw(1, to, sesh(1), 0)
	require.NoError(t, err)
}
