package bindings_test

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// recipientN is the n-th test recipient.
func recipientN(n int) common.Address {
	return common.BigToAddress(big.NewInt(int64(0xbeef0000 + n)))
}

func TestBatchPaysRecipientsAndFees(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	batch := []bindings.SessionBridgeTransfer{
		{Id: 1, Recipient: recipientN(1), Amount: sesh(5), Fee: big.NewInt(100)},
		{Id: 2, Recipient: recipientN(2), Amount: sesh(7), Fee: big.NewInt(200)},
		{Id: 7, Recipient: recipientN(1), Amount: sesh(1), Fee: big.NewInt(0)},
	}
	before := h.balance(h.bridgeAddr)

	rcpt, err := h.signedBatch(1, farDeadline, batch, 0, 1, 2)

	require.NoError(t, err)
	require.Equal(t, sesh(6), h.balance(recipientN(1)))
	require.Equal(t, sesh(7), h.balance(recipientN(2)))
	require.Equal(t, big.NewInt(300), h.balance(h.relayer.From), "the fees pay the account that submits the batch")
	total := new(big.Int).Add(sesh(13), big.NewInt(300))
	require.Equal(t, new(big.Int).Sub(before, total), h.balance(h.bridgeAddr))
	ev := events(t, rcpt, packer.UnpackBatchExecutedEvent)
	require.Len(t, ev, 1)
	require.Equal(t, uint64(1), ev[0].Nonce)
	require.Equal(t, big.NewInt(3), ev[0].Count)
	require.Equal(t, total, ev[0].Total)
	require.Equal(t, big.NewInt(300), ev[0].Fees)
	require.Equal(t, h.relayer.From, ev[0].Relayer)
	for _, id := range []uint64{1, 2, 7} {
		require.True(t, call(h, h.bridge, packer.PackWithdrawn(id), packer.UnpackWithdrawn), "transfer %d", id)
	}
	require.False(t, call(h, h.bridge, packer.PackWithdrawn(3), packer.UnpackWithdrawn))

	// The batch again, or any batch with one of its transfers, pays nothing.
	_, err = h.signedBatch(1, farDeadline, batch, 0, 1, 2)
	requireRevert(t, err, "AlreadyWithdrawn", 1)
	again := []bindings.SessionBridgeTransfer{
		{Id: 3, Recipient: recipientN(3), Amount: sesh(1), Fee: big.NewInt(0)},
		{Id: 7, Recipient: recipientN(3), Amount: sesh(1), Fee: big.NewInt(0)},
	}
	_, err = h.signedBatch(2, farDeadline, again, 0, 1, 2)
	requireRevert(t, err, "AlreadyWithdrawn", 7)
	require.Zero(t, h.balance(recipientN(3)).Sign(), "nothing of a refused batch is paid")
	require.False(t, call(h, h.bridge, packer.PackWithdrawn(3), packer.UnpackWithdrawn))
	// One transfer twice in a batch is refused too.
	twice := []bindings.SessionBridgeTransfer{again[0], again[0]}
	_, err = h.signedBatch(3, farDeadline, twice, 0, 1, 2)
	requireRevert(t, err, "AlreadyWithdrawn", 3)

	// Signatures of one batch do not cover another with the same nonce.
	digest := types.BatchDigest(h.bridgeID, 1, farDeadline, evmTransfers(batch))
	other := []bindings.SessionBridgeTransfer{{Id: 4, Recipient: recipientN(4), Amount: sesh(1), Fee: big.NewInt(0)}}
	_, err = h.submit(1, farDeadline, other, sigs(t, h.signers, digest, 0, 1, 2))
	requireRevert(t, err, "InvalidSignature", 0)
	// Nor another fee or deadline.
	feeless := []bindings.SessionBridgeTransfer{{Id: 4, Recipient: recipientN(4), Amount: sesh(1), Fee: big.NewInt(1)}}
	_, err = h.submit(4, farDeadline, feeless, sigs(t, h.signers, types.BatchDigest(h.bridgeID, 4, farDeadline, evmTransfers(other)), 0, 1, 2))
	requireRevert(t, err, "InvalidSignature", 0)
	_, err = h.submit(4, farDeadline-1, other, sigs(t, h.signers, types.BatchDigest(h.bridgeID, 4, farDeadline, evmTransfers(other)), 0, 1, 2))
	requireRevert(t, err, "InvalidSignature", 0)
}

