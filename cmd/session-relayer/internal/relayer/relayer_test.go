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
	// account is the validator's delegate account, which sends the relayer's messages.
	account string
	power   uint64
}

// env is a simulated EVM chain with the token and a bridge deployed for three
// validators (powers 40, 30, 30, sorted by EVM address), a fake Cosmos chain
// configured for that bridge, and the relayer of the validator with power 40,
// whose EVM transactions a separate gas wallet pays for.
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
	gas      *ecdsa.PrivateKey
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
		delegate := crypto.Keccak256(op)[:20]
		e.vals = append(e.vals, validator{
			key: k, evm: addrOf(k), power: powers[i],
			valoper: sdk.ValAddress(op).String(), account: sdk.AccAddress(delegate).String(),
		})
	}
	e.me = e.vals[0]

	deployerKey, deployer := keyOf(t, "deployer")
	aliceKey, alice := keyOf(t, "alice")
	gasKey, gasWallet := keyOf(t, "gas wallet")
	e.gas = gasKey
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)
	e.backend = simulated.NewBackend(ethtypes.GenesisAlloc{
		deployer: {Balance: eth}, alice: {Balance: eth}, gasWallet: {Balance: eth},
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
			Token: tokenAddr, BridgeName: testBridgeName, SignerSet: set,
			WithdrawalCap: big.NewInt(1_000_000), CapPeriod: big.NewInt(86_400),
		}, 10*time.Second)
	})
	require.NoError(t, err)
	e.bridge = evm.NewBridge(e.client, d.Address, nil, chainID, evm.Options{LogRange: 3})
	e.signID = bridgetypes.BridgeID(simChainID, d.Address, testBridgeName)
	e.send(e.deployer, tokenAddr, tokenABI.PackMint(alice, big.NewInt(1_000_000)))
	e.send(e.alice, tokenAddr, tokenABI.PackApprove(d.Address, big.NewInt(1_000_000)))

	params := bridgetypes.DefaultParams()
	params.EvmChainId, params.ContractAddress, params.BridgeName = simChainID, d.Address.Hex(), testBridgeName
	e.chain.params = params
	e.chain.pending = bridgetypes.QueryPendingSignaturesResponse{
		NextDepositNonce: 1, EvmAddress: e.me.evm.Hex(), Delegate: e.me.account,
		ContractState:     bridgetypes.ContractState{SignerSetNonce: 1},
		ContractStateVote: bridgetypes.ContractState{SignerSetNonce: 1},
	}
	e.chain.sets[1] = &bridgetypes.QuerySignerSetResponse{SignerSet: e.chainSet(1)}
	e.chain.supply = bridgetypes.QuerySupplyResponse{ChainSupply: math.ZeroInt(), OutboundInFlight: math.ZeroInt()}

	e.relayer = e.newRelayer(nil)
	return e
}

// newRelayer is the relayer of e.me (a restart, when called again), with
// the previous key it rotated away from, if any. Its EVM transactions are
// paid by the gas wallet.
func (e *env) newRelayer(previous *ecdsa.PrivateKey) *Relayer {
	var cfg Config
	if e.relayer != nil {
		cfg = e.relayer.cfg
	} else {
		cfg = Config{
			Account: e.me.account, Valoper: e.me.valoper, ChainID: testChainID,
			Confirmations: confirmations, PollInterval: 10 * time.Millisecond, StepTimeout: 20 * time.Second,
		}
	}
	return New(cfg, e.chain, e.chain, &simDialer{client: e.client, key: e.gas}, e.me.key, previous,
		slog.New(slog.NewTextHandler(e.t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug})), e.metrics)
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
	addrs, powers, total := e.chainSet(nonce).EvmArgs()
	return evm.SignerSet{Nonce: nonce, Signers: addrs, Powers: powers, TotalPower: total}
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

// headTime is the time of the EVM head block.
func (e *env) headTime() uint64 {
	e.t.Helper()
	h, err := e.client.HeaderByNumber(context.Background(), nil)
	require.NoError(e.t, err)
	return h.Time
}

