package relayer

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/sessiontoken/sessionchain/testutil/evmsim"

	"cosmossdk.io/math"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/chain"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/metrics"
	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

const (
	testChainID = "sessiontest-1"
	// testBridgeName is the bridge name of the test params and contract.
	testBridgeName = "sessiontest-bridge"
	simChainID     = 1337
	confirmations  = 2
)

var (
	tokenABI  = bindings.NewTestSESH()
	bridgeABI = bindings.NewSessionBridge()
)

// validator is one validator of the test: its EVM key, addresses and power.
type validator struct {
	key     *ecdsa.PrivateKey
	evm     common.Address
	valoper string
	account string
	power   uint64
}

// env is a simulated EVM chain with the token and a bridge deployed for three
// validators (powers 40, 30, 30, sorted by EVM address), a fake Cosmos chain
// configured for that bridge, and the relayer of the validator with power 40.
type env struct {
	t        *testing.T
	backend  *simulated.Backend
	client   simulated.Client
	deployer *bind.TransactOpts
	alice    *bind.TransactOpts
	token    common.Address
	bridge   *evm.Bridge
	vals     []validator
	me       validator
	chain    *fakeChain
	metrics  *metrics.Metrics
	relayer  *Relayer
	signID   common.Hash
}

func newEnv(t *testing.T) *env {
	t.Helper()
	chain.SetAddressConfig()
	e := &env{t: t, chain: newFakeChain(), metrics: metrics.New()}

	keys := testKeys(t, "validator", 3)
	powers := []uint64{40, 30, 30}
	for i, k := range keys {
		op := crypto.PubkeyToAddress(k.PublicKey).Bytes() // any 20 bytes do for the operator
		e.vals = append(e.vals, validator{
			key: k, evm: addrOf(k), power: powers[i],
			valoper: sdk.ValAddress(op).String(), account: sdk.AccAddress(op).String(),
		})
	}
	e.me = e.vals[0]

	deployerKey, deployer := keyOf(t, "deployer")
	aliceKey, alice := keyOf(t, "alice")
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)
	e.backend = simulated.NewBackend(ethtypes.GenesisAlloc{
		deployer: {Balance: eth}, alice: {Balance: eth}, e.me.evm: {Balance: eth},
	})
	t.Cleanup(func() { _ = e.backend.Close() })
	e.client = e.backend.Client()
	chainID := big.NewInt(simChainID)
	e.deployer = bind.NewKeyedTransactor(deployerKey, chainID)
	e.alice = bind.NewKeyedTransactor(aliceKey, chainID)

	tokenAddr, tx, err := bind.DeployContract(e.deployer, common.FromHex(bindings.TestSESHMetaData.Bin), e.client,
		tokenABI.PackConstructor(big.NewInt(0)))
	require.NoError(t, err)
	e.backend.Commit()
	e.receipt(tx.Hash())
	e.token = tokenAddr

	set := e.contractSet(1)
	var d evm.Deployment
	e.mining(func() {
		d, err = evm.Deploy(context.Background(), e.client, deployerKey, chainID, evm.DeployParams{
			Token: tokenAddr, BridgeName: testBridgeName, SignerSet: set, WithdrawalCap: big.NewInt(1_000_000),
		}, 10*time.Second)
	})
	require.NoError(t, err)
	e.bridge = evm.NewBridge(e.client, d.Address, nil, chainID, evm.Options{LogRange: 3})
	e.signID = bridgetypes.BridgeID(simChainID, d.Address, testBridgeName)
	e.send(e.deployer, tokenAddr, tokenABI.PackMint(alice, big.NewInt(1_000_000)))
	e.send(e.alice, tokenAddr, tokenABI.PackApprove(d.Address, big.NewInt(1_000_000)))

	e.chain.params = bridgetypes.Params{EvmChainId: simChainID, ContractAddress: d.Address.Hex(), SignerSetChangeBps: 500, BridgeName: testBridgeName}
	e.chain.pending = bridgetypes.QueryPendingSignaturesResponse{NextDepositNonce: 1, EvmAddress: e.me.evm.Hex()}
	e.chain.sets[1] = &bridgetypes.QuerySignerSetResponse{SignerSet: e.chainSet(1)}
	e.chain.supply = bridgetypes.QuerySupplyResponse{ChainSupply: math.ZeroInt(), OutboundInFlight: math.ZeroInt()}

	e.relayer = New(Config{
		Account: e.me.account, Valoper: e.me.valoper, ChainID: testChainID,
		Confirmations: confirmations, PollInterval: 10 * time.Millisecond, StepTimeout: 20 * time.Second,
	}, e.chain, e.chain, &simDialer{client: e.client}, e.me.key,
		slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug})), e.metrics)
	return e
}

