package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Governance's pause and cap changes become admin operations the validators
// sign and the relayers submit to the contract, in the contract's admin
// nonce order. (The contract's own pause and cap had no signing path.)
func TestParamsChangesMakeAdminOperations(t *testing.T) {
	f := newFixture(t)
	f.block()

	f.setParams(func(p *types.Params) { p.Paused = true })
	f.setParams(func(p *types.Params) { p.WithdrawalCap, p.CapPeriodSeconds = math.NewInt(5_000), 3_600 })
	f.setParams(func(p *types.Params) { p.Paused = false })
	f.setParams(func(p *types.Params) { p.SignerSetChangeBps = 100 }) // nothing for the contract

	res, err := f.queries.AdminOps(f.ctx, &types.QueryAdminOpsRequest{})
	require.NoError(t, err)
	var ops []types.AdminOp
	for _, e := range res.Ops {
		ops = append(ops, e.Op)
	}
	h := f.height()
	require.Equal(t, []types.AdminOp{
		{Nonce: 1, Kind: types.ADMIN_OP_KIND_PAUSE, CapLimit: math.ZeroInt(), CreatedHeight: h},
		{Nonce: 2, Kind: types.ADMIN_OP_KIND_SET_CAP, CapLimit: math.NewInt(5_000), CapPeriodSeconds: 3_600, CreatedHeight: h},
		{Nonce: 3, Kind: types.ADMIN_OP_KIND_UNPAUSE, CapLimit: math.ZeroInt(), CreatedHeight: h},
	}, ops)
	require.Len(t, events[*types.EventAdminOpCreated](f), 3)

	// Every validator signs each with its keys.
	pending := f.pending(vals[0])
	require.Len(t, pending.AdminOpsToSign, 3)
	for _, op := range ops {
		_, err := f.msgs.SignAdminOp(f.ctx, &types.MsgSignAdminOp{Signer: vals[0].signer(), Nonce: op.Nonce, Signature: sign(t, vals[0].key, op.Digest(f.bridgeID()))})
		require.NoError(t, err)
	}
	require.Empty(t, f.pending(vals[0]).AdminOpsToSign)
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	_, err = f.msgs.SignAdminOp(f.ctx, &types.MsgSignAdminOp{Signer: vals[1].signer(), Nonce: 1, Signature: sign(t, vals[1].key, ops[1].Digest(f.bridgeID()))})
	f.requireRejected(err, types.ErrInvalidSignature, before, evs)
	_, err = f.msgs.SignAdminOp(f.ctx, &types.MsgSignAdminOp{Signer: vals[1].signer(), Nonce: 4, Signature: sign(t, vals[1].key, ops[1].Digest(f.bridgeID()))})
	f.requireRejected(err, types.ErrAdminOpNotFound, before, evs)

	// Once the contract reports admin nonce 2, operations 1 and 2 are gone.
	f.attestContract(1, 2, vals[:3]...)
	res, err = f.queries.AdminOps(f.ctx, &types.QueryAdminOpsRequest{})
	require.NoError(t, err)
	require.Len(t, res.Ops, 1)
	require.Equal(t, uint64(3), res.Ops[0].Op.Nonce)
	require.Len(t, res.Ops[0].Signatures, 1)
}

