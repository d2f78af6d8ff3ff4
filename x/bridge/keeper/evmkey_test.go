package keeper_test

import (
	"crypto/ecdsa"
	"strings"
	"testing"

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
	f := newFixture(t)
	msg := f.registerKeyMsg(vals[0], vals[0].key)
	msg.EvmAddress = strings.ToLower(msg.EvmAddress)

	_, err := f.msgs.RegisterEvmKey(f.ctx, msg)

	require.NoError(t, err)
	key, ok := f.evmKeyOf(vals[0])
	require.True(t, ok)
	require.Equal(t, types.EvmKey{Validator: vals[0].valoper(), EvmAddress: vals[0].evm.Hex()}, key, "stored checksummed")
	owner, err := f.k.EvmKeys.Indexes.ByAddress.MatchExact(f.ctx, vals[0].evm.Hex())
	require.NoError(t, err)
	require.Equal(t, vals[0].val, owner)
	require.Equal(t, []*types.EventEvmKeyRegistered{{Validator: vals[0].valoper(), EvmAddress: vals[0].evm.Hex()}},
		events[*types.EventEvmKeyRegistered](f))
}

func TestRegisterEvmKeyRotation(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.registerKey(vals[0]))
	newKey := evmKey("rotated")

	// The same key again changes nothing and is not an error.
	require.NoError(t, f.registerKey(vals[0]))
	_, err := f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(vals[0], newKey))

	require.NoError(t, err)
	key, _ := f.evmKeyOf(vals[0])
	require.Equal(t, evmAddress("rotated").Hex(), key.EvmAddress)
	// The old address is free: another validator holding it may take it.
	_, err = f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(vals[1], vals[0].key))
	require.NoError(t, err)
	key, _ = f.evmKeyOf(vals[1])
	require.Equal(t, vals[0].evm.Hex(), key.EvmAddress)
	// And the new one is taken.
	_, err = f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(vals[2], newKey))
	require.ErrorIs(t, err, types.ErrEvmKeyInUse)
}

func TestRegisterEvmKeyRejected(t *testing.T) {
	other := evmKey("other")
	proof := func(f *fixture, key *ecdsa.PrivateKey, chain, valoper string) []byte {
		return sign(f.t, key, types.EvmKeyDigest(chain, valoper))
	}
	tests := []struct {
		name    string
		setup   func(f *fixture)
		msg     func(f *fixture) *types.MsgRegisterEvmKey
		wantErr error
	}{
		{
			name: "proof signed by another key",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = proof(f, other, chainID, vals[0].valoper())
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "proof for another chain id",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = proof(f, vals[0].key, "session-other-1", vals[0].valoper())
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "proof for another validator",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = proof(f, vals[0].key, chainID, vals[1].valoper())
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "proof for the operator account instead of the valoper",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = proof(f, vals[0].key, chainID, vals[0].op())
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
			name: "64-byte proof",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Signature = m.Signature[:64]
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "zero address",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.EvmAddress = "0x0000000000000000000000000000000000000000"
				return m
			},
			wantErr: types.ErrInvalidEvmAddress,
		},
		{
			name: "malformed address",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.EvmAddress = m.EvmAddress[:41]
				return m
			},
			wantErr: types.ErrInvalidEvmAddress,
		},
		{
			name: "address with a bad checksum",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.EvmAddress = flipCase(m.EvmAddress)
				return m
			},
			wantErr: types.ErrInvalidEvmAddress,
		},
		{
			name:    "validator not bonded",
			setup:   func(f *fixture) { f.setPowers(0) },
			msg:     func(f *fixture) *types.MsgRegisterEvmKey { return f.registerKeyMsg(vals[0], vals[0].key) },
			wantErr: types.ErrNotValidator,
		},
		{
			name: "account that is no validator",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				v := newValidator(50)
				return f.registerKeyMsg(v, v.key)
			},
			wantErr: types.ErrNotValidator,
		},
		{
			name: "validator named by its valoper address",
			msg: func(f *fixture) *types.MsgRegisterEvmKey {
				m := f.registerKeyMsg(vals[0], vals[0].key)
				m.Validator = vals[0].valoper()
				return m
			},
			wantErr: types.ErrInvalidAddress,
		},
		{
			name:    "address registered by another validator",
			setup:   func(f *fixture) { require.NoError(f.t, f.registerKey(vals[1])) },
			msg:     func(f *fixture) *types.MsgRegisterEvmKey { return f.registerKeyMsg(vals[0], vals[1].key) },
			wantErr: types.ErrEvmKeyInUse,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			msg := tc.msg(f)
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.RegisterEvmKey(f.ctx, msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

// flipCase changes the case of the last letter of a checksummed address,
// which breaks its checksum.
func flipCase(addr string) string {
	b := []byte(addr)
	for i := len(b) - 1; i >= 2; i-- {
		switch {
		case b[i] >= 'a' && b[i] <= 'f':
			b[i] -= 'a' - 'A'
			return string(b)
		case b[i] >= 'A' && b[i] <= 'F':
			b[i] += 'a' - 'A'
			return string(b)
		}
	}
	panic("no letter in " + addr)
}