func keyOf(t *testing.T, seed string) (*ecdsa.PrivateKey, common.Address) {
	t.Helper()
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
	require.NoError(t, err)
	return k, crypto.PubkeyToAddress(k.PublicKey)
}

// chainSet is the validators as a chain signer set.
func (e *env) chainSet(nonce uint64, vals ...validator) bridgetypes.SignerSet {
	if vals == nil {
		vals = e.vals
	}
	s := bridgetypes.SignerSet{Nonce: nonce}
	for _, v := range vals {
		s.Members = append(s.Members, bridgetypes.SignerSetMember{Validator: v.valoper, EvmAddress: v.evm.Hex(), Power: v.power})
		s.TotalPower += v.power
	}
	return s
}

func (e *env) contractSet(nonce uint64) evm.SignerSet {
	addrs, powers := e.chainSet(nonce).EvmArgs()
	return evm.SignerSet{Nonce: nonce, Signers: addrs, Powers: powers}
}

// sig is validator v's signature of digest as the chain stores it.
func (e *env) sig(v validator, digest common.Hash) bridgetypes.ValidatorSignature {
	e.t.Helper()
	s, err := evmkey.Sign(v.key, digest)
	require.NoError(e.t, err)
	return bridgetypes.ValidatorSignature{Validator: v.valoper, EvmAddress: v.evm.Hex(), Signature: s}
}

// mining runs fn while blocks are committed every 20 ms, as a live chain makes them.
func (e *env) mining(fn func()) {
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
				e.backend.Commit()
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
}

// round runs one round of the relayer while blocks are made.
func (e *env) round() { e.mining(func() { e.relayer.Round(context.Background()) }) }

// roundStill runs one round without new blocks.
func (e *env) roundStill() { e.relayer.Round(context.Background()) }

func (e *env) receipt(hash common.Hash) *ethtypes.Receipt {
	e.t.Helper()
	rec := evmsim.Receipt(e.t, e.client, hash)
	require.Equal(e.t, ethtypes.ReceiptStatusSuccessful, rec.Status)
	return rec
}

func (e *env) sendNoCommit(from *bind.TransactOpts, to common.Address, data []byte) common.Hash {
	e.t.Helper()
	c := bind.NewBoundContract(to, bridgeABI.GetABI(), e.client, e.client, e.client)
	tx, err := bind.Transact(c, from, data)
	require.NoError(e.t, err)
	return tx.Hash()
}

func (e *env) send(from *bind.TransactOpts, to common.Address, data []byte) *ethtypes.Receipt {
	e.t.Helper()
	h := e.sendNoCommit(from, to, data)
	e.backend.Commit()
	return e.receipt(h)
}

func (e *env) deposit(recipient string, amount int64) *ethtypes.Receipt {
	return e.send(e.alice, e.bridge.Address(), bridgeABI.PackDeposit(recipient, big.NewInt(amount)))
}

func (e *env) balance(who common.Address) *big.Int {
	e.t.Helper()
	b, err := bind.Call(tokenABI.Instance(e.client, e.token), nil, tokenABI.PackBalanceOf(who), tokenABI.UnpackBalanceOf)
	require.NoError(e.t, err)
	return b
}

func (e *env) commit(n int) {
	for range n {
		e.backend.Commit()
	}
}

// simDialer binds the bridge on the simulated chain with the relayer's key.
type simDialer struct {
	client simulated.Client
	key    *ecdsa.PrivateKey
}

func (d *simDialer) ChainID(context.Context) (uint64, error) { return simChainID, nil }

func (d *simDialer) Bind(addr common.Address) EVM {
	return evm.NewBridge(d.client, addr, d.key, big.NewInt(simChainID), evm.Options{LogRange: 3, TxTimeout: 10 * time.Second})
}

