package keeper_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func TestBridgeOut(t *testing.T) {
	f := newFixture(t)
	supplyBefore := f.supply()
	recipient := evmAddress("recipient")
	amounts := []int64{1, 2_000, 30_000_000}

	for i, amount := range amounts {
		res, err := f.msgs.BridgeOut(f.ctx, &types.MsgBridgeOut{
			// The recipient in lowercase is stored checksummed.
			Sender: users[i].String(), EvmRecipient: strings.ToLower(recipient.Hex()), Amount: sdk.NewInt64Coin(types.Denom, amount),
		})

		require.NoError(t, err)
		id := uint64(i + 1)
		require.Equal(t, id, res.TransferId)
		require.Equal(t, types.Transfer{
			Id: id, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: users[i].String(), EvmRecipient: recipient.Hex(),
			Amount: math.NewInt(amount), Status: types.TRANSFER_STATUS_PENDING, CreatedHeight: f.height(),
		}, f.transfer(id))
		require.Equal(t, startBalance.SubRaw(amount), f.balance(users[i]))
	}

	require.Equal(t, supplyBefore.SubRaw(30_002_001), f.supply())
	require.Equal(t, "30002001", f.stats().Burned.String())
	require.True(t, f.balance(bridgeAddr).IsZero())
	queued := events[*types.EventTransferQueued](f)
	require.Len(t, queued, 3)
	require.Equal(t, f.transfer(3), queued[2].Transfer)
	f.endBlock()
}

func TestBridgeOutOfTheWholeSpendableBalance(t *testing.T) {
	f := newFixture(t)
	f.bank.lock(f.ctx, users[0], math.NewInt(1_000))
	spendable := startBalance.SubRaw(1_000)

	_, err := f.bridgeOut(users[0], spendable.Int64())

	require.NoError(t, err)
	require.Equal(t, "1000", f.balance(users[0]).String())
}

func TestBridgeOutRejected(t *testing.T) {
	msg := func(change func(m *types.MsgBridgeOut)) *types.MsgBridgeOut {
		m := &types.MsgBridgeOut{Sender: users[0].String(), EvmRecipient: evmAddress("recipient").Hex(), Amount: sdk.NewInt64Coin(types.Denom, 1_000)}
		change(m)
		return m
	}
	tests := []struct {
		name    string
		opts    []fixtureOption
		setup   func(f *fixture)
		msg     *types.MsgBridgeOut
		wantErr error
	}{
		{name: "zero amount", msg: msg(func(m *types.MsgBridgeOut) { m.Amount = sdk.NewInt64Coin(types.Denom, 0) }), wantErr: types.ErrInvalidAmount},
		{name: "negative amount", msg: msg(func(m *types.MsgBridgeOut) { m.Amount = sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-1)} }), wantErr: types.ErrInvalidAmount},
		{name: "wrong denom", msg: msg(func(m *types.MsgBridgeOut) { m.Amount = sdk.NewInt64Coin("stake", 1_000) }), wantErr: types.ErrInvalidAmount},
		{name: "more than the balance", msg: msg(func(m *types.MsgBridgeOut) {
			m.Amount = sdk.NewCoin(types.Denom, startBalance.AddRaw(1))
		}), wantErr: types.ErrInsufficientBalance},
		{
			name: "more than the spendable balance", setup: func(f *fixture) { f.bank.lock(f.ctx, users[0], math.NewInt(1_000)) },
			msg: msg(func(m *types.MsgBridgeOut) { m.Amount = sdk.NewCoin(types.Denom, startBalance.SubRaw(999)) }), wantErr: types.ErrInsufficientBalance,
		},
		{name: "an account without tokens", msg: msg(func(m *types.MsgBridgeOut) { m.Sender = testAddr(99).String() }), wantErr: types.ErrInsufficientBalance},
		{name: "zero recipient", msg: msg(func(m *types.MsgBridgeOut) { m.EvmRecipient = "0x0000000000000000000000000000000000000000" }), wantErr: types.ErrInvalidEvmAddress},
		{name: "short recipient", msg: msg(func(m *types.MsgBridgeOut) { m.EvmRecipient = m.EvmRecipient[:40] }), wantErr: types.ErrInvalidEvmAddress},
		{name: "recipient with a bad checksum", msg: msg(func(m *types.MsgBridgeOut) { m.EvmRecipient = flipCase(m.EvmRecipient) }), wantErr: types.ErrInvalidEvmAddress},
		{name: "recipient that is a session address", msg: msg(func(m *types.MsgBridgeOut) { m.EvmRecipient = users[1].String() }), wantErr: types.ErrInvalidEvmAddress},
		{name: "bad sender", msg: msg(func(m *types.MsgBridgeOut) { m.Sender = "session1xyz" }), wantErr: types.ErrInvalidAddress},
		{name: "paused", opts: []fixtureOption{paused}, msg: msg(func(*types.MsgBridgeOut) {}), wantErr: types.ErrPaused},
		{name: "not configured", opts: []fixtureOption{unconfigured}, msg: msg(func(*types.MsgBridgeOut) {}), wantErr: types.ErrNotConfigured},
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

