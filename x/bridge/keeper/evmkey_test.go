package keeper_test

import (
	"crypto/ecdsa"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func (f *fixture) evmKeyOf(v validator) (types.EvmKey, bool) {
	f.t.Helper()
	key, err := f.k.EvmKeys.Get(f.ctx, v.val)
	if err != nil {
		return types.EvmKey{}, false
	}
	return key, true
}

func TestRegisterEvmKey(t *testing.T) {
	f := newFixture(t, noKeys)
	msg := f.registerKeyMsg(vals[0], vals[0].key)
	msg.EvmAddress = strings.ToLower(msg.EvmAddress)

	_, err := f.msgs.RegisterEvmKey(f.ctx, msg)

	require.NoError(t, err)
	key, ok := f.evmKeyOf(vals[0])
	require.True(t, ok)
	require.Equal(t, types.EvmKey{Validator: vals[0].valoper(), EvmAddress: vals[0].evm.Hex(), Delegate: vals[0].signer(), RegisteredHeight: f.height()},
		key, "stored checksummed")
	owner, err := f.k.EvmKeys.Indexes.ByAddress.MatchExact(f.ctx, vals[0].evm.Hex())
	require.NoError(t, err)
	require.Equal(t, vals[0].val, owner)
	delegateOf, err := f.k.Delegates.Get(f.ctx, vals[0].delegate)
	require.NoError(t, err)
	require.Equal(t, vals[0].val, delegateOf)
	require.Equal(t, []*types.EventEvmKeyRegistered{{Validator: vals[0].valoper(), EvmAddress: vals[0].evm.Hex(), Delegate: vals[0].signer()}},
		events[*types.EventEvmKeyRegistered](f))
	// The same registration again changes nothing.
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	require.NoError(t, f.registerKey(vals[0]))
	require.Equal(t, before, f.snapshot())
	require.Len(t, f.ctx.EventManager().Events(), evs)
}

// A new delegate alone is no key rotation: it needs no wait, and the old
// delegate may send nothing more.
func TestRegisterNewDelegate(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.KeyRotationMinBlocks = 1_000 }))
	moved := vals[0]
	moved.delegate = testAddr(250)

	_, err := f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(moved, moved.key))

	require.NoError(t, err)
	_, err = f.attest(vals[0], claim(1, users[1].String(), 10))
	require.ErrorIs(t, err, types.ErrNotValidator, "the old delegate is nobody's")
	_, err = f.attest(moved, claim(1, users[1].String(), 10))
	require.NoError(t, err)
}

// A rotation keeps the old key signing until the contract holds a signer
// set made after it; the validator rotates again only after that, and
// never sooner than key_rotation_min_blocks after its last registration.
// (A rotated key used to stop signing at once, and its signatures were
// overwritten by the new key's: rotations by 1/3 of the contract set's
// power froze the contract.)
func TestRotationKeepsTheOldKeyUntilTheContractMovesOn(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.KeyRotationMinBlocks = 5 }))
	f.block() // set 1 with every validator's key
	f.attestContract(1, 0, vals[:3]...)
	require.Equal(t, uint64(1), f.contractState().SignerSetNonce)
	for range 5 {
		f.block()
	}
	rotated := evmKey("rotated 0")
	nonce := f.makeBatch(100)

	require.NoError(t, f.rotateKey(vals[0], rotated))

	ev := events[*types.EventEvmKeyRegistered](f)
	require.Equal(t, vals[0].evm.Hex(), ev[len(ev)-1].Retired)
	require.Equal(t, []string{vals[0].evm.Hex()}, f.pending(vals[0]).RetiredKeys)
	// Both keys sign, and both signatures stay: the contract's set has the
	// old one, the next set the new one.
	require.NoError(t, f.signBatchWith(vals[0], vals[0].key, nonce))
	require.NoError(t, f.signBatchWith(vals[0], rotated, nonce))
	require.Len(t, f.batch(nonce).Signatures, 2)
	require.ErrorIs(t, f.signBatchWith(vals[0], vals[0].key, nonce), types.ErrAlreadySigned)

	// No second rotation while the old key still signs, nor too soon.
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	err := f.rotateKey(vals[0], evmKey("rotated again 0"))
	f.requireRejected(err, types.ErrRotationPending, before, evs)
	f.block() // set 2, without the old key
	set2, _ := f.latestSet()
	require.Equal(t, uint64(2), set2.Nonce)
	require.Contains(t, set2.Members, types.SignerSetMember{Validator: vals[0].valoper(), EvmAddress: crypto.PubkeyToAddress(rotated.PublicKey).Hex(), Power: 10})
	require.NoError(t, f.signSetWith(vals[0], vals[0].key, 2), "the old key signs the hand-over")

	// Once the contract holds set 2, the old key stops.
	f.attestContract(2, 0, vals[:3]...)
	require.Empty(t, f.pending(vals[0]).RetiredKeys)
	require.Len(t, events[*types.EventEvmKeyDropped](f), 1)
	nonce = f.makeBatch(100)
	require.ErrorIs(t, f.signBatchWith(vals[0], vals[0].key, nonce), types.ErrInvalidSignature)
	require.NoError(t, f.signBatchWith(vals[0], rotated, nonce))

	before, evs = f.snapshot(), len(f.ctx.EventManager().Events())
	err = f.rotateKey(vals[0], evmKey("rotated again 0"))
	f.requireRejected(err, types.ErrRotationTooSoon, before, evs)
	for range 5 {
		f.block()
	}
	require.NoError(t, f.rotateKey(vals[0], evmKey("rotated again 0")))
}