// msgsOf returns the messages of type T in txs, in order.
func msgsOf[T sdk.Msg](txs [][]sdk.Msg) []T {
	var out []T
	for _, tx := range txs {
		for _, m := range tx {
			if v, ok := m.(T); ok {
				out = append(out, v)
			}
		}
	}
	return out
}

func TestRegistersTheEvmKeyOnceBonded(t *testing.T) {
	e := newEnv(t)
	e.chain.set(func(f *fakeChain) { f.pending.EvmAddress = ""; f.bonded = false })

	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgRegisterEvmKey](e.chain.takeSent()), "not bonded: wait")

	e.chain.set(func(f *fakeChain) { f.bonded = true })
	e.roundStill()
	regs := msgsOf[*bridgetypes.MsgRegisterEvmKey](e.chain.takeSent())
	require.Len(t, regs, 1)
	require.Equal(t, e.me.account, regs[0].Validator)
	require.Equal(t, e.me.evm.Hex(), regs[0].EvmAddress)
	signer, err := bridgetypes.RecoverSigner(bridgetypes.EvmKeyDigest(testChainID, e.me.valoper), regs[0].Signature)
	require.NoError(t, err)
	require.Equal(t, e.me.evm, signer)
	require.NoError(t, regs[0].ValidateBasic())

	// Registered: nothing more to do.
	e.chain.set(func(f *fakeChain) { f.pending.EvmAddress = e.me.evm.Hex() })
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgRegisterEvmKey](e.chain.takeSent()))
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindRegister, metrics.ResultOK)))
}

func TestAttestsDepositsPastTheConfirmationDepth(t *testing.T) {
	e := newEnv(t)
	e.deposit("session1first", 5)
	// Nonces 2 and 3 in one block.
	e.sendNoCommit(e.alice, e.bridge.Address(), bridgeABI.PackDeposit("session1second", big.NewInt(6)))
	e.sendNoCommit(e.alice, e.bridge.Address(), bridgeABI.PackDeposit("not an address", big.NewInt(7)))
	e.backend.Commit()

	// Deposit 1 is one block deep, 2 and 3 at the head: nothing is safe yet.
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()))

	// One more block: deposit 1 is safe (2 deep), 2 and 3 are not.
	e.commit(1)
	e.roundStill()
	att := msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent())
	require.Len(t, att, 1)
	require.Equal(t, bridgetypes.DepositClaim{
		Nonce: 1, EvmSender: e.alice.From.Hex(), Recipient: "session1first", Amount: math.NewInt(5),
	}, att[0].Claim)
	require.Equal(t, e.me.account, att[0].Validator)

	// The chain took it; the next block makes 2 and 3 safe: one tx, in nonce order.
	e.chain.set(func(f *fakeChain) { f.pending.NextDepositNonce = 2 })
	e.commit(1)
	e.roundStill()
	txs := e.chain.takeSent()
	require.Len(t, txs, 1)
	att = msgsOf[*bridgetypes.MsgAttestDeposit](txs)
	require.Len(t, att, 2)
	require.Equal(t, uint64(2), att[0].Claim.Nonce)
	require.Equal(t, uint64(3), att[1].Claim.Nonce)
	require.Equal(t, "not an address", att[1].Claim.Recipient, "recipient verbatim")
	require.Equal(t, "7", att[1].Claim.Amount.String())
	for _, m := range att {
		require.NoError(t, m.ValidateBasic())
	}

	// A restart forgets everything and finds the same deposits again.
	e.relayer = New(e.relayer.cfg, e.chain, e.chain, &simDialer{client: e.client}, e.me.key, e.relayer.log, e.metrics)
	e.roundStill()
	again := msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent())
	require.Equal(t, att, again)

	// All attested: nothing to send.
	e.chain.set(func(f *fakeChain) { f.pending.NextDepositNonce = 4 })
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()))
}