func TestSignTransfer(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	id := f.mustBridgeOut(5_000)
	msg := f.signTransferMsg(vals[0], id)

	res, err := f.msgs.SignTransfer(f.ctx, msg)

	require.NoError(t, err)
	require.False(t, res.Ready)
	q := f.transferQuery(id)
	require.Equal(t, []types.ValidatorSignature{{Validator: vals[0].valoper(), EvmAddress: vals[0].evm.Hex(), Signature: msg.Signature}}, q.Signatures)
	require.Equal(t, types.TRANSFER_STATUS_PENDING, q.Transfer.Status)
	require.Equal(t, []*types.EventTransferSigned{{TransferId: id, Validator: vals[0].valoper()}}, events[*types.EventTransferSigned](f))
}

func TestTransferReadyAboveTwoThirdsOfTheLatestSet(t *testing.T) {
	tests := []struct {
		name       string
		powers     []int64
		readyAfter int // signatures, by vals in order
	}{
		{"equal powers: 3 of 4", []int64{10, 10, 10, 10}, 3},
		{"exactly 2/3 is not enough", []int64{30, 10, 10, 10}, 3},
		{"one signer above 2/3", []int64{70, 10, 10, 10}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.setPowers(tc.powers...)
			f.registerAll()
			id := f.mustBridgeOut(5_000)

			for i, v := range vals {
				ready, err := f.signTransfer(v, id)

				require.NoError(t, err)
				require.Equal(t, i+1 >= tc.readyAfter, ready, "after %d signatures", i+1)
				want := types.TRANSFER_STATUS_PENDING
				if i+1 >= tc.readyAfter {
					want = types.TRANSFER_STATUS_READY
				}
				require.Equal(t, want, f.transfer(id).Status, "after %d signatures", i+1)
			}
			require.Equal(t, f.height(), f.transfer(id).ReadyHeight)
			require.Equal(t, []*types.EventTransferReady{{TransferId: id}}, events[*types.EventTransferReady](f), "ready once")
			require.Len(t, f.transferQuery(id).Signatures, 4, "signatures past the threshold are kept")
		})
	}
}

func TestSignaturesOutsideTheLatestSetDoNotCount(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	id := f.mustBridgeOut(5_000)
	// vals[3] unbonds; the next set has the other three, with 30 in all.
	f.setPowers(10, 10, 10, 0)
	f.endBlock()
	f.nextBlock()
	set, _ := f.latestSet()
	require.Equal(t, uint64(30), set.TotalPower)

	f.signAll(id, vals[3], vals[0])
	require.Equal(t, types.TRANSFER_STATUS_PENDING, f.transfer(id).Status, "10 of 30 counts, vals[3]'s 10 does not")
	ready, err := f.signTransfer(vals[1], id)

	require.NoError(t, err)
	require.False(t, ready, "20 of 30 is exactly 2/3")
	ready, err = f.signTransfer(vals[2], id)
	require.NoError(t, err)
	require.True(t, ready)
}

func TestNoTransferIsReadyWithoutASignerSet(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.registerKey(vals[0])) // no end of block yet: no signer set
	id := f.mustBridgeOut(5_000)

	ready, err := f.signTransfer(vals[0], id)

	require.NoError(t, err)
	require.False(t, ready)
	f.setPowers(10, 0, 0, 0)
	f.endBlock()
	require.Equal(t, types.TRANSFER_STATUS_READY, f.transfer(id).Status, "the first set makes it ready")
}

