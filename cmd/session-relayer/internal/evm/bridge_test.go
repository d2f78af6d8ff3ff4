package evm_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiontoken/sessionchain/testutil/evmsim"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

const bridgeName = "sessiontest-1"

var (
	tokenABI  = bindings.NewTestSESH()
	bridgeABI = bindings.NewSessionBridge()
)

func key(t *testing.T, seed string) (*ecdsa.PrivateKey, common.Address) {
	t.Helper()
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
	require.NoError(t, err)
	return k, crypto.PubkeyToAddress(k.PublicKey)
}

// sim is a simulated EVM chain with the test token and a bridge whose signer
// set is three keys with powers 40, 30, 30.
type sim struct {
	t       *testing.T
	backend *simulated.Backend
	client  simulated.Client
	chainID *big.Int
	alice   *bind.TransactOpts
	token   common.Address
	bridge  *evm.Bridge
	signers []*ecdsa.PrivateKey
	set     evm.SignerSet
	// deployed is the block of the bridge's deployment.
	deployed uint64
}

func newSim(t *testing.T, withdrawalCap *big.Int) *sim {
	t.Helper()
	deployerKey, deployer := key(t, "deployer")
	aliceKey, alice := key(t, "alice")
	relayerKey, relayer := key(t, "relayer")
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)
	backend := simulated.NewBackend(ethtypes.GenesisAlloc{
		deployer: {Balance: eth}, alice: {Balance: eth}, relayer: {Balance: eth},
	})
	t.Cleanup(func() { _ = backend.Close() })
	s := &sim{t: t, backend: backend, client: backend.Client(), chainID: big.NewInt(1337)}
	s.alice = bind.NewKeyedTransactor(aliceKey, s.chainID)

	deployOpts := bind.NewKeyedTransactor(deployerKey, s.chainID)
	tokenAddr, tx, err := bind.DeployContract(deployOpts, common.FromHex(bindings.TestSESHMetaData.Bin), s.client,
		tokenABI.PackConstructor(big.NewInt(0)))
	require.NoError(t, err)
	backend.Commit()
	s.receipt(tx.Hash())
	s.token = tokenAddr

	for i := range 3 {
		k, _ := key(t, "signer"+string(rune('a'+i)))
		s.signers = append(s.signers, k)
	}
	sort.Slice(s.signers, func(i, j int) bool {
		return crypto.PubkeyToAddress(s.signers[i].PublicKey).Cmp(crypto.PubkeyToAddress(s.signers[j].PublicKey)) < 0
	})
	s.set = evm.SignerSet{Nonce: 1, Powers: []*big.Int{big.NewInt(40), big.NewInt(30), big.NewInt(30)}}
	for _, k := range s.signers {
		s.set.Signers = append(s.set.Signers, crypto.PubkeyToAddress(k.PublicKey))
	}

	var d evm.Deployment
	s.mining(func() {
		d, err = evm.Deploy(context.Background(), s.client, deployerKey, s.chainID, evm.DeployParams{
			Token: tokenAddr, BridgeName: bridgeName, SignerSet: s.set, WithdrawalCap: withdrawalCap, CapPeriod: big.NewInt(86_400),
		}, 10*time.Second)
	})
	require.NoError(t, err)
	s.deployed = d.Block
	s.bridge = evm.NewBridge(s.client, d.Address, relayerKey, s.chainID, evm.Options{LogRange: 2, TxTimeout: 10 * time.Second})

	s.send(deployOpts, tokenAddr, tokenABI.PackMint(alice, big.NewInt(1_000_000)))
	s.send(s.alice, tokenAddr, tokenABI.PackApprove(d.Address, big.NewInt(1_000_000)))
	return s
}

// mining runs fn while blocks are committed every 20 ms, as a live chain would make them.
func (s *sim) mining(fn func()) {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				s.backend.Commit()
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
}

func (s *sim) receipt(hash common.Hash) *ethtypes.Receipt {
	s.t.Helper()
	rec := evmsim.Receipt(s.t, s.client, hash)
	require.Equal(s.t, ethtypes.ReceiptStatusSuccessful, rec.Status)
	return rec
}