func TestDepositsStopWhereTheChainRefuses(t *testing.T) {
	e := newEnv(t)
	for i := range 3 {
		e.deposit("session1x", int64(i+1))
	}
	e.commit(confirmations)
	calls := 0
	e.chain.set(func(f *fakeChain) {
		f.fail = func(msgs []sdk.Msg) error {
			calls++
			if len(msgs) == 3 {
				return &chain.TxError{Stage: "simulate", Log: "failed to execute message; message index: 1: no", MsgIndex: 1}
			}
			return nil
		}
	})
	e.roundStill()
	att := msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent())
	require.Equal(t, 2, calls)
	require.Len(t, att, 1, "deposits go in nonce order: everything from the failing one on is dropped")
	require.Equal(t, uint64(1), att[0].Claim.Nonce)
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindAttestDeposit, metrics.ResultRejected)))
}

func TestNoDepositAttestationsWhilePausedOrUnbonded(t *testing.T) {
	e := newEnv(t)
	e.deposit("session1x", 1)
	e.commit(confirmations)
	e.chain.set(func(f *fakeChain) { f.params.Paused = true })
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()))
	e.chain.set(func(f *fakeChain) { f.params.Paused = false; f.bonded = false })
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()))
	e.chain.set(func(f *fakeChain) { f.bonded = true })
	e.roundStill()
	require.Len(t, msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()), 1)
}

func TestSignsTransfersAndSignerSets(t *testing.T) {
	e := newEnv(t)
	recipient := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	transfer := bridgetypes.Transfer{Id: 4, EvmRecipient: recipient.Hex(), Amount: math.NewInt(60), Status: bridgetypes.TRANSFER_STATUS_PENDING}
	e.chain.set(func(f *fakeChain) {
		f.pending.TransfersToSign = []bridgetypes.Transfer{transfer}
		f.pending.SignerSetsToSign = []bridgetypes.SignerSet{e.chainSet(1)}
	})
	e.roundStill()
	txs := e.chain.takeSent()
	require.Len(t, txs, 1, "one transaction for every signature")
	st := msgsOf[*bridgetypes.MsgSignTransfer](txs)
	require.Len(t, st, 1)
	signer, err := bridgetypes.RecoverSigner(bridgetypes.WithdrawDigest(e.signID, 4, recipient, big.NewInt(60)), st[0].Signature)
	require.NoError(t, err)
	require.Equal(t, e.me.evm, signer)
	ss := msgsOf[*bridgetypes.MsgSignSignerSet](txs)
	require.Len(t, ss, 1)
	addrs, powers := e.chainSet(1).EvmArgs()
	signer, err = bridgetypes.RecoverSigner(bridgetypes.SignerSetDigest(e.signID, 1, addrs, powers), ss[0].Signature)
	require.NoError(t, err)
	require.Equal(t, e.me.evm, signer)

	// Deterministic: a restarted relayer signs the same bytes.
	e.relayer = New(e.relayer.cfg, e.chain, e.chain, &simDialer{client: e.client}, e.me.key, e.relayer.log, e.metrics)
	e.roundStill()
	require.Equal(t, st[0].Signature, msgsOf[*bridgetypes.MsgSignTransfer](e.chain.takeSent())[0].Signature)

	// Without our key registered there is nothing to sign with.
	e.chain.set(func(f *fakeChain) { f.pending.EvmAddress = e.vals[1].evm.Hex(); f.bonded = false })
	e.roundStill()
	require.Empty(t, e.chain.takeSent())
}