// batch puts an open batch on the fake chain: transfers of amounts (and a
// fee of 1 each) to recipient with ids from firstID, signed by signers.
func (e *env) batch(nonce, deadline uint64, recipient common.Address, firstID uint64, amounts []int64, signers ...validator) *bridgetypes.QueryBatchResponse {
	e.t.Helper()
	b := bridgetypes.Batch{Nonce: nonce, Deadline: deadline, Status: bridgetypes.BATCH_STATUS_OPEN, Total: math.ZeroInt()}
	var ts []bridgetypes.Transfer
	for i, a := range amounts {
		tr := bridgetypes.Transfer{
			Id: firstID + uint64(i), EvmRecipient: recipient.Hex(), Amount: math.NewInt(a), Fee: math.NewInt(1),
			Status: bridgetypes.TRANSFER_STATUS_BATCHED, BatchNonce: nonce,
		}
		ts = append(ts, tr)
		b.TransferIds = append(b.TransferIds, tr.Id)
		b.Total = b.Total.Add(tr.Amount).Add(tr.Fee)
	}
	res := &bridgetypes.QueryBatchResponse{Batch: b, Transfers: ts}
	e.signBatch(res, signers...)
	e.chain.set(func(f *fakeChain) {
		f.batches[nonce] = res
		for _, tr := range ts {
			f.transfers[tr.Id] = tr
		}
	})
	return res
}

// signBatch adds the signers' signatures to a batch of the fake chain.
func (e *env) signBatch(res *bridgetypes.QueryBatchResponse, signers ...validator) {
	digest := bridgetypes.BatchDigestOf(e.signID, res.Batch, res.Transfers)
	e.chain.set(func(*fakeChain) {
		for _, v := range signers {
			res.Signatures = append(res.Signatures, e.sig(v, digest))
		}
	})
}

// TestActsOnlyOnceRegistered: the operator registers the validator's EVM
// key and delegate account with its operator key, which the relayer never
// holds; until the chain names this relayer's key and account, the relayer
// sends nothing.
func TestActsOnlyOnceRegistered(t *testing.T) {
	e := newEnv(t)
	e.deposit("session1x", 1)
	e.commit(confirmations)
	res := e.batch(1, e.headTime()+3600, common.Address{0xaa}, 1, []int64{5})
	toSign := []bridgetypes.BatchToSign{{Batch: res.Batch, Transfers: res.Transfers, Keys: []string{e.me.evm.Hex()}}}

	for _, tc := range []struct {
		name string
		set  func(p *bridgetypes.QueryPendingSignaturesResponse)
	}{
		{"no EVM key", func(p *bridgetypes.QueryPendingSignaturesResponse) { p.EvmAddress = "" }},
		{"another delegate", func(p *bridgetypes.QueryPendingSignaturesResponse) { p.Delegate = e.vals[1].account }},
		{"another EVM key", func(p *bridgetypes.QueryPendingSignaturesResponse) { p.EvmAddress = e.vals[1].evm.Hex() }},
	} {
		e.chain.set(func(f *fakeChain) {
			f.pending.EvmAddress, f.pending.Delegate, f.pending.BatchesToSign = e.me.evm.Hex(), e.me.account, toSign
			tc.set(&f.pending)
		})
		e.roundStill()
		require.Empty(t, e.chain.takeSent(), tc.name)
	}

	e.chain.set(func(f *fakeChain) { f.pending.EvmAddress, f.pending.Delegate = e.me.evm.Hex(), e.me.account })
	e.roundStill()
	txs := e.chain.takeSent()
	require.Len(t, msgsOf[*bridgetypes.MsgAttestDeposit](txs), 1)
	require.Len(t, msgsOf[*bridgetypes.MsgSignBatch](txs), 1)
	cdc, err := chain.NewCodec()
	require.NoError(t, err)
	for _, tx := range txs {
		for _, m := range tx {
			signers, _, err := cdc.Proto.GetMsgV1Signers(m)
			require.NoError(t, err)
			require.Equal(t, e.me.account, sdk.AccAddress(signers[0]).String(), "the delegate account signs, never the operator")
		}
	}
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
	require.Equal(t, e.me.account, att[0].Signer)

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
	e.relayer = e.newRelayer(nil)
	e.roundStill()
	again := msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent())
	require.Equal(t, att, again)

	// All attested: nothing to send.
	e.chain.set(func(f *fakeChain) { f.pending.NextDepositNonce = 4 })
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()))
}