// send sends a transaction without committing a block.
func (s *sim) sendNoCommit(from *bind.TransactOpts, to common.Address, data []byte) common.Hash {
	s.t.Helper()
	c := bind.NewBoundContract(to, bridgeABI.GetABI(), s.client, s.client, s.client)
	tx, err := bind.Transact(c, from, data)
	require.NoError(s.t, err)
	return tx.Hash()
}

// send sends a transaction and commits it in a block.
func (s *sim) send(from *bind.TransactOpts, to common.Address, data []byte) *ethtypes.Receipt {
	s.t.Helper()
	h := s.sendNoCommit(from, to, data)
	s.backend.Commit()
	return s.receipt(h)
}

func (s *sim) deposit(recipient string, amount int64) *ethtypes.Receipt {
	return s.send(s.alice, s.bridge.Address(), bridgeABI.PackDeposit(recipient, big.NewInt(amount)))
}

func (s *sim) balance(who common.Address) *big.Int {
	s.t.Helper()
	b, err := bind.Call(tokenABI.Instance(s.client, s.token), nil, tokenABI.PackBalanceOf(who), tokenABI.UnpackBalanceOf)
	require.NoError(s.t, err)
	return b
}

// sigs signs digest with the signers at the given indexes, aligned with the set.
func (s *sim) sigs(digest common.Hash, who ...int) [][]byte {
	s.t.Helper()
	out := make([][]byte, len(s.signers))
	for i := range out {
		out[i] = []byte{}
	}
	for _, i := range who {
		sig, err := evmkey.Sign(s.signers[i], digest)
		require.NoError(s.t, err)
		out[i] = sig
	}
	return out
}

func TestDeployedContractState(t *testing.T) {
	s := newSim(t, big.NewInt(1_000))
	ctx := context.Background()

	id, err := s.bridge.BridgeID(ctx)
	require.NoError(t, err)
	require.Equal(t, bridgetypes.BridgeID(1337, s.bridge.Address(), bridgeName), id)
	token, err := s.bridge.Token(ctx)
	require.NoError(t, err)
	require.Equal(t, s.token, token)
	set, err := s.bridge.SignerSet(ctx, evm.Pending)
	require.NoError(t, err)
	require.Equal(t, s.set.Signers, set.Signers)
	require.Equal(t, "100", set.Total().String())
	paused, err := s.bridge.Paused(ctx, evm.Pending)
	require.NoError(t, err)
	require.False(t, paused)
}

func TestBeforeTheDeployment(t *testing.T) {
	s := newSim(t, big.NewInt(1_000))
	ctx := context.Background()
	// A safe block below the deployment: the contract had done nothing yet.
	n, err := s.bridge.DepositNonce(ctx, evm.At(s.deployed-1))
	require.NoError(t, err)
	require.Zero(t, n)
	done, err := s.bridge.Withdrawn(ctx, 1, evm.At(s.deployed-1))
	require.NoError(t, err)
	require.False(t, done)
	// A contract that does not exist is an error at the head.
	ghost := evm.NewBridge(s.client, common.Address{0xcc}, nil, s.chainID, evm.Options{})
	_, err = ghost.BridgeID(ctx)
	require.ErrorIs(t, err, bind.ErrNoCode)
	_, err = ghost.DepositNonce(ctx, evm.Pending)
	require.ErrorIs(t, err, bind.ErrNoCode)
}