func TestWithdrawsAndConfirms(t *testing.T) {
	e := newEnv(t)
	e.relayer.dialer = &simDialer{client: e.client, key: e.me.key}
	e.deposit("session1x", 1000) // the bridge holds tokens
	recipient := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	digest := bridgetypes.WithdrawDigest(e.signID, 4, recipient, big.NewInt(60))
	transfer := bridgetypes.Transfer{Id: 4, EvmRecipient: recipient.Hex(), Amount: math.NewInt(60), Status: bridgetypes.TRANSFER_STATUS_PENDING}

	// 30 + 30 of 100: not enough for the contract.
	e.chain.set(func(f *fakeChain) {
		f.transfers[4] = &bridgetypes.QueryTransferResponse{Transfer: transfer, Signatures: []bridgetypes.ValidatorSignature{
			e.sig(e.vals[1], digest), e.sig(e.vals[2], digest),
		}}
	})
	e.round()
	require.Zero(t, e.balance(recipient).Sign())

	// With ours (40) it is, even while the chain still says pending.
	e.chain.set(func(f *fakeChain) {
		f.transfers[4].Signatures = []bridgetypes.ValidatorSignature{e.sig(e.vals[2], digest), e.sig(e.me, digest)}
	})
	e.round()
	require.Equal(t, int64(60), e.balance(recipient).Int64())
	done, err := e.bridge.Withdrawn(context.Background(), 4, evm.Pending)
	require.NoError(t, err)
	require.True(t, done)
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindWithdraw, metrics.ResultOK)))

	// Never twice: the contract says it is done.
	e.chain.set(func(f *fakeChain) { f.transfers[4].Transfer.Status = bridgetypes.TRANSFER_STATUS_READY })
	e.round()
	require.Equal(t, int64(60), e.balance(recipient).Int64())
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindWithdraw, metrics.ResultOK)))
	require.Zero(t, value(t, e.metrics.Txs.WithLabelValues(kindWithdraw, metrics.ResultRejected)))

	// The execution is attested once it is safe.
	e.chain.set(func(f *fakeChain) { f.pending.TransfersToConfirm = []bridgetypes.Transfer{f.transfers[4].Transfer} })
	e.commit(confirmations)
	e.roundStill()
	ex := msgsOf[*bridgetypes.MsgAttestExecution](e.chain.takeSent())
	require.Len(t, ex, 1)
	require.Equal(t, uint64(4), ex[0].TransferId)
}

func TestWithdrawalOverTheCapWaits(t *testing.T) {
	e := newEnv(t)
	e.relayer.dialer = &simDialer{client: e.client, key: e.me.key}
	e.deposit("session1x", 1000)
	recipient := common.HexToAddress("0x00000000000000000000000000000000000000bb")
	amount := big.NewInt(2_000_000) // over the 1,000,000 cap
	digest := bridgetypes.WithdrawDigest(e.signID, 9, recipient, amount)
	e.chain.set(func(f *fakeChain) {
		f.transfers[9] = &bridgetypes.QueryTransferResponse{
			Transfer:   bridgetypes.Transfer{Id: 9, EvmRecipient: recipient.Hex(), Amount: math.NewIntFromBigInt(amount), Status: bridgetypes.TRANSFER_STATUS_READY},
			Signatures: []bridgetypes.ValidatorSignature{e.sig(e.vals[0], digest), e.sig(e.vals[1], digest), e.sig(e.vals[2], digest)},
		}
	})
	e.round()
	require.Zero(t, e.balance(recipient).Sign())
	require.Zero(t, value(t, e.metrics.Txs.WithLabelValues(kindWithdraw, metrics.ResultRejected)), "not even sent")
	require.Contains(t, e.relayer.backoff, uint64(9))
}

func TestHandsTheContractOverToANewSignerSet(t *testing.T) {
	e := newEnv(t)
	e.relayer.dialer = &simDialer{client: e.client, key: e.me.key}
	newcomer := testKeys(t, "newcomer", 1)[0]
	next := append([]validator{}, e.vals...)
	next = append(next, validator{key: newcomer, evm: addrOf(newcomer), valoper: "sessionvaloper1new", power: 10})
	sortByEvm(next)
	set2 := e.chainSet(2, next...)
	addrs, powers := set2.EvmArgs()
	digest := bridgetypes.SignerSetDigest(e.signID, 2, addrs, powers)

	// Set 3 exists but only the newcomer signed it; set 2 has 40 + 30 of the contract's set.
	set3 := e.chainSet(3, next...)
	set3.Members[0].Power++
	set3.TotalPower++
	a3, p3 := set3.EvmArgs()
	e.chain.set(func(f *fakeChain) {
		f.sets[2] = &bridgetypes.QuerySignerSetResponse{SignerSet: set2, Signatures: []bridgetypes.ValidatorSignature{
			e.sig(e.vals[0], digest), e.sig(e.vals[2], digest),
		}}
		f.sets[3] = &bridgetypes.QuerySignerSetResponse{SignerSet: set3, Signatures: []bridgetypes.ValidatorSignature{
			e.sig(validator{key: newcomer}, bridgetypes.SignerSetDigest(e.signID, 3, a3, p3)),
		}}
	})
	e.round()
	cur, err := e.bridge.SignerSet(context.Background(), evm.Pending)
	require.NoError(t, err)
	require.Equal(t, uint64(2), cur.Nonce, "the newest set the contract's set signed")
	require.Equal(t, addrs, cur.Signers)
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindUpdateSignerSet, metrics.ResultOK)))

	// Nothing more until set 2's members sign set 3.
	e.round()
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindUpdateSignerSet, metrics.ResultOK)))
}

