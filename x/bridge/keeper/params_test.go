package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func TestUpdateParams(t *testing.T) {
	f := newFixture(t, unconfigured)
	p := types.Params{Paused: true, EvmChainId: 1, ContractAddress: evmAddress("new contract").Hex(), SignerSetChangeBps: 1_000, BridgeName: "session-1"}

	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})

	require.NoError(t, err)
	require.Equal(t, p, f.params())
	res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, p, res.Params)
	require.Equal(t, []*types.EventParamsUpdated{{Params: p}}, events[*types.EventParamsUpdated](f))
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
	valid := configuredGenesis().Params
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
	f.registerAll()
	id := f.mustBridgeOut(1_000)
	f.signAll(id, vals[0], vals[1], vals[2])
	require.Equal(t, types.TRANSFER_STATUS_READY, f.transfer(id).Status)

	p := f.params()
	p.Paused = true
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})
	require.NoError(t, err)
	require.Equal(t, types.TRANSFER_STATUS_READY, f.transfer(id).Status, "pausing keeps the signatures")
	require.Len(t, f.transferQuery(id).Signatures, 3)
}