func TestDepositsByNonceUpToABlock(t *testing.T) {
	s := newSim(t, big.NewInt(1_000))
	ctx := context.Background()

	first := s.deposit("session1first", 5).BlockNumber.Uint64()
	// Nonces 2 and 3 in one block.
	s.sendNoCommit(s.alice, s.bridge.Address(), bridgeABI.PackDeposit("session1second", big.NewInt(6)))
	h := s.sendNoCommit(s.alice, s.bridge.Address(), bridgeABI.PackDeposit("session1third", big.NewInt(7)))
	s.backend.Commit()
	second := s.receipt(h).BlockNumber.Uint64()
	s.backend.Commit()
	s.backend.Commit()
	head, err := s.bridge.HeadBlock(ctx)
	require.NoError(t, err)
	require.Equal(t, second+2, head)

	// Only what is in blocks up to `to` counts: the confirmation depth.
	n, err := s.bridge.DepositNonce(ctx, evm.At(first))
	require.NoError(t, err)
	require.Equal(t, uint64(1), n)
	n, err = s.bridge.DepositNonce(ctx, evm.At(head))
	require.NoError(t, err)
	require.Equal(t, uint64(3), n)

	deps, err := s.bridge.Deposits(ctx, []uint64{1, 2, 3}, 0, first)
	require.NoError(t, err)
	require.Len(t, deps, 1)
	require.Equal(t, uint64(1), deps[0].Nonce)
	require.Equal(t, "session1first", deps[0].Recipient)
	require.Equal(t, s.alice.From, deps[0].Sender)
	require.Equal(t, int64(5), deps[0].Amount.Int64())
	require.Equal(t, first, deps[0].Block)
	hdr, err := s.bridge.Header(ctx, first)
	require.NoError(t, err)
	require.Equal(t, hdr.Hash(), deps[0].BlockHash, "a deposit names its block by hash, so a reorg shows")

	// Filtered by the nonce topic: asking for 2 and 3 skips 1, across several log ranges (LogRange 2).
	deps, err = s.bridge.Deposits(ctx, []uint64{3, 2}, 0, head)
	require.NoError(t, err)
	require.Len(t, deps, 2)
	require.Equal(t, []uint64{2, 3}, []uint64{deps[0].Nonce, deps[1].Nonce})
	require.Equal(t, second, deps[1].Block)
	require.Equal(t, "session1third", deps[1].Recipient)

	deps, err = s.bridge.Deposits(ctx, []uint64{4}, 0, head)
	require.NoError(t, err)
	require.Empty(t, deps)
}

func TestDecodeDepositRefusesMalformedLogs(t *testing.T) {
	sender := common.HexToAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
	tests := []struct {
		name   string
		change func(l *ethtypes.Log)
	}{
		{"no topics", func(l *ethtypes.Log) { l.Topics = nil }},
		{"another event", func(l *ethtypes.Log) { l.Topics[0] = crypto.Keccak256Hash([]byte("Paused(address)")) }},
		{"no sender topic", func(l *ethtypes.Log) { l.Topics = l.Topics[:2] }},
		{"an extra topic", func(l *ethtypes.Log) { l.Topics = append(l.Topics, common.Hash{}) }},
		{"no data", func(l *ethtypes.Log) { l.Data = nil }},
		{"data cut short", func(l *ethtypes.Log) { l.Data = l.Data[:len(l.Data)-1] }},
		{"a stray byte after the data", func(l *ethtypes.Log) { l.Data = append(l.Data, 0) }},
		{"a sender topic with dirty padding", func(l *ethtypes.Log) { l.Topics[2][0] = 1 }},
		{"a nonce beyond uint64", func(l *ethtypes.Log) { l.Topics[1][23] = 1 }},
		{"the string at another offset", func(l *ethtypes.Log) {
			l.Data = append(append(word(big.NewInt(0x60)), l.Data[32:64]...), append(make([]byte, 32), l.Data[64:]...)...)
		}},
		{"non-zero padding after the recipient", func(l *ethtypes.Log) { l.Data[len(l.Data)-1] = 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			log := depositLog(7, sender, "session1abc", big.NewInt(5))
			_, err := evm.DecodeDeposit(log)
			require.NoError(t, err, "the unchanged log")
			tc.change(log)

			d, err := evm.DecodeDeposit(log)

			require.Error(t, err)
			require.Equal(t, evm.Deposit{}, d)
		})
	}
}

func (s *sim) bridgeID() common.Hash {
	return bridgetypes.BridgeID(1337, s.bridge.Address(), bridgeName)
}

// batch is a batch of transfers of amount+1 (1 the fee) to recipient with ids from first.
func batch(recipient common.Address, first uint64, amounts ...int64) ([]bindings.SessionBridgeTransfer, []bridgetypes.EvmTransfer) {
	var out []bindings.SessionBridgeTransfer
	var digest []bridgetypes.EvmTransfer
	for i, a := range amounts {
		out = append(out, bindings.SessionBridgeTransfer{Id: first + uint64(i), Recipient: recipient, Amount: big.NewInt(a), Fee: big.NewInt(1)})
		digest = append(digest, bridgetypes.EvmTransfer{ID: first + uint64(i), Recipient: recipient, Amount: big.NewInt(a), Fee: big.NewInt(1)})
	}
	return out, digest
}