// A signature by a validator's key over a digest of this bridge that the
// chain never produced (a made-up batch, signer set or admin operation) is
// evidence: the validator is slashed and jailed, once per digest.
func TestBadSignatureEvidenceSlashes(t *testing.T) {
	f := newFixture(t)
	f.block()
	nonce := f.makeBatch(100)
	made := f.batch(nonce)
	forged := types.SignedItem{
		Kind: types.SIGNED_ITEM_KIND_BATCH, Nonce: 99, Deadline: made.Batch.Deadline,
		Transfers: []types.EvmTransferItem{{Id: 77, Recipient: evmAddress("thief").Hex(), Amount: math.NewInt(1_000_000), Fee: math.ZeroInt()}},
	}
	digest, err := forged.Digest(f.bridgeID())
	require.NoError(t, err)
	sig := sign(t, vals[1].key, digest)

	res, err := f.msgs.SubmitBadSignatureEvidence(f.ctx, &types.MsgSubmitBadSignatureEvidence{Submitter: users[0].String(), Item: forged, Signature: sig})

	require.NoError(t, err)
	require.Equal(t, vals[1].valoper(), res.Validator)
	require.Len(t, f.slashing.slashes, 1)
	require.Equal(t, vals[1].val, f.slashing.slashes[0].val)
	require.Equal(t, types.DefaultBadSignatureSlashFraction, f.slashing.slashes[0].fraction)
	require.True(t, f.staking.jailed[string(vals[1].val)])
	require.Equal(t, []*types.EventBadSignature{{
		Validator: vals[1].valoper(), EvmAddress: vals[1].evm.Hex(), Digest: digest.Hex(), Submitter: users[0].String(),
	}}, events[*types.EventBadSignature](f))

	tests := []struct {
		name    string
		item    types.SignedItem
		sig     []byte
		wantErr error
	}{
		{"the same evidence again", forged, sig, types.ErrInvalidEvidence},
		{"a batch the chain made", types.SignedItem{
			Kind: types.SIGNED_ITEM_KIND_BATCH, Nonce: nonce, Deadline: made.Batch.Deadline,
			Transfers: evidenceTransfers(made.Transfers),
		}, sign(t, vals[2].key, f.batchDigest(nonce)), types.ErrInvalidEvidence},
		{"a signer set the chain made", signerSetItem(f.signerSet(1)), sign(t, vals[2].key, f.signerSet(1).Digest(f.bridgeID())), types.ErrInvalidEvidence},
		{"a key nobody registered", forged, sign(t, evmKey("stranger"), digest), types.ErrInvalidEvidence},
		{"a signature over something else", forged, sign(t, vals[2].key, f.batchDigest(nonce)), types.ErrInvalidEvidence},
		{"no kind", types.SignedItem{}, sig, types.ErrInvalidEvidence},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
			_, err := f.msgs.SubmitBadSignatureEvidence(f.ctx, &types.MsgSubmitBadSignatureEvidence{Submitter: users[0].String(), Item: tc.item, Signature: tc.sig})
			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}

	// A retired key is evidence against its validator too.
	f.block()
	require.NoError(t, f.rotateKey(vals[2], evmKey("rotated 2")))
	pause := types.SignedItem{Kind: types.SIGNED_ITEM_KIND_PAUSE, Nonce: 1, Paused: true}
	pauseDigest, err := pause.Digest(f.bridgeID())
	require.NoError(t, err)
	res, err = f.msgs.SubmitBadSignatureEvidence(f.ctx, &types.MsgSubmitBadSignatureEvidence{Submitter: users[0].String(), Item: pause, Signature: sign(t, vals[2].key, pauseDigest)})
	require.NoError(t, err)
	require.Equal(t, vals[2].valoper(), res.Validator)
}

func evidenceTransfers(ts []types.Transfer) []types.EvmTransferItem {
	out := make([]types.EvmTransferItem, len(ts))
	for i, t := range ts {
		out[i] = types.EvmTransferItem{Id: t.Id, Recipient: t.EvmRecipient, Amount: t.Amount, Fee: t.Fee}
	}
	return out
}

func signerSetItem(s types.SignerSet) types.SignedItem {
	it := types.SignedItem{Kind: types.SIGNED_ITEM_KIND_SIGNER_SET, Nonce: s.Nonce, TotalPower: s.TotalPower}
	for _, m := range s.Members {
		it.Signers = append(it.Signers, m.EvmAddress)
		it.Powers = append(it.Powers, m.Power)
	}
	return it
}

// Validators that do not sign a signer set or a batch within
// signing_window_blocks are jailed, keyless ones included: registering a key
// and running a relayer is a validator's duty.
func TestValidatorsThatDoNotSignAreJailed(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.SigningWindowBlocks = 3 }))
	f.endBlock() // set 1, created now
	f.nextBlock()
	for _, v := range vals[:3] {
		require.NoError(t, f.signSet(v, 1))
	}
	nonce := f.makeBatch(100)
	f.signBatch(nonce, vals[0], vals[1])

	for range 3 {
		f.block()
	}

	require.False(t, f.staking.jailed[string(vals[0].val)])
	require.True(t, f.staking.jailed[string(vals[2].val)], "signed the set, not the batch")
	require.True(t, f.staking.jailed[string(vals[3].val)], "signed nothing")
	require.True(t, f.signerSet(1).LivenessChecked)
	require.True(t, f.batch(nonce).Batch.LivenessChecked)
	require.Zero(t, len(f.slashing.slashes), "liveness_slash_fraction 0 jails without slashing")
}
