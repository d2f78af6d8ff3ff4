package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// fee is the fixture's bridge fee.
var fee = math.NewInt(2)

func TestBridgeOutBurnsAmountAndFee(t *testing.T) {
	f := newFixture(t)
	supply := f.supply()

	id := f.mustBridgeOut(1_000)

	require.Equal(t, uint64(1), id)
	require.Equal(t, startBalance.SubRaw(1_002), f.balance(users[0]))
	require.Equal(t, supply.SubRaw(1_002), f.supply())
	require.Equal(t, types.Transfer{
		Id: 1, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: users[0].String(), EvmRecipient: recipient.Hex(),
		Amount: math.NewInt(1_000), Fee: fee, Status: types.TRANSFER_STATUS_QUEUED, CreatedHeight: f.height(),
	}, f.transfer(1))
	require.Equal(t, "1002", f.stats().Burned.String())

	// A higher fee is taken as given.
	res, err := f.msgs.BridgeOut(f.ctx, &types.MsgBridgeOut{
		Sender: users[1].String(), EvmRecipient: recipient.Hex(),
		Amount: sdk.NewInt64Coin(types.Denom, 50), Fee: sdk.NewInt64Coin(types.Denom, 9),
	})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(9), f.transfer(res.TransferId).Fee)
	require.Equal(t, startBalance.SubRaw(59), f.balance(users[1]))
	f.endBlock()
}

func TestBridgeOutRejected(t *testing.T) {
	coin := func(n int64) sdk.Coin { return sdk.NewInt64Coin(types.Denom, n) }
	out := func(amount, fee sdk.Coin) *types.MsgBridgeOut {
		return &types.MsgBridgeOut{Sender: users[0].String(), EvmRecipient: recipient.Hex(), Amount: amount, Fee: fee}
	}
	tests := []struct {
		name    string
		opts    []fixtureOption
		setup   func(f *fixture)
		msg     *types.MsgBridgeOut
		wantErr error
	}{
		{name: "below min_transfer", msg: out(coin(9), sdk.Coin{}), wantErr: types.ErrInvalidAmount},
		{name: "fee below bridge_fee", msg: out(coin(100), coin(1)), wantErr: types.ErrFeeTooLow},
		{
			name: "above the cap with the fee", opts: []fixtureOption{withParams(func(p *types.Params) { p.WithdrawalCap = math.NewInt(1_000) })},
			msg: out(coin(999), sdk.Coin{}), wantErr: types.ErrAboveCap,
		},
		{name: "more than the balance", msg: out(sdk.NewCoin(types.Denom, startBalance), sdk.Coin{}), wantErr: types.ErrInsufficientBalance},
		{name: "locked balance", setup: func(f *fixture) { f.bank.Lock(f.ctx, users[0], sdk.NewCoin(types.Denom, startBalance.SubRaw(100))) }, msg: out(coin(99), sdk.Coin{}), wantErr: types.ErrInsufficientBalance},
		{name: "paused", opts: []fixtureOption{paused}, msg: out(coin(100), sdk.Coin{}), wantErr: types.ErrPaused},
		{name: "not configured", opts: []fixtureOption{unconfigured}, msg: out(coin(100), sdk.Coin{}), wantErr: types.ErrNotConfigured},
		{name: "zero amount", msg: out(coin(0), sdk.Coin{}), wantErr: types.ErrInvalidAmount},
		{name: "fee in another denom", msg: out(coin(100), sdk.NewInt64Coin("stake", 5)), wantErr: types.ErrInvalidAmount},
		{
			name:    "recipient with a bad checksum",
			msg:     &types.MsgBridgeOut{Sender: users[0].String(), EvmRecipient: flipCase(recipient.Hex()), Amount: coin(100)},
			wantErr: types.ErrInvalidEvmAddress,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts...)
			if tc.setup != nil {
				tc.setup(f)
			}
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.BridgeOut(f.ctx, tc.msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

// A batch is made at the end of the block once max_batch_size transfers
// wait, or once the oldest waited batch_wait_blocks: the relayers' gas is
// shared by many transfers.
func TestBatchIsMadeWhenFullOrAfterTheWait(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.MaxBatchSize, p.BatchWaitBlocks = 3, 2 }))
	f.block() // signer set 1
	f.mustBridgeOut(100)
	f.mustBridgeOut(200)
	f.block()
	require.Empty(t, f.openBatches(), "two transfers wait for a third")

	f.mustBridgeOut(300)
	f.mustBridgeOut(400)
	f.endBlock()
	open := f.openBatches()
	require.Len(t, open, 1, "three make a full batch")
	b := open[0]
	require.Equal(t, []uint64{1, 2, 3}, b.TransferIds)
	require.Equal(t, math.NewInt(606), b.Total, "amounts and fees")
	require.Equal(t, uint64(f.ctx.HeaderInfo().Time.Unix())+types.DefaultBatchTimeoutSeconds, b.Deadline)
	require.ElementsMatch(t, []string{vals[0].valoper(), vals[1].valoper(), vals[2].valoper(), vals[3].valoper()}, b.Required)
	for _, id := range []uint64{1, 2, 3} {
		require.Equal(t, types.TRANSFER_STATUS_BATCHED, f.transfer(id).Status)
		require.Equal(t, uint64(1), f.transfer(id).BatchNonce)
	}
	require.Equal(t, types.TRANSFER_STATUS_QUEUED, f.transfer(4).Status)
	created := events[*types.EventBatchCreated](f)
	require.Equal(t, []*types.EventBatchCreated{{Nonce: 1, Transfers: 3, Total: math.NewInt(606), Deadline: b.Deadline}}, created)

	// Transfer 4 waits two blocks, then goes alone.
	f.nextBlock()
	f.block()
	require.Len(t, f.openBatches(), 1)
	f.endBlock()
	require.Len(t, f.openBatches(), 2)
}