// TestAttestsAgainAfterAReorg (item 6): a reorg deeper than the
// confirmation depth replaces the block of a deposit the relayer attested
// while the chain's vote on it is still open. The relayer does not trust
// what it remembers (it keys it by block hash): it finds the deposit the
// canonical chain now holds and attests it again, which replaces its vote.
func TestAttestsAgainAfterAReorg(t *testing.T) {
	e := newEnv(t)
	// The deployer deposits on the other branch: it holds tokens and approved the bridge before the fork.
	e.send(e.deployer, e.token, tokenABI.PackMint(e.deployer.From, big.NewInt(1_000)))
	e.send(e.deployer, e.token, tokenABI.PackApprove(e.bridge.Address(), big.NewInt(1_000)))
	parent, err := e.client.HeaderByNumber(context.Background(), nil)
	require.NoError(t, err)

	e.deposit("session1first", 5)
	e.commit(confirmations)
	e.roundStill()
	att := msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent())
	require.Len(t, att, 1)
	require.Equal(t, "5", att[0].Claim.Amount.String())

	// The deposit waits for more validators: our vote is open, and canonical.
	e.chain.set(func(f *fakeChain) { f.pending.OpenDepositVote, f.pending.NextDepositNonce = att[0].Claim, 2 })
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()))

	// The reorg: from the parent on, deposit 1 is another one.
	// (Alice's deposit may come back from the txpool on the new branch: the
	// deployer's pays a higher tip, so it is deposit 1 either way.)
	require.NoError(t, e.backend.Fork(parent.Hash()))
	other := *e.deployer
	other.GasTipCap = big.NewInt(50_000_000_000)
	e.sendNoCommit(&other, e.bridge.Address(), bridgeABI.PackDeposit("session1second", big.NewInt(7)))
	e.commit(confirmations + 3)
	deps, err := e.bridge.Deposits(context.Background(), []uint64{1}, 0, e.headNumber())
	require.NoError(t, err)
	require.Len(t, deps, 1)
	require.Equal(t, "7", deps[0].Amount.String(), "the new branch holds another deposit 1")

	// The first round finds the remembered block gone; the next one attests the canonical deposit.
	for range 2 {
		e.roundStill()
	}
	att = nil
	for _, m := range msgsOf[*bridgetypes.MsgAttestDeposit](e.chain.takeSent()) {
		if m.Claim.Nonce == 1 { // alice's deposit may be deposit 2 on the new branch
			att = append(att, m)
		}
	}
	require.Len(t, att, 1)
	require.Equal(t, bridgetypes.DepositClaim{Nonce: 1, EvmSender: e.deployer.From.Hex(), Recipient: "session1second", Amount: math.NewInt(7)}, att[0].Claim)
}