// An old key belongs to its validator for good: no other validator takes it.
func TestKeysAreNeverShared(t *testing.T) {
	f := newFixture(t)
	f.block()
	require.NoError(t, f.rotateKey(vals[0], evmKey("rotated 0")))
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	_, err := f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(vals[1], vals[0].key))
	f.requireRejected(err, types.ErrEvmKeyInUse, before, evs)
	_, err = f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(vals[2], evmKey("rotated 0")))
	f.requireRejected(err, types.ErrEvmKeyInUse, before, evs)
}

func TestRegisterEvmKeyRejected(t *testing.T) {
	other := evmKey("other")
	proof := func(f *fixture, key *ecdsa.PrivateKey, chain, valoper, delegate string) []byte {
		return sign(f.t, key, types.EvmKeyDigest(chain, valoper, delegate))
	}
	tests := []struct {
		name    string
		opts    []fixtureOption
		msg     func(f *fixture) *types.MsgRegisterEvmKey
		wantErr error
	}{
		{
			name: "proof signed by another key",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = proof(f, other, chainID, vals[0].valoper(), vals[0].signer())
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "proof for another chain id",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = proof(f, vals[0].key, "session-other-1", vals[0].valoper(), vals[0].signer())
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "proof for another validator",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = proof(f, vals[0].key, chainID, vals[1].valoper(), vals[0].signer())
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "proof for another delegate",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = proof(f, vals[0].key, chainID, vals[0].valoper(), users[3].String())
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "malleable (high s) proof",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = highS(m.Signature)
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "no delegate",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Delegate = ""
				return m
			},
			wantErr: types.ErrInvalidDelegate,
		},
		{
			name: "the operator account as delegate",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				v := vals[0]
				v.delegate = v.acc
				return f.registerKeyMsg(v, v.key)
			},
			wantErr: types.ErrInvalidDelegate,
		},
		{
			name: "another validator's delegate",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				v := vals[0]
				v.delegate = vals[1].delegate
				return f.registerKeyMsg(v, v.key)
			},
			wantErr: types.ErrInvalidDelegate,
		},
		{
			name:    "key of another validator",
			msg:     func(f *fixture) *types.MsgRegisterEvmKey { return f.registerKeyMsg(vals[0], vals[1].key) },
			wantErr: types.ErrEvmKeyInUse,
		},
		{
			name: "rotation too soon", opts: []fixtureOption{withParams(func(p *types.Params) { p.KeyRotationMinBlocks = 5 })},
			msg:     func(f *fixture) *types.MsgRegisterEvmKey { return f.registerKeyMsg(vals[0], other) },
			wantErr: types.ErrRotationTooSoon,
		},
		{
			name: "not a validator",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Validator = users[0].String()
				return m
			},
			wantErr: types.ErrNotValidator,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts...)
			f.block()
			msg := tc.msg(f)
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.RegisterEvmKey(f.ctx, msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}