// A batch carries what fits in the withdrawal cap; a refund above the cap
// (a deposit larger than it, to a bad recipient) waits for a higher cap.
func TestBatchFitsTheCap(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.WithdrawalCap = math.NewInt(1_000) }))
	f.block()
	f.mustBridgeOut(600)
	f.mustBridgeOut(300)
	f.mustBridgeOut(200)
	f.endBlock()
	open := f.openBatches()
	require.Len(t, open, 1)
	require.Equal(t, []uint64{1, 2}, open[0].TransferIds, "602 + 302 fit, 202 more do not")
	f.nextBlock()
	f.endBlock()
	require.Equal(t, []uint64{3}, f.openBatches()[1].TransferIds)
}

func (f *fixture) openBatches() []types.Batch {
	f.t.Helper()
	res, err := f.queries.Batches(f.ctx, &types.QueryBatchesRequest{Status: types.BATCH_STATUS_OPEN})
	require.NoError(f.t, err)
	return res.Batches
}

// makeBatch queues bridge-outs of amounts and ends the block, which makes
// them a batch; it returns the batch's nonce and starts the next block.
func (f *fixture) makeBatch(amounts ...int64) uint64 {
	f.t.Helper()
	for _, a := range amounts {
		f.mustBridgeOut(a)
	}
	f.endBlock()
	open := f.openBatches()
	require.NotEmpty(f.t, open)
	f.nextBlock()
	return open[len(open)-1].Nonce
}