func sortByEvm(vals []validator) {
	for i := range vals {
		for j := i + 1; j < len(vals); j++ {
			if vals[j].evm.Cmp(vals[i].evm) < 0 {
				vals[i], vals[j] = vals[j], vals[i]
			}
		}
	}
}

func TestParityMetrics(t *testing.T) {
	e := newEnv(t)
	e.deposit("session1a", 5)
	e.deposit("session1b", 6)
	e.deposit("session1c", 7)
	e.send(e.deployer, e.token, tokenABI.PackMint(e.bridge.Address(), big.NewInt(1000))) // backs the genesis supply
	locked := int64(1000 + 5 + 6 + 7)

	// The chain minted deposit 1 (5) on top of 1000 at genesis, and burned 100 for
	// transfer 1, which the contract has not paid yet; deposits 2 and 3 are in flight.
	e.chain.set(func(f *fakeChain) {
		f.supply = bridgetypes.QuerySupplyResponse{
			ChainSupply: math.NewInt(1000 + 5 - 100), OutboundInFlight: math.NewInt(100), LastObservedNonce: 1,
		}
		f.transfers[1] = &bridgetypes.QueryTransferResponse{Transfer: bridgetypes.Transfer{
			Id: 1, EvmRecipient: "0x00000000000000000000000000000000000000aa", Amount: math.NewInt(100), Status: bridgetypes.TRANSFER_STATUS_PENDING,
		}}
		f.pending.NextDepositNonce = 2
	})
	e.roundStill()
	m := e.metrics
	require.Equal(t, float64(locked), value(t, m.EvmLocked))
	require.Equal(t, 905.0, value(t, m.ChainSupply))
	require.Equal(t, 100.0, value(t, m.InflightOutbound))
	require.Equal(t, 13.0, value(t, m.InflightInbound))
	require.Equal(t, 0.0, value(t, m.ParityDiff))
	require.Equal(t, 1.0, value(t, m.ParityOK))
	require.Equal(t, 3.0, value(t, m.EvmDepositNonce))
	require.Equal(t, 1.0, value(t, m.ChainObservedNonce))
	require.Equal(t, 2.0, value(t, m.NextAttestNonce))
	require.Equal(t, 1.0, value(t, m.PendingTransfers))

	// One nsesh too many on the chain.
	e.chain.set(func(f *fakeChain) { f.supply.ChainSupply = math.NewInt(1000 + 5 - 100 + 1) })
	e.roundStill()
	require.Equal(t, -1.0, value(t, m.ParityDiff))
	require.Equal(t, 0.0, value(t, m.ParityOK))
}

func TestWaitsForTheContract(t *testing.T) {
	e := newEnv(t)
	// The chain names a contract that does not exist (yet).
	e.chain.set(func(f *fakeChain) {
		f.params.ContractAddress = "0x00000000000000000000000000000000000000Cc"
		f.pending.TransfersToSign = []bridgetypes.Transfer{{Id: 1, EvmRecipient: "0x00000000000000000000000000000000000000aa", Amount: math.NewInt(1)}}
	})
	e.roundStill()
	// Signing needs only the chain.
	require.Len(t, msgsOf[*bridgetypes.MsgSignTransfer](e.chain.takeSent()), 1)
	require.Equal(t, 1.0, value(t, e.metrics.Errors.WithLabelValues("evm")))

	// A configured contract that differs from the chain's params: act on neither.
	e = newEnv(t)
	e.relayer.cfg.Contract = common.HexToAddress("0x00000000000000000000000000000000000000dd")
	e.deposit("session1x", 1)
	e.commit(confirmations)
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()))
}

func TestRunStopsOnCancel(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.relayer.Run(ctx) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

// value reads a gauge or counter.
func value(t *testing.T, c prometheus.Metric) float64 {
	t.Helper()
	var m dto.Metric
	require.NoError(t, c.Write(&m))
	if m.Gauge != nil {
		return m.Gauge.GetValue()
	}
	return m.Counter.GetValue()
}