func TestSubmitBatchWithAlignedSignatures(t *testing.T) {
	s := newSim(t, big.NewInt(100))
	ctx := context.Background()
	s.deposit("session1x", 500)
	_, recipient := key(t, "recipient")
	transfers, evmTransfers := batch(recipient, 9, 30, 29)
	deadline := uint64(time.Now().Add(time.Hour).Unix())
	digest := bridgetypes.BatchDigest(s.bridgeID(), 1, deadline, evmTransfers)

	done, err := s.bridge.Withdrawn(ctx, 9, evm.Pending)
	require.NoError(t, err)
	require.False(t, done)

	// 30 + 30 of 100 is not more than two thirds: refused at estimation, nothing sent.
	var rec *ethtypes.Receipt
	s.mining(func() { rec, err = s.bridge.SubmitBatch(ctx, 1, deadline, transfers, s.sigs(digest, 1, 2)) })
	var rev *evm.RevertError
	require.ErrorAs(t, err, &rev)
	require.Contains(t, rev.Reason, "InsufficientPower")
	require.Nil(t, rec)

	// 40 + 30 is; the submitter (the relayer's gas wallet) is paid the fees.
	before := s.balance(s.bridge.Sender())
	s.mining(func() { rec, err = s.bridge.SubmitBatch(ctx, 1, deadline, transfers, s.sigs(digest, 0, 2)) })
	require.NoError(t, err)
	require.Equal(t, ethtypes.ReceiptStatusSuccessful, rec.Status)
	require.Equal(t, int64(59), s.balance(recipient).Int64())
	require.Equal(t, int64(2), new(big.Int).Sub(s.balance(s.bridge.Sender()), before).Int64())
	for _, id := range []uint64{9, 10} {
		done, err = s.bridge.Withdrawn(ctx, id, evm.At(rec.BlockNumber.Uint64()))
		require.NoError(t, err)
		require.True(t, done)
		done, err = s.bridge.Withdrawn(ctx, id, evm.At(rec.BlockNumber.Uint64()-1))
		require.NoError(t, err)
		require.False(t, done, "not withdrawn before its block")
	}

	// Once only.
	s.mining(func() { _, err = s.bridge.SubmitBatch(ctx, 1, deadline, transfers, s.sigs(digest, 0, 2)) })
	require.ErrorAs(t, err, &rev)
	require.True(t, strings.HasPrefix(rev.Reason, "AlreadyWithdrawn"), rev.Reason)

	// Over what the bucket has left (cap 100, 61 released with the fees).
	available, err := s.bridge.Available(ctx, evm.Pending)
	require.NoError(t, err)
	require.LessOrEqual(t, available.Int64(), int64(40))
	transfers, evmTransfers = batch(recipient, 11, 60)
	digest = bridgetypes.BatchDigest(s.bridgeID(), 2, deadline, evmTransfers)
	s.mining(func() { _, err = s.bridge.SubmitBatch(ctx, 2, deadline, transfers, s.sigs(digest, 0, 1, 2)) })
	require.ErrorAs(t, err, &rev)
	require.Contains(t, rev.Reason, "WithdrawalCapExceeded")

	// A batch past its deadline pays nothing.
	transfers, evmTransfers = batch(recipient, 12, 1)
	past := uint64(time.Now().Add(-time.Hour).Unix())
	digest = bridgetypes.BatchDigest(s.bridgeID(), 3, past, evmTransfers)
	s.mining(func() { _, err = s.bridge.SubmitBatch(ctx, 3, past, transfers, s.sigs(digest, 0, 1, 2)) })
	require.ErrorAs(t, err, &rev)
	require.Contains(t, rev.Reason, "BatchExpired")
}