func TestBatchSignedAndExecuted(t *testing.T) {
	f := newFixture(t)
	f.block()
	nonce := f.makeBatch(100, 200)
	f.signBatch(nonce, vals[0], vals[1], vals[2])
	sigs := f.batch(nonce).Signatures
	require.Len(t, sigs, 3)
	for _, s := range sigs {
		got, err := types.RecoverSigner(f.batchDigest(nonce), s.Signature)
		require.NoError(t, err)
		require.Equal(t, s.EvmAddress, got.Hex())
	}

	settled, err := f.attestBatch(vals[0], nonce, types.BATCH_OUTCOME_EXECUTED)
	require.NoError(t, err)
	require.False(t, settled)
	f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXECUTED, vals[1])
	settled, err = f.attestBatch(vals[2], nonce, types.BATCH_OUTCOME_EXECUTED)

	require.NoError(t, err)
	require.True(t, settled, "30 of 40 of the bonded power")
	b := f.batch(nonce)
	require.Equal(t, types.BATCH_STATUS_EXECUTED, b.Batch.Status)
	require.Empty(t, b.Votes)
	for _, tr := range b.Transfers {
		require.Equal(t, types.TRANSFER_STATUS_EXECUTED, tr.Status)
	}
	require.Equal(t, "304", f.stats().Released.String(), "amounts and fees left the contract")
	require.True(t, f.stats().InFlight().IsZero())
	require.Equal(t, []*types.EventBatchSettled{{Nonce: nonce, Outcome: types.BATCH_OUTCOME_EXECUTED, Total: math.NewInt(304)}}, events[*types.EventBatchSettled](f))
	f.endBlock()
}

// A batch the contract can no longer pay out (its deadline passed) is
// attested expired: its bridge-outs return to their senders, amount and
// fee, and its refunds are queued again. (A transfer above the contract's
// cap used to be burned for good.)
func TestExpiredBatchReturnsBridgeOutsAndQueuesRefundsAgain(t *testing.T) {
	f := newFixture(t)
	f.block()
	f.attestAll(claim(1, "not an address", 500), vals[:3]...) // refund, transfer 1
	f.mustBridgeOut(100)                                      // transfer 2
	f.endBlock()
	nonce := f.openBatches()[0].Nonce
	f.nextBlock()
	supply := f.supply()

	f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXPIRED, vals[:3]...)

	require.Equal(t, types.BATCH_STATUS_EXPIRED, f.batch(nonce).Batch.Status)
	require.Equal(t, types.TRANSFER_STATUS_RETURNED, f.transfer(2).Status)
	require.Equal(t, startBalance, f.balance(users[0]), "amount and fee back")
	require.Equal(t, supply.AddRaw(102), f.supply())
	require.Equal(t, types.TRANSFER_STATUS_QUEUED, f.transfer(1).Status, "the refund goes out again")
	require.Zero(t, f.transfer(1).BatchNonce)
	require.Equal(t, "102", f.stats().Returned.String())
	require.Equal(t, []*types.EventTransferReturned{{TransferId: 2, Sender: users[0].String(), Amount: math.NewInt(102), Reason: "batch expired"}},
		events[*types.EventTransferReturned](f))
	f.endBlock()
	open := f.openBatches()
	require.Len(t, open, 1)
	require.Equal(t, []uint64{1}, open[0].TransferIds)
}

func TestCancelBridgeOut(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.BatchWaitBlocks = 100 }))
	f.block()
	id := f.mustBridgeOut(500)
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	_, err := f.msgs.CancelBridgeOut(f.ctx, &types.MsgCancelBridgeOut{Sender: users[1].String(), TransferId: id})
	f.requireRejected(err, types.ErrNotCancellable, before, evs)
	_, err = f.msgs.CancelBridgeOut(f.ctx, &types.MsgCancelBridgeOut{Sender: users[0].String(), TransferId: 9})
	f.requireRejected(err, types.ErrTransferNotFound, before, evs)

	_, err = f.msgs.CancelBridgeOut(f.ctx, &types.MsgCancelBridgeOut{Sender: users[0].String(), TransferId: id})

	require.NoError(t, err)
	require.Equal(t, startBalance, f.balance(users[0]))
	require.Equal(t, types.TRANSFER_STATUS_RETURNED, f.transfer(id).Status)
	f.endBlock()
	require.Empty(t, f.openBatches())

	// Once batched, a transfer is the contract's until the batch settles.
	f.setParams(func(p *types.Params) { p.BatchWaitBlocks = 0 })
	id = f.mustBridgeOut(500)
	f.endBlock()
	before, evs = f.snapshot(), len(f.ctx.EventManager().Events())
	_, err = f.msgs.CancelBridgeOut(f.ctx, &types.MsgCancelBridgeOut{Sender: users[0].String(), TransferId: id})
	f.requireRejected(err, types.ErrNotCancellable, before, evs)
}