func (e *env) headNumber() uint64 {
	e.t.Helper()
	n, err := e.client.BlockNumber(context.Background())
	require.NoError(e.t, err)
	return n
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

// TestSignsWithEveryKeyTheChainAsksFor (item 1): after a rotation the
// relayer holds the previous key too, and signs with each key the chain
// lists for an item: the contract's set may still name the old one.
func TestSignsWithEveryKeyTheChainAsksFor(t *testing.T) {
	e := newEnv(t)
	previous := testKeys(t, "previous", 1)[0]
	e.relayer = e.newRelayer(previous)
	res := e.batch(1, e.headTime()+3600, common.Address{0xaa}, 4, []int64{60, 5})
	set2 := e.chainSet(2)
	op := bridgetypes.AdminOp{Nonce: 1, Kind: bridgetypes.ADMIN_OP_KIND_PAUSE, CapLimit: math.ZeroInt()}
	stranger := testKeys(t, "stranger", 1)[0]
	e.chain.set(func(f *fakeChain) {
		f.pending.RetiredKeys = []string{addrOf(previous).Hex()}
		f.pending.BatchesToSign = []bridgetypes.BatchToSign{{Batch: res.Batch, Transfers: res.Transfers, Keys: []string{e.me.evm.Hex(), addrOf(previous).Hex()}}}
		f.pending.SignerSetsToSign = []bridgetypes.SignerSetToSign{{SignerSet: set2, Keys: []string{addrOf(previous).Hex()}}}
		f.pending.AdminOpsToSign = []bridgetypes.AdminOpToSign{{Op: op, Keys: []string{e.me.evm.Hex(), addrOf(stranger).Hex()}}}
	})
	e.roundStill()
	txs := e.chain.takeSent()
	require.Len(t, txs, 1, "one transaction for every signature")

	recovered := func(digest common.Hash, sig []byte) common.Address {
		signer, err := bridgetypes.RecoverSigner(digest, sig)
		require.NoError(t, err)
		return signer
	}
	sb := msgsOf[*bridgetypes.MsgSignBatch](txs)
	require.Len(t, sb, 2)
	digest := bridgetypes.BatchDigestOf(e.signID, res.Batch, res.Transfers)
	require.ElementsMatch(t, []common.Address{e.me.evm, addrOf(previous)},
		[]common.Address{recovered(digest, sb[0].Signature), recovered(digest, sb[1].Signature)})
	ss := msgsOf[*bridgetypes.MsgSignSignerSet](txs)
	require.Len(t, ss, 1)
	require.Equal(t, addrOf(previous), recovered(set2.Digest(e.signID), ss[0].Signature))
	sa := msgsOf[*bridgetypes.MsgSignAdminOp](txs)
	require.Len(t, sa, 1, "a key the relayer does not hold is skipped")
	require.Equal(t, e.me.evm, recovered(op.Digest(e.signID), sa[0].Signature))
	for _, tx := range txs {
		for _, m := range tx {
			require.NoError(t, m.(sdk.HasValidateBasic).ValidateBasic())
		}
	}

	// Deterministic: a restarted relayer signs the same bytes.
	e.relayer = e.newRelayer(previous)
	e.roundStill()
	require.Equal(t, sb, msgsOf[*bridgetypes.MsgSignBatch](e.chain.takeSent()))

	// Without the retired key, the relayer signs with its own only.
	e.relayer = e.newRelayer(nil)
	e.roundStill()
	txs = e.chain.takeSent()
	require.Len(t, msgsOf[*bridgetypes.MsgSignBatch](txs), 1)
	require.Empty(t, msgsOf[*bridgetypes.MsgSignSignerSet](txs))
}

// TestSubmitsBatchesAndAttestsTheirOutcome (item 8): a batch signed by more
// than 2/3 of the contract's set is paid out in one transaction, whose fees
// go to the relayer's gas wallet (not its signing key); its execution is
// attested once final, and a batch past its deadline is attested expired
// and never submitted.
func TestSubmitsBatchesAndAttestsTheirOutcome(t *testing.T) {
	e := newEnv(t)
	e.deposit("session1x", 1000) // the bridge holds tokens
	recipient := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	gasWallet := addrOf(e.gas)
	res := e.batch(1, e.headTime()+3600, recipient, 4, []int64{60, 40}, e.vals[1], e.vals[2])

	// 30 + 30 of 100: not enough for the contract.
	e.round()
	require.Zero(t, e.balance(recipient).Sign())

	// With ours (40) it is.
	e.signBatch(res, e.me)
	e.round()
	require.Equal(t, int64(100), e.balance(recipient).Int64())
	require.Equal(t, int64(2), e.balance(gasWallet).Int64(), "the fees pay the wallet that paid the gas")
	require.Zero(t, e.balance(e.me.evm).Sign())
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindSubmitBatch, metrics.ResultOK)))
	require.Equal(t, 1.0, value(t, e.metrics.OpenBatches))

	// Never twice: the contract says it is done.
	e.round()
	require.Equal(t, int64(100), e.balance(recipient).Int64())
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindSubmitBatch, metrics.ResultOK)))
	require.Zero(t, value(t, e.metrics.Txs.WithLabelValues(kindSubmitBatch, metrics.ResultRejected)))

	// A second batch, signed but past its deadline.
	expired := e.batch(2, e.headTime(), recipient, 6, []int64{7}, e.vals...)
	e.chain.set(func(f *fakeChain) { f.pending.BatchesToAttest = []bridgetypes.Batch{res.Batch, expired.Batch} })
	e.commit(confirmations + 1)
	e.roundStill()
	require.Equal(t, int64(100), e.balance(recipient).Int64(), "an expired batch is not submitted")
	ab := msgsOf[*bridgetypes.MsgAttestBatch](e.chain.takeSent())
	require.Len(t, ab, 2)
	require.Equal(t, bridgetypes.MsgAttestBatch{Signer: e.me.account, Nonce: 1, Outcome: bridgetypes.BATCH_OUTCOME_EXECUTED}, *ab[0])
	require.Equal(t, bridgetypes.MsgAttestBatch{Signer: e.me.account, Nonce: 2, Outcome: bridgetypes.BATCH_OUTCOME_EXPIRED}, *ab[1])

	// An open batch before its deadline that nobody paid yet: nothing to attest.
	open := e.batch(3, e.headTime()+3600, recipient, 7, []int64{1})
	e.chain.set(func(f *fakeChain) { f.pending.BatchesToAttest = []bridgetypes.Batch{open.Batch} })
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestBatch](e.chain.takeSent()))
}