func TestUpdateSignerSet(t *testing.T) {
	s := newSim(t, big.NewInt(100))
	ctx := context.Background()
	_, a := key(t, "new-a")
	_, b := key(t, "new-b")
	if a.Cmp(b) > 0 {
		a, b = b, a
	}
	// Power 1 of the total is a validator without a key: it counts as not signing.
	set := evm.SignerSet{Nonce: 5, Signers: []common.Address{a, b}, Powers: []*big.Int{big.NewInt(1), big.NewInt(2)}, TotalPower: big.NewInt(4)}
	digest := bridgetypes.SignerSetDigest(s.bridgeID(), 5, set.Signers, set.Powers, set.TotalPower)

	var (
		rec *ethtypes.Receipt
		err error
	)
	s.mining(func() { rec, err = s.bridge.UpdateSignerSet(ctx, set, s.sigs(digest, 0, 1)) })
	require.NoError(t, err)
	nonce, err := s.bridge.SignerSetNonce(ctx, evm.At(rec.BlockNumber.Uint64()))
	require.NoError(t, err)
	require.Equal(t, uint64(5), nonce)
	got, err := s.bridge.SignerSet(ctx, evm.Pending)
	require.NoError(t, err)
	require.Equal(t, set.Signers, got.Signers)
	require.Equal(t, "4", got.Total().String())
}

func TestAdminOperations(t *testing.T) {
	s := newSim(t, big.NewInt(100))
	ctx := context.Background()
	var err error
	s.mining(func() {
		_, err = s.bridge.SetPaused(ctx, true, 1, s.sigs(bridgetypes.PauseDigest(s.bridgeID(), 1, true), 0, 1))
	})
	require.NoError(t, err)
	paused, err := s.bridge.Paused(ctx, evm.Pending)
	require.NoError(t, err)
	require.True(t, paused)
	n, err := s.bridge.AdminNonce(ctx, evm.Pending)
	require.NoError(t, err)
	require.Equal(t, uint64(1), n)

	// A replayed or lower nonce is refused.
	var rev *evm.RevertError
	s.mining(func() {
		_, err = s.bridge.SetPaused(ctx, false, 1, s.sigs(bridgetypes.PauseDigest(s.bridgeID(), 1, false), 0, 1))
	})
	require.ErrorAs(t, err, &rev)

	limit, period := big.NewInt(7_000), big.NewInt(3_600)
	s.mining(func() {
		_, err = s.bridge.SetWithdrawalCap(ctx, limit, period, 2, s.sigs(bridgetypes.CapDigest(s.bridgeID(), 2, limit, period), 0, 2))
	})
	require.NoError(t, err)
	available, err := s.bridge.Available(ctx, evm.Pending)
	require.NoError(t, err)
	require.Equal(t, int64(7_000), available.Int64())
}

func TestReadOnlyBridgeSendsNothing(t *testing.T) {
	s := newSim(t, big.NewInt(100))
	ro := evm.NewBridge(s.client, s.bridge.Address(), nil, s.chainID, evm.Options{})
	_, err := ro.SubmitBatch(context.Background(), 1, 1, nil, nil)
	require.True(t, errors.Is(err, evm.ErrReadOnly))
	_, err = ro.SetPaused(context.Background(), true, 1, nil)
	require.True(t, errors.Is(err, evm.ErrReadOnly))
}

// TestDeployRefusesMissingCap: a deployment without the withdrawal cap or
// its period is refused with an error; the ABI packer panicked on the nil
// period that session-relayer deploy passed.
func TestDeployRefusesMissingCap(t *testing.T) {
	key, _ := key(t, "deployer")
	set := evm.SignerSet{Nonce: 1, Signers: []common.Address{crypto.PubkeyToAddress(key.PublicKey)}, Powers: []*big.Int{big.NewInt(1)}}
	for _, p := range []evm.DeployParams{
		{BridgeName: "b", SignerSet: set, WithdrawalCap: big.NewInt(1)},
		{BridgeName: "b", SignerSet: set, CapPeriod: big.NewInt(1)},
		{BridgeName: "b", SignerSet: set, WithdrawalCap: big.NewInt(1), CapPeriod: big.NewInt(0)},
	} {
		var err error
		require.NotPanics(t, func() {
			_, err = evm.Deploy(context.Background(), nil, key, big.NewInt(1337), p, time.Second)
		})
		require.ErrorContains(t, err, "the withdrawal cap and a positive cap period are required")
	}
}