// While governance pauses the bridge nothing is signed for release and no
// batch is made; signer sets and admin operations go on.
func TestPausedBridgeSignsNoRelease(t *testing.T) {
	f := newFixture(t)
	f.block()
	nonce := f.makeBatch(100)
	f.setParams(func(p *types.Params) { p.Paused = true })
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

	err := f.signBatchWith(vals[0], vals[0].key, nonce)

	f.requireRejected(err, types.ErrPaused, before, evs)
	require.Empty(t, f.pending(vals[0]).BatchesToSign)
	require.Len(t, f.pending(vals[0]).BatchesToAttest, 1, "outcomes are still attested")
	require.Len(t, f.pending(vals[0]).AdminOpsToSign, 1, "the pause itself is signed for the contract")
}

func TestSignBatchRejected(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *fixture, nonce uint64)
		msg     func(f *fixture, nonce uint64) *types.MsgSignBatch
		wantErr error
	}{
		{
			name: "unknown batch",
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				return &types.MsgSignBatch{Signer: vals[0].signer(), Nonce: nonce + 1, Signature: sign(f.t, vals[0].key, f.batchDigest(nonce))}
			},
			wantErr: types.ErrBatchNotFound,
		},
		{
			name:  "settled batch",
			setup: func(f *fixture, nonce uint64) { f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXPIRED, vals[:3]...) },
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				return &types.MsgSignBatch{Signer: vals[0].signer(), Nonce: nonce, Signature: sign(f.t, vals[0].key, f.batchDigest(nonce))}
			},
			wantErr: types.ErrBatchSettled,
		},
		{
			name:  "signed by this key already",
			setup: func(f *fixture, nonce uint64) { f.signBatch(nonce, vals[0]) },
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				return &types.MsgSignBatch{Signer: vals[0].signer(), Nonce: nonce, Signature: sign(f.t, vals[0].key, f.batchDigest(nonce))}
			},
			wantErr: types.ErrAlreadySigned,
		},
		{
			name: "another validator's key",
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				return &types.MsgSignBatch{Signer: vals[0].signer(), Nonce: nonce, Signature: sign(f.t, vals[1].key, f.batchDigest(nonce))}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "a key nobody registered",
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				return &types.MsgSignBatch{Signer: vals[0].signer(), Nonce: nonce, Signature: sign(f.t, evmKey("stranger"), f.batchDigest(nonce))}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature of another digest",
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				other := types.BatchDigest(f.bridgeID(), nonce, 1, nil)
				return &types.MsgSignBatch{Signer: vals[0].signer(), Nonce: nonce, Signature: sign(f.t, vals[0].key, other)}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature for another bridge",
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				res := f.batch(nonce)
				other := types.BatchDigestOf(types.BridgeID(evmChainID, contract, "another"), res.Batch, res.Transfers)
				return &types.MsgSignBatch{Signer: vals[0].signer(), Nonce: nonce, Signature: sign(f.t, vals[0].key, other)}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "malleable (high s) signature",
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				return &types.MsgSignBatch{Signer: vals[0].signer(), Nonce: nonce, Signature: highS(sign(f.t, vals[0].key, f.batchDigest(nonce)))}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "from the operator account",
			msg: func(f *fixture, nonce uint64) *types.MsgSignBatch {
				return &types.MsgSignBatch{Signer: vals[0].op(), Nonce: nonce, Signature: sign(f.t, vals[0].key, f.batchDigest(nonce))}
			},
			wantErr: types.ErrNotDelegate,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.block()
			nonce := f.makeBatch(100)
			if tc.setup != nil {
				tc.setup(f, nonce)
			}
			msg := tc.msg(f, nonce)
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.SignBatch(f.ctx, msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

func TestAttestBatchRejected(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *fixture, nonce uint64)
		msg     func(nonce uint64) *types.MsgAttestBatch
		wantErr error
	}{
		{
			name: "unknown batch",
			msg: func(nonce uint64) *types.MsgAttestBatch {
				return &types.MsgAttestBatch{Signer: vals[0].signer(), Nonce: nonce + 1, Outcome: types.BATCH_OUTCOME_EXECUTED}
			},
			wantErr: types.ErrBatchNotFound,
		},
		{
			name:  "attested already",
			setup: func(f *fixture, nonce uint64) { f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXECUTED, vals[0]) },
			msg: func(nonce uint64) *types.MsgAttestBatch {
				return &types.MsgAttestBatch{Signer: vals[0].signer(), Nonce: nonce, Outcome: types.BATCH_OUTCOME_EXECUTED}
			},
			wantErr: types.ErrDuplicateAttestation,
		},
		{
			name:  "the other outcome",
			setup: func(f *fixture, nonce uint64) { f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXECUTED, vals[0]) },
			msg: func(nonce uint64) *types.MsgAttestBatch {
				return &types.MsgAttestBatch{Signer: vals[0].signer(), Nonce: nonce, Outcome: types.BATCH_OUTCOME_EXPIRED}
			},
			wantErr: types.ErrConflictingAttestation,
		},
		{
			name:  "settled",
			setup: func(f *fixture, nonce uint64) { f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXECUTED, vals[:3]...) },
			msg: func(nonce uint64) *types.MsgAttestBatch {
				return &types.MsgAttestBatch{Signer: vals[3].signer(), Nonce: nonce, Outcome: types.BATCH_OUTCOME_EXECUTED}
			},
			wantErr: types.ErrBatchSettled,
		},
		{
			name:  "validator not bonded",
			setup: func(f *fixture, _ uint64) { f.setPowers(0) },
			msg: func(nonce uint64) *types.MsgAttestBatch {
				return &types.MsgAttestBatch{Signer: vals[0].signer(), Nonce: nonce, Outcome: types.BATCH_OUTCOME_EXECUTED}
			},
			wantErr: types.ErrNotValidator,
		},
		{
			name: "no outcome",
			msg: func(nonce uint64) *types.MsgAttestBatch {
				return &types.MsgAttestBatch{Signer: vals[0].signer(), Nonce: nonce}
			},
			wantErr: types.ErrInvalidRequest,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.block()
			nonce := f.makeBatch(100)
			if tc.setup != nil {
				tc.setup(f, nonce)
			}
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.AttestBatch(f.ctx, tc.msg(nonce))

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

// A power change can carry a batch's votes past 2/3: EndBlock settles it.
func TestPowerChangeSettlesABatchAtEndBlock(t *testing.T) {
	f := newFixture(t)
	f.block()
	nonce := f.makeBatch(100)
	f.attestBatchAll(nonce, types.BATCH_OUTCOME_EXECUTED, vals[0], vals[1])
	f.setPowers(10, 10, 5, 0)

	f.endBlock()

	require.Equal(t, types.BATCH_STATUS_EXECUTED, f.batch(nonce).Batch.Status)
}

// The relayers' work lists come a page at a time, by cursor: no list stops
// at a hundred and starves what follows.
func TestPendingSignaturesPagesTheOpenBatches(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.MaxBatchSize = 1 }))
	f.block()
	for range 5 {
		f.mustBridgeOut(100)
		f.block()
	}
	require.Len(t, f.openBatches(), 5)
	var (
		seen []uint64
		key  []byte
	)
	for {
		res, err := f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{
			Validator: vals[0].valoper(), Pagination: &query.PageRequest{Key: key, Limit: 2},
		})
		require.NoError(t, err)
		require.LessOrEqual(t, len(res.BatchesToSign), 2)
		for _, b := range res.BatchesToSign {
			seen = append(seen, b.Batch.Nonce)
			require.Equal(t, []string{vals[0].evm.Hex()}, b.Keys)
			require.Len(t, b.Transfers, 1)
		}
		if len(res.Pagination.NextKey) == 0 {
			break
		}
		key = res.Pagination.NextKey
	}
	require.Equal(t, []uint64{1, 2, 3, 4, 5}, seen)
}