func TestBatchOverTheCapWaits(t *testing.T) {
	e := newEnv(t)
	e.deposit("session1x", 1000)
	recipient := common.HexToAddress("0x00000000000000000000000000000000000000bb")
	e.batch(9, e.headTime()+3600, recipient, 1, []int64{2_000_000}, e.vals...) // over the 1,000,000 cap
	e.round()
	require.Zero(t, e.balance(recipient).Sign())
	require.Zero(t, value(t, e.metrics.Txs.WithLabelValues(kindSubmitBatch, metrics.ResultRejected)), "not even sent")
	require.Contains(t, e.relayer.backoff, uint64(9))
}

// TestSubmissionOrder (item 8): relayers do not race for a batch. Each
// batch elects the member of the contract's set at the batch's nonce in
// the set's order; the next ones submit only after submit_delay per place,
// if the batch is still unpaid.
func TestSubmissionOrder(t *testing.T) {
	e := newEnv(t)
	e.deposit("session1x", 1000)
	clock := time.Unix(1_000_000, 0)
	e.relayer.now = func() time.Time { return clock }
	e.relayer.cfg.SubmitDelay = time.Hour
	recipient := common.HexToAddress("0x00000000000000000000000000000000000000cc")
	set := e.contractSet(1)
	require.Equal(t, 0, e.relayer.submitRank(set, 3), "batch 3 elects member 0: us")
	require.Equal(t, 2, e.relayer.submitRank(set, 1), "batch 1: we come third")

	e.batch(1, e.headTime()+7200, recipient, 1, []int64{10}, e.vals...)
	e.batch(3, e.headTime()+7200, recipient, 2, []int64{20}, e.vals...)
	e.round()
	require.Equal(t, int64(20), e.balance(recipient).Int64(), "batch 3 at once, batch 1 left to the others")
	clock = clock.Add(time.Hour)
	e.round()
	require.Equal(t, int64(20), e.balance(recipient).Int64(), "after one delay the second in line may submit, not us")
	clock = clock.Add(time.Hour)
	e.round()
	require.Equal(t, int64(30), e.balance(recipient).Int64(), "unpaid after two delays: we submit it")
}