func TestSignTransferRejected(t *testing.T) {
	// resign replaces the signature of vals[0] on transfer 1 by key over digest.
	resign := func(f *fixture, digest common.Hash) *types.MsgSignTransfer {
		m := f.signTransferMsg(vals[0], 1)
		m.Signature = sign(f.t, vals[0].key, digest)
		return m
	}
	withdraw := func(f *fixture, bridgeID common.Hash, id uint64) common.Hash {
		t := f.transfer(1)
		return types.WithdrawDigest(bridgeID, id, common.HexToAddress(t.EvmRecipient), t.Amount.BigInt())
	}
	tests := []struct {
		name     string
		setup    func(f *fixture)
		msg      func(f *fixture) *types.MsgSignTransfer
		afterMsg func(f *fixture)
		wantErr  error
	}{
		{
			name: "signed by another validator's key",
			msg: func(f *fixture) *types.MsgSignTransfer {
				m := f.signTransferMsg(vals[0], 1)
				m.Signature = f.signTransferMsg(vals[1], 1).Signature
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name:    "signature of another transfer",
			msg:     func(f *fixture) *types.MsgSignTransfer { return resign(f, f.withdrawDigest(2)) },
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature for another contract",
			msg: func(f *fixture) *types.MsgSignTransfer {
				return resign(f, withdraw(f, types.BridgeID(evmChainID, evmAddress("other contract"), bridgeName), 1))
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature for another EVM chain",
			msg: func(f *fixture) *types.MsgSignTransfer {
				return resign(f, withdraw(f, types.BridgeID(evmChainID+1, contract, bridgeName), 1))
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature for another bridge name",
			msg: func(f *fixture) *types.MsgSignTransfer {
				return resign(f, withdraw(f, types.BridgeID(evmChainID, contract, "session-other-1"), 1))
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature binding the chain id instead of the bridge name",
			msg: func(f *fixture) *types.MsgSignTransfer {
				return resign(f, withdraw(f, types.BridgeID(evmChainID, contract, chainID), 1))
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature of another amount",
			msg: func(f *fixture) *types.MsgSignTransfer {
				return resign(f, types.WithdrawDigest(f.bridgeID(), 1, evmAddress("recipient"), math.NewInt(5_001).BigInt()))
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature of the digest itself, not its EIP-191 form",
			msg: func(f *fixture) *types.MsgSignTransfer {
				m := f.signTransferMsg(vals[0], 1)
				raw, err := cryptoSign(f.withdrawDigest(1).Bytes(), vals[0])
				require.NoError(f.t, err)
				m.Signature = raw
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "64-byte signature",
			msg: func(f *fixture) *types.MsgSignTransfer {
				m := f.signTransferMsg(vals[0], 1)
				m.Signature = m.Signature[:64]
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "v = 0",
			msg: func(f *fixture) *types.MsgSignTransfer {
				m := f.signTransferMsg(vals[0], 1)
				m.Signature = bytes.Clone(m.Signature)
				m.Signature[64] -= 27
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "high s",
			msg: func(f *fixture) *types.MsgSignTransfer {
				m := f.signTransferMsg(vals[0], 1)
				m.Signature = highS(m.Signature)
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name:    "signed twice",
			setup:   func(f *fixture) { f.signAll(1, vals[0]) },
			msg:     func(f *fixture) *types.MsgSignTransfer { return f.signTransferMsg(vals[0], 1) },
			wantErr: types.ErrAlreadySigned,
		},
		{
			name: "executed transfer",
			setup: func(f *fixture) {
				f.signAll(1, vals[1], vals[2], vals[3])
				f.executeAll(1, vals[1], vals[2], vals[3])
			},
			msg:     func(f *fixture) *types.MsgSignTransfer { return f.signTransferMsg(vals[0], 1) },
			wantErr: types.ErrTransferExecuted,
		},
		{
			name: "unknown transfer",
			msg: func(f *fixture) *types.MsgSignTransfer {
				return &types.MsgSignTransfer{Validator: vals[0].op(), TransferId: 3, Signature: sign(f.t, vals[0].key, f.withdrawDigest(1))}
			},
			wantErr: types.ErrTransferNotFound,
		},
		{
			name: "transfer 0",
			msg: func(f *fixture) *types.MsgSignTransfer {
				m := f.signTransferMsg(vals[0], 1)
				m.TransferId = 0
				return m
			},
			wantErr: types.ErrTransferNotFound,
		},
		{
			name:  "validator without an EVM key",
			setup: func(f *fixture) { f.staking.set(newValidator(9).val, 10) },
			msg: func(f *fixture) *types.MsgSignTransfer {
				v := newValidator(9)
				return &types.MsgSignTransfer{Validator: v.op(), TransferId: 1, Signature: sign(f.t, v.key, f.withdrawDigest(1))}
			},
			wantErr: types.ErrNoEvmKey,
		},
		{
			// Not told to register a key, which it cannot.
			name: "no validator",
			msg: func(f *fixture) *types.MsgSignTransfer {
				return &types.MsgSignTransfer{Validator: users[0].String(), TransferId: 1, Signature: sign(f.t, evmKey("user"), f.withdrawDigest(1))}
			},
			wantErr: types.ErrNotValidator,
		},
		{
			name: "bridge no longer configured",
			msg:  func(f *fixture) *types.MsgSignTransfer { return f.signTransferMsg(vals[0], 1) },
			// Governance removes the contract after the relayer signed.
			afterMsg: func(f *fixture) { require.NoError(f.t, f.k.Params.Set(f.ctx, types.DefaultParams())) },
			wantErr:  types.ErrNotConfigured,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.registerAll()
			f.mustBridgeOut(5_000)
			f.mustBridgeOut(6_000)
			if tc.setup != nil {
				tc.setup(f)
			}
			msg := tc.msg(f)
			if tc.afterMsg != nil {
				tc.afterMsg(f)
			}
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.SignTransfer(f.ctx, msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

// executeAll has each of vs attest the execution of transfer id.
func (f *fixture) executeAll(id uint64, vs ...validator) {
	f.t.Helper()
	for _, v := range vs {
		_, err := f.attestExecution(v, id)
		require.NoError(f.t, err)
	}
}

func TestAttestExecution(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	id := f.mustBridgeOut(5_000)
	other := f.mustBridgeOut(7_000)
	f.signAll(id, vals...)
	f.signAll(other, vals[0])
	require.Equal(t, types.TRANSFER_STATUS_READY, f.transfer(id).Status)

	for _, v := range vals[:2] {
		executed, err := f.attestExecution(v, id)
		require.NoError(t, err)
		require.False(t, executed)
	}
	require.Len(t, f.transferQuery(id).ExecutionAttesters, 2)
	require.True(t, f.stats().Released.IsZero())
	executed, err := f.attestExecution(vals[2], id)

	require.NoError(t, err)
	require.True(t, executed)
	tr := f.transfer(id)
	require.Equal(t, types.TRANSFER_STATUS_EXECUTED, tr.Status)
	require.Equal(t, f.height(), tr.ExecutedHeight)
	q := f.transferQuery(id)
	require.Empty(t, q.Signatures, "signatures are pruned")
	require.Empty(t, q.ExecutionAttesters, "votes are pruned")
	require.Len(t, f.transferQuery(other).Signatures, 1, "other transfers keep theirs")
	st := f.stats()
	require.Equal(t, "5000", st.Released.String())
	require.Equal(t, "12000", st.Burned.String())
	require.Equal(t, []*types.EventTransferExecuted{{TransferId: id, EvmRecipient: tr.EvmRecipient, Amount: math.NewInt(5_000)}},
		events[*types.EventTransferExecuted](f))
	res, err := f.queries.Supply(f.ctx, &types.QuerySupplyRequest{})
	require.NoError(t, err)
	require.Equal(t, "7000", res.OutboundInFlight.String())

	// Too late: the transfer is settled.
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	_, err = f.attestExecution(vals[3], id)
	f.requireRejected(err, types.ErrTransferExecuted, before, evs)
	f.endBlock()
}

func TestAttestExecutionOfAPendingTransfer(t *testing.T) {
	// The contract is the truth: a transfer the chain still sees as pending
	// (say a new signer set counts its signatures differently) is settled
	// when 2/3 of the power saw it executed.
	f := newFixture(t)
	f.registerAll()
	id := f.mustBridgeOut(5_000)

	f.executeAll(id, vals[:3]...)

	require.Equal(t, types.TRANSFER_STATUS_EXECUTED, f.transfer(id).Status)
	f.endBlock()
}

func TestAttestExecutionTalliesBondedPowerNotTheSignerSet(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	id := f.mustBridgeOut(5_000)
	f.executeAll(id, vals[0], vals[1])
	// Power moves without an end of block: the tally reads it at once.
	f.setPowers(30, 10, 10, 10)

	executed, err := f.attestExecution(vals[2], id)

	require.NoError(t, err)
	require.True(t, executed, "50 of 60")
}

func TestAttestExecutionWhilePaused(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	id := f.mustBridgeOut(5_000)
	p := f.params()
	p.Paused = true
	require.NoError(t, f.k.Params.Set(f.ctx, p))

	f.executeAll(id, vals[:3]...)

	require.Equal(t, types.TRANSFER_STATUS_EXECUTED, f.transfer(id).Status, "what the contract released is settled")
}

func TestAttestExecutionRejected(t *testing.T) {
	tests := []struct {
		name    string
		opts    []fixtureOption
		setup   func(f *fixture)
		msg     *types.MsgAttestExecution
		wantErr error
	}{
		{
			name: "twice", setup: func(f *fixture) { f.executeAll(1, vals[0]) },
			msg: &types.MsgAttestExecution{Validator: vals[0].op(), TransferId: 1}, wantErr: types.ErrDuplicateAttestation,
		},
		{
			name: "executed", setup: func(f *fixture) { f.executeAll(1, vals[1], vals[2], vals[3]) },
			msg: &types.MsgAttestExecution{Validator: vals[0].op(), TransferId: 1}, wantErr: types.ErrTransferExecuted,
		},
		{name: "unknown transfer", msg: &types.MsgAttestExecution{Validator: vals[0].op(), TransferId: 2}, wantErr: types.ErrTransferNotFound},
		{name: "transfer 0", msg: &types.MsgAttestExecution{Validator: vals[0].op()}, wantErr: types.ErrTransferNotFound},
		{
			name: "not bonded", setup: func(f *fixture) { f.setPowers(0) },
			msg: &types.MsgAttestExecution{Validator: vals[0].op(), TransferId: 1}, wantErr: types.ErrNotValidator,
		},
		{name: "no validator", msg: &types.MsgAttestExecution{Validator: users[0].String(), TransferId: 1}, wantErr: types.ErrNotValidator},
		{name: "bad address", msg: &types.MsgAttestExecution{Validator: vals[0].valoper(), TransferId: 1}, wantErr: types.ErrInvalidAddress},
		{
			name: "not configured", setup: func(f *fixture) { require.NoError(f.t, f.k.Params.Set(f.ctx, types.DefaultParams())) },
			msg: &types.MsgAttestExecution{Validator: vals[0].op(), TransferId: 1}, wantErr: types.ErrNotConfigured,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts...)
			f.registerAll()
			f.mustBridgeOut(5_000)
			if tc.setup != nil {
				tc.setup(f)
			}
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.AttestExecution(f.ctx, tc.msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

func TestExecutedTransferKeepsNoSignaturesOrVotes(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	id := f.mustBridgeOut(5_000)
	f.signAll(id, vals...)
	f.executeAll(id, vals[:3]...)

	for _, v := range vals {
		has, err := f.k.TransferSignatures.Has(f.ctx, collections.Join(id, v.val))
		require.NoError(t, err)
		require.False(t, has)
		has, err = f.k.ExecutionVotes.Has(f.ctx, collections.Join(id, v.val))
		require.NoError(t, err)
		require.False(t, has)
	}
}

// A validator that rotates its EVM key signs the transfers and the signer set
// it had signed with the old key again: the old signatures do not count for
// signer sets with the new key, and the pending list says so.
func TestSignAgainAfterKeyRotation(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	id := f.mustBridgeOut(1_000)
	f.signAll(id, vals[0])

	rotated := vals[0]
	rotated.key = evmKey("validator 0, rotated")
	rotated.evm = crypto.PubkeyToAddress(rotated.key.PublicKey)
	_, err := f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(rotated, rotated.key))
	require.NoError(t, err)
	f.endBlock() // membership changed: a new signer set with the new key
	f.nextBlock()

	pending, err := f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{Validator: rotated.valoper()})
	require.NoError(t, err)
	require.Len(t, pending.TransfersToSign, 1, "signed only with the old key")
	require.Equal(t, id, pending.TransfersToSign[0].Id)
	require.Len(t, pending.SignerSetsToSign, 1)

	// The old key's signature is refused as a second signature by that key ...
	_, err = f.msgs.SignTransfer(f.ctx, f.signTransferMsg(vals[0], id))
	require.ErrorIs(t, err, types.ErrInvalidSignature, "the old key is no longer the validator's")
	// ... the new key's replaces it, once.
	_, err = f.signTransfer(rotated, id)
	require.NoError(t, err)
	_, err = f.signTransfer(rotated, id)
	require.ErrorIs(t, err, types.ErrAlreadySigned)
	sigs := f.transferQuery(id).Signatures
	require.Len(t, sigs, 1)
	require.Equal(t, rotated.evm.Hex(), sigs[0].EvmAddress)

	pending, err = f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{Validator: rotated.valoper()})
	require.NoError(t, err)
	require.Empty(t, pending.TransfersToSign)
}
