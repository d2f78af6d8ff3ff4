package keeper_test

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func TestUpdateParams(t *testing.T) {
	f := newFixture(t, unconfigured)
	p := types.DefaultParams()
	p.Paused, p.EvmChainId, p.ContractAddress, p.SignerSetChangeBps, p.BridgeName = true, 1, evmAddress("new contract").Hex(), 1_000, "session-1"

	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})

	require.NoError(t, err)
	require.Equal(t, p, f.params())
	res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, p, res.Params)
	require.Equal(t, []*types.EventParamsUpdated{{Params: p}}, events[*types.EventParamsUpdated](f))
	// A contract named paused starts paused: its pause is signed for it.
	ops, err := f.queries.AdminOps(f.ctx, &types.QueryAdminOpsRequest{})
	require.NoError(t, err)
	require.Len(t, ops.Ops, 1)
	require.Equal(t, types.ADMIN_OP_KIND_PAUSE, ops.Ops[0].Op.Kind)
}

func TestUpdateParamsUnpauses(t *testing.T) {
	f := newFixture(t, paused)
	_, err := f.bridgeOut(users[0], 10)
	require.ErrorIs(t, err, types.ErrPaused)
	p := f.params()
	p.Paused = false

	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})

	require.NoError(t, err)
	_, err = f.bridgeOut(users[0], 10)
	require.NoError(t, err)
}

func TestUpdateParamsRejected(t *testing.T) {
	valid := testParams()
	with := func(change func(p *types.Params)) types.Params {
		p := valid
		change(&p)
		return p
	}
	tests := []struct {
		name      string
		authority string // the keeper's authority when empty
		params    types.Params
		wantErr   error
	}{
		{name: "not the authority", authority: users[0].String(), params: valid, wantErr: types.ErrInvalidAuthority},
		{name: "a validator", authority: vals[0].op(), params: valid, wantErr: types.ErrInvalidAuthority},
		{name: "bps 0", params: with(func(p *types.Params) { p.SignerSetChangeBps = 0 }), wantErr: types.ErrInvalidParams},
		{name: "bps above 10000", params: with(func(p *types.Params) { p.SignerSetChangeBps = 10_001 }), wantErr: types.ErrInvalidParams},
		{name: "contract without chain id", params: with(func(p *types.Params) { p.EvmChainId = 0 }), wantErr: types.ErrInvalidParams},
		{name: "zero contract", params: with(func(p *types.Params) { p.ContractAddress = "0x0000000000000000000000000000000000000000" }), wantErr: types.ErrInvalidParams},
		{name: "contract with a bad checksum", params: with(func(p *types.Params) { p.ContractAddress = flipCase(p.ContractAddress) }), wantErr: types.ErrInvalidParams},
		{name: "contract not an address", params: with(func(p *types.Params) { p.ContractAddress = "bridge" }), wantErr: types.ErrInvalidParams},
		{name: "no bridge name", params: with(func(p *types.Params) { p.BridgeName = "" }), wantErr: types.ErrInvalidParams},
		{name: "bridge name with a space", params: with(func(p *types.Params) { p.BridgeName = "session 1" }), wantErr: types.ErrInvalidParams},
		{name: "another contract", params: with(func(p *types.Params) { p.ContractAddress = evmAddress("another contract").Hex() }), wantErr: types.ErrIdentityFixed},
		{name: "another EVM chain", params: with(func(p *types.Params) { p.EvmChainId++ }), wantErr: types.ErrIdentityFixed},
		{name: "another bridge name", params: with(func(p *types.Params) { p.BridgeName = "session-2" }), wantErr: types.ErrIdentityFixed},
		{name: "no contract any more", params: types.DefaultParams(), wantErr: types.ErrIdentityFixed},
		{name: "min_transfer 0", params: with(func(p *types.Params) { p.MinTransfer = math.ZeroInt() }), wantErr: types.ErrInvalidParams},
		{name: "negative fee", params: with(func(p *types.Params) { p.BridgeFee = math.NewInt(-1) }), wantErr: types.ErrInvalidParams},
		{name: "cap below min_transfer + fee", params: with(func(p *types.Params) { p.WithdrawalCap = math.NewInt(11) }), wantErr: types.ErrInvalidParams},
		{name: "cap above 2^128", params: with(func(p *types.Params) { p.WithdrawalCap = math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 128)) }), wantErr: types.ErrInvalidParams},
		{name: "batch of 257", params: with(func(p *types.Params) { p.MaxBatchSize = 257 }), wantErr: types.ErrInvalidParams},
		{name: "batch of 0", params: with(func(p *types.Params) { p.MaxBatchSize = 0 }), wantErr: types.ErrInvalidParams},
		{name: "no batch timeout", params: with(func(p *types.Params) { p.BatchTimeoutSeconds = 0 }), wantErr: types.ErrInvalidParams},
		{name: "no cap period", params: with(func(p *types.Params) { p.CapPeriodSeconds = 0 }), wantErr: types.ErrInvalidParams},
		{name: "no signing window", params: with(func(p *types.Params) { p.SigningWindowBlocks = 0 }), wantErr: types.ErrInvalidParams},
		{name: "slash fraction above 1", params: with(func(p *types.Params) { p.BadSignatureSlashFraction = math.LegacyNewDec(2) }), wantErr: types.ErrInvalidParams},
		{name: "no max supply", params: with(func(p *types.Params) { p.MaxSupply = math.Int{} }), wantErr: types.ErrInvalidParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			authority := tc.authority
			if authority == "" {
				authority = f.authority
			}
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: authority, Params: tc.params})

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

// A pause keeps every signature collected: the bridge id does not change.
// (Moving to another contract by governance, which the identity tests above
// refuse, used to drop the signatures and pay in-flight transfers twice.)
func TestUpdateParamsPauseKeepsSignatures(t *testing.T) {
	f := newFixture(t)
	f.block()
	nonce := f.makeBatch(1_000)
	f.signBatch(nonce, vals[0], vals[1], vals[2])

	f.setParams(func(p *types.Params) { p.Paused = true })

	require.Len(t, f.batch(nonce).Signatures, 3, "pausing keeps the signatures")
	require.Equal(t, types.BATCH_STATUS_OPEN, f.batch(nonce).Batch.Status)
}