func TestBatchDeadlineAndSize(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	now := h.time()
	batch := one(1, recipientN(1), sesh(1))

	_, err := h.signedBatch(1, now-1, batch, 0, 1, 2)
	requireRevertName(t, err, "BatchExpired")
	_, err = h.signedBatch(1, now+3600, batch, 0, 1, 2)
	require.NoError(t, err, "before its deadline")

	// Past its deadline a batch can never be paid out: a chain can refund it.
	late := one(2, recipientN(2), sesh(1))
	digest := types.BatchDigest(h.bridgeID, 2, now+60, evmTransfers(late))
	signed := sigs(t, h.signers, digest, 0, 1, 2, 3)
	h.advance(2 * time.Minute)
	_, err = h.submit(2, now+60, late, signed)
	requireRevertName(t, err, "BatchExpired")
	require.False(t, call(h, h.bridge, packer.PackWithdrawn(2), packer.UnpackWithdrawn))

	_, err = h.signedBatch(3, farDeadline, nil, 0, 1, 2)
	requireRevert(t, err, "BadBatchSize", 0)
	many := make([]bindings.SessionBridgeTransfer, 257)
	for i := range many {
		many[i] = bindings.SessionBridgeTransfer{Id: uint64(10 + i), Recipient: recipientN(i), Amount: big.NewInt(1), Fee: big.NewInt(0)}
	}
	_, err = h.signedBatch(3, farDeadline, many, 0, 1, 2)
	requireRevert(t, err, "BadBatchSize", 257)
	_, err = h.signedBatch(3, farDeadline, []bindings.SessionBridgeTransfer{{Id: 9, Amount: big.NewInt(1), Fee: big.NewInt(0)}}, 0, 1, 2)
	requireRevert(t, err, "ZeroRecipient")
	_, err = h.signedBatch(3, farDeadline, one(9, recipientN(9), big.NewInt(0)), 0, 1, 2)
	requireRevert(t, err, "ZeroAmount")
}

// time is the latest block's time.
func (h *harness) time() uint64 {
	h.t.Helper()
	head, err := h.client.HeaderByNumber(context.Background(), nil)
	require.NoError(h.t, err)
	return head.Time
}

func TestWithdrawnIsPerTransferAcrossWords(t *testing.T) {
	h := newHarness(t, []int64{10}, sesh(1000))
	ids := []uint64{255, 256, 511, 512, ^uint64(0)}
	var batch []bindings.SessionBridgeTransfer
	for i, id := range ids {
		batch = append(batch, bindings.SessionBridgeTransfer{Id: id, Recipient: recipientN(i), Amount: big.NewInt(1), Fee: big.NewInt(0)})
	}
	_, err := h.signedBatch(1, farDeadline, batch, 0)
	require.NoError(t, err)
	for _, id := range ids {
		require.True(t, call(h, h.bridge, packer.PackWithdrawn(id), packer.UnpackWithdrawn), "transfer %d", id)
	}
	for _, id := range []uint64{0, 1, 254, 257, 510, 513, ^uint64(0) - 1} {
		require.False(t, call(h, h.bridge, packer.PackWithdrawn(id), packer.UnpackWithdrawn), "transfer %d", id)
	}
}

// The total power counts the bonded validators without a key as not
// signing: with a fifth of the power absent, even every member together
// cannot reach 2/3 of a set whose members hold 2/3 or less.
func TestAbsentPowerCountsAsNotSigning(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1000))
	// Hand over to the same keys with absent power 19 (total 59): three of
	// the four members no longer reach 2/3, all four do.
	_, err := h.rotateWithTotal(2, h.signers, h.powers, big.NewInt(59), 0, 1, 2)
	require.NoError(t, err)
	h.total = big.NewInt(59)
	to := recipientN(1)
	_, err = h.signedWithdraw(1, to, sesh(1), 0, 1, 2)
	requireRevert(t, err, "InsufficientPower", 30, 59)
	_, err = h.signedWithdraw(1, to, sesh(1), 0, 1, 2, 3)
	require.NoError(t, err)
	// With absent power 20 (total 60) the members hold exactly 2/3: not even
	// all of them together pass, and the set could not hand over either.
	_, err = h.rotateWithTotal(3, h.signers, h.powers, big.NewInt(60), 0, 1, 2, 3)
	require.NoError(t, err)
	h.total = big.NewInt(60)
	_, err = h.signedWithdraw(2, to, sesh(1), 0, 1, 2, 3)
	requireRevert(t, err, "InsufficientPower", 40, 60)
	_, err = h.rotateWithTotal(4, h.signers, h.powers, big.NewInt(40), 0, 1, 2, 3)
	requireRevert(t, err, "InsufficientPower", 40, 60)
}