func TestHandsTheContractOverToANewSignerSet(t *testing.T) {
	e := newEnv(t)
	newcomer := testKeys(t, "newcomer", 1)[0]
	next := append([]validator{}, e.vals...)
	next = append(next, validator{key: newcomer, evm: addrOf(newcomer), valoper: "sessionvaloper1new", power: 10})
	sortByEvm(next)
	set2 := e.chainSet(2, next...)
	set2.TotalPower += 5 // a bonded validator without a key: counted as not signing
	addrs, _, _ := set2.EvmArgs()

	// Set 3 exists but only the newcomer signed it; set 2 has 40 + 30 of the contract's set.
	set3 := e.chainSet(3, next...)
	set3.Members[0].Power++
	set3.TotalPower++
	e.chain.set(func(f *fakeChain) {
		f.sets[2] = &bridgetypes.QuerySignerSetResponse{SignerSet: set2, Signatures: []bridgetypes.ValidatorSignature{
			e.sig(e.vals[0], set2.Digest(e.signID)), e.sig(e.vals[2], set2.Digest(e.signID)),
		}}
		f.sets[3] = &bridgetypes.QuerySignerSetResponse{SignerSet: set3, Signatures: []bridgetypes.ValidatorSignature{
			e.sig(validator{key: newcomer}, set3.Digest(e.signID)),
		}}
	})
	e.round()
	cur, err := e.bridge.SignerSet(context.Background(), evm.Pending)
	require.NoError(t, err)
	require.Equal(t, uint64(2), cur.Nonce, "the newest set the contract's set signed")
	require.Equal(t, addrs, cur.Signers)
	require.Equal(t, "115", cur.Total().String())
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindUpdateSignerSet, metrics.ResultOK)))
	require.Equal(t, 3.0, value(t, e.metrics.ChainSignerSetNonce))

	// Nothing more until set 2's members sign set 3.
	e.round()
	require.Equal(t, 1.0, value(t, e.metrics.Txs.WithLabelValues(kindUpdateSignerSet, metrics.ResultOK)))

	// Once final, the contract's set is attested to the chain (item 2), which
	// then stops asking for signatures of what the contract moved past.
	e.chain.takeSent()
	e.commit(confirmations)
	e.roundStill()
	cs := msgsOf[*bridgetypes.MsgAttestContractState](e.chain.takeSent())
	require.Len(t, cs, 1)
	require.Equal(t, bridgetypes.MsgAttestContractState{Signer: e.me.account, SignerSetNonce: 2, AdminNonce: 0}, *cs[0])
	require.Equal(t, 2.0, value(t, e.metrics.ContractSignerSetNonce))
	e.chain.set(func(f *fakeChain) { f.pending.ContractStateVote = bridgetypes.ContractState{SignerSetNonce: 2} })
	e.roundStill()
	require.Empty(t, msgsOf[*bridgetypes.MsgAttestContractState](e.chain.takeSent()), "attested once")
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