// A deposit credits what the bridge received: a token that takes a fee on
// transfer credits less than the amount asked for, so every nsesh minted is
// backed.
func TestDepositCreditsWhatArrived(t *testing.T) {
	h := newHarness(t, []int64{10}, sesh(1000))
	feePack := bindings.NewTestFeeToken()
	tokenAddr := h.deploy(bindings.TestFeeTokenMetaData.Bin, feePack.PackConstructor(sesh(1_000)))
	token := feePack.Instance(h.client, tokenAddr)
	addr := h.deploy(bindings.SessionBridgeMetaData.Bin, packer.PackConstructor(
		tokenAddr, bridgeName, 1, addrs(h.signers), h.powers, h.total, sesh(1000), big.NewInt(60)))
	bridge := packer.Instance(h.client, addr)
	h.mustSend(h.deployer, token, feePack.PackApprove(addr, sesh(1_000)))

	rcpt := h.mustSend(h.deployer, bridge, packer.PackDeposit("session1alice", sesh(100)))

	deposits := events(t, rcpt, packer.UnpackDepositEvent)
	require.Len(t, deposits, 1)
	require.Equal(t, sesh(99), deposits[0].Amount, "1% of the transfer went to the token's fee")
	balance := call(h, token, feePack.PackBalanceOf(addr), feePack.UnpackBalanceOf)
	require.Equal(t, sesh(99), balance, "credited exactly what the bridge holds")

	// A deposit of which nothing arrives is refused.
	_, err := h.send(h.deployer, bridge, packer.PackDeposit("session1alice", big.NewInt(0)))
	requireRevert(t, err, "ZeroAmount")
	// Amounts above 2^128 - 1 are refused: the chain's sums cannot overflow.
	tooBig := new(big.Int).Lsh(big.NewInt(1), 128)
	_, err = h.send(h.deployer, bridge, packer.PackDeposit("session1alice", tooBig))
	requireRevert(t, err, "DepositTooLarge", tooBig)
}

// TestBatchGasPerTransfer measures a batch's EVM gas per transfer at 1, 10
// and 100 transfers, with 3 of 4 signatures, under today's rules; make
// bench reports the same figures (tests/bench). A batch shares the
// signature checks and the fee payment among its transfers.
func TestBatchGasPerTransfer(t *testing.T) {
	h := newHarness(t, []int64{10, 10, 10, 10}, sesh(1_000_000), osakaRules)
	var perTransfer []uint64
	next := uint64(1)
	for _, n := range []int{1, 10, 100} {
		batch := make([]bindings.SessionBridgeTransfer, n)
		for i := range batch {
			batch[i] = bindings.SessionBridgeTransfer{Id: next, Recipient: recipientN(int(next)), Amount: sesh(1), Fee: big.NewInt(100)}
			next++
		}
		rcpt, err := h.signedBatch(uint64(n), farDeadline, batch, 0, 1, 2)
		require.NoError(t, err)
		perTransfer = append(perTransfer, rcpt.GasUsed/uint64(n))
		t.Logf("batch of %3d transfers: %8d gas, %6d per transfer", n, rcpt.GasUsed, rcpt.GasUsed/uint64(n))
	}
	require.Less(t, perTransfer[1], perTransfer[0], "10 a batch costs less per transfer than 1")
	require.Less(t, perTransfer[2], perTransfer[1], "100 a batch costs less per transfer than 10")
}

// BenchmarkBridgeBatchGas submits batches of 1, 10 and 100 transfers (3 of
// 4 signatures, each transfer to a fresh recipient, under today's rules) and
// reports the EVM gas of a batch and per transfer: the bridge rows of make
// bench. Gas does not depend on the machine; ns/op is the simulated chain's.
func BenchmarkBridgeBatchGas(b *testing.B) {
	for _, n := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("transfers=%d", n), func(b *testing.B) {
			h := newHarness(b, []int64{10, 10, 10, 10}, sesh(1_000_000_000), osakaRules)
			next, nonce := uint64(1), uint64(0)
			var gas uint64
			for b.Loop() {
				batch := make([]bindings.SessionBridgeTransfer, n)
				for i := range batch {
					batch[i] = bindings.SessionBridgeTransfer{Id: next, Recipient: recipientN(int(next)), Amount: big.NewInt(1_000), Fee: big.NewInt(10)}
					next++
				}
				nonce++
				rcpt, err := h.signedBatch(nonce, farDeadline, batch, 0, 1, 2)
				if err != nil {
					b.Fatal(err)
				}
				gas += rcpt.GasUsed
			}
			batches := float64(nonce)
			b.ReportMetric(float64(gas)/batches, "gas/batch")
			b.ReportMetric(float64(gas)/batches/float64(n), "gas/transfer")
		})
	}
}