// TestRelaysAdminOperations (item 9): pause, unpause and cap changes pass
// on the chain; the validators sign them there and the relayer submits
// them to the contract once its set signed them enough, in nonce order.
func TestRelaysAdminOperations(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.deposit("session1x", 1000)
	entry := func(op bridgetypes.AdminOp, signers ...validator) bridgetypes.AdminOpEntry {
		en := bridgetypes.AdminOpEntry{Op: op}
		for _, v := range signers {
			en.Signatures = append(en.Signatures, e.sig(v, op.Digest(e.signID)))
		}
		return en
	}
	pause := bridgetypes.AdminOp{Nonce: 1, Kind: bridgetypes.ADMIN_OP_KIND_PAUSE, CapLimit: math.ZeroInt()}
	unpause := bridgetypes.AdminOp{Nonce: 2, Kind: bridgetypes.ADMIN_OP_KIND_UNPAUSE, CapLimit: math.ZeroInt()}
	capOp := bridgetypes.AdminOp{Nonce: 3, Kind: bridgetypes.ADMIN_OP_KIND_SET_CAP, CapLimit: math.NewInt(5_000), CapPeriodSeconds: 600}

	// Unpause and the cap wait for the pause (nonce order); the pause is signed by 40 + 30.
	e.chain.set(func(f *fakeChain) {
		f.adminOps = []bridgetypes.AdminOpEntry{entry(unpause, e.vals[1], e.vals[2]), entry(capOp, e.vals...), entry(pause, e.vals[0], e.vals[1])}
	})
	e.round()
	paused, err := e.bridge.Paused(ctx, evm.Pending)
	require.NoError(t, err)
	require.True(t, paused)

	// While paused a signed batch is not submitted.
	recipient := common.HexToAddress("0x00000000000000000000000000000000000000dd")
	e.batch(1, e.headTime()+3600, recipient, 1, []int64{10}, e.vals...)
	e.round()
	require.Zero(t, e.balance(recipient).Sign())
	// The unpause has 30 + 30: not enough.
	paused, err = e.bridge.Paused(ctx, evm.Pending)
	require.NoError(t, err)
	require.True(t, paused)

	e.chain.set(func(f *fakeChain) { f.adminOps[0] = entry(unpause, e.vals...) })
	e.round() // the unpause, then the batch
	require.Equal(t, int64(10), e.balance(recipient).Int64())
	e.round() // the cap
	paused, err = e.bridge.Paused(ctx, evm.Pending)
	require.NoError(t, err)
	require.False(t, paused)
	n, err := e.bridge.AdminNonce(ctx, evm.Pending)
	require.NoError(t, err)
	require.Equal(t, uint64(3), n)
	available, err := e.bridge.Available(ctx, evm.Pending)
	require.NoError(t, err)
	require.LessOrEqual(t, available.Int64(), int64(5_000), "the new cap holds")
	limit, err := bind.Call(bridgeABI.Instance(e.client, e.bridge.Address()), nil, bridgeABI.PackWithdrawalCap(), bridgeABI.UnpackWithdrawalCap)
	require.NoError(t, err)
	require.Equal(t, int64(5_000), limit.Int64())
	require.Equal(t, 3.0, value(t, e.metrics.Txs.WithLabelValues(kindAdminOp, metrics.ResultOK)))
}

func TestParityMetrics(t *testing.T) {
	e := newEnv(t)
	e.deposit("session1a", 5)
	e.deposit("session1b", 6)
	e.deposit("session1c", 7)
	e.send(e.deployer, e.token, tokenABI.PackMint(e.bridge.Address(), big.NewInt(1000))) // backs the genesis supply
	locked := int64(1000 + 5 + 6 + 7)

	// The chain minted deposit 1 (5) on top of 1000 at genesis, and burned 100 (99
	// and a fee of 1) for transfer 1, which the contract has not paid yet;
	// deposits 2 and 3 are in flight.
	e.chain.set(func(f *fakeChain) {
		f.supply = bridgetypes.QuerySupplyResponse{
			ChainSupply: math.NewInt(1000 + 5 - 100), OutboundInFlight: math.NewInt(100), LastObservedNonce: 1,
		}
		f.transfers[1] = bridgetypes.Transfer{
			Id: 1, EvmRecipient: "0x00000000000000000000000000000000000000aa", Amount: math.NewInt(99), Fee: math.NewInt(1),
			Status: bridgetypes.TRANSFER_STATUS_QUEUED,
		}
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
	res := e.batch(1, e.headTime()+3600, common.Address{0xaa}, 1, []int64{1})
	e.chain.set(func(f *fakeChain) {
		f.params.ContractAddress = "0x00000000000000000000000000000000000000Cc"
		f.pending.BatchesToSign = []bridgetypes.BatchToSign{{Batch: res.Batch, Transfers: res.Transfers, Keys: []string{e.me.evm.Hex()}}}
	})
	e.roundStill()
	// Signing needs only the chain.
	require.Len(t, msgsOf[*bridgetypes.MsgSignBatch](e.chain.takeSent()), 1)
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
