package types_test

import (
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func TestDefaultParams(t *testing.T) {
	p := types.DefaultParams()

	require.NoError(t, p.Validate())
	require.False(t, p.Configured(), "a new chain has no contract: the bridge moves nothing")
	require.False(t, p.Paused)
	require.Equal(t, uint32(500), p.SignerSetChangeBps, "5%")
}

func TestParamsValidate(t *testing.T) {
	configured := func(p *types.Params) { p.EvmChainId, p.ContractAddress, p.BridgeName = 1337, eip55, "session-1" }
	tests := []struct {
		name   string
		change func(p *types.Params)
		ok     bool
	}{
		{"default", func(*types.Params) {}, true},
		{"configured", configured, true},
		{"configured, lowercase contract", func(p *types.Params) { configured(p); p.ContractAddress = strings.ToLower(eip55) }, true},
		{"paused", func(p *types.Params) { configured(p); p.Paused = true }, true},
		{"bps 1", func(p *types.Params) { p.SignerSetChangeBps = 1 }, true},
		{"bps 10000", func(p *types.Params) { p.SignerSetChangeBps = 10_000 }, true},
		{"chain id without contract", func(p *types.Params) { p.EvmChainId = 1 }, true},
		{"bps 0", func(p *types.Params) { p.SignerSetChangeBps = 0 }, false},
		{"bps 10001", func(p *types.Params) { p.SignerSetChangeBps = 10_001 }, false},
		{"contract without chain id", func(p *types.Params) { configured(p); p.EvmChainId = 0 }, false},
		{"zero contract", func(p *types.Params) { configured(p); p.ContractAddress = "0x0000000000000000000000000000000000000000" }, false},
		{"contract with a bad checksum", func(p *types.Params) { configured(p); p.ContractAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD" }, false},
		{"short contract", func(p *types.Params) { configured(p); p.ContractAddress = eip55[:40] }, false},
		{"contract not hex", func(p *types.Params) { configured(p); p.ContractAddress = "session1xyz" }, false},
		{"contract without bridge name", func(p *types.Params) { configured(p); p.BridgeName = "" }, false},
		{"bridge name of 64 characters", func(p *types.Params) { configured(p); p.BridgeName = strings.Repeat("b", 64) }, true},
		{"bridge name of 65 characters", func(p *types.Params) { configured(p); p.BridgeName = strings.Repeat("b", 65) }, false},
		{"bridge name with a space", func(p *types.Params) { configured(p); p.BridgeName = "session 1" }, false},
		{"bridge name with a control character", func(p *types.Params) { configured(p); p.BridgeName = "session\n1" }, false},
		{"bridge name that is not ASCII", func(p *types.Params) { configured(p); p.BridgeName = "séssion" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.change(&p)

			err := p.Validate()

			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidParams)
		})
	}
}

func TestParamsConfigured(t *testing.T) {
	p := types.DefaultParams()
	p.EvmChainId = 1337
	require.False(t, p.Configured(), "a chain id alone names no contract")
	p.ContractAddress = eip55
	require.True(t, p.Configured())
}

// The bridge id comes from the params alone: the same params give the same
// id whatever chain id the chain runs under.
func TestParamsBridgeID(t *testing.T) {
	p := types.Params{EvmChainId: 1337, ContractAddress: eip55, BridgeName: "session-1", SignerSetChangeBps: 500}
	require.Equal(t, types.BridgeID(1337, common.HexToAddress(eip55), "session-1"), p.BridgeID())
	require.Equal(t, common.Hash{}, types.DefaultParams().BridgeID(), "no contract, no id")
	q := p
	q.Paused, q.SignerSetChangeBps = true, 1
	require.True(t, p.SameIdentity(q), "pause and threshold are not the identity")
	for _, change := range []func(*types.Params){
		func(p *types.Params) { p.EvmChainId++ },
		func(p *types.Params) { p.ContractAddress = "0x00000000000000000000000000000000000000Aa" },
		func(p *types.Params) { p.BridgeName = "session-2" },
	} {
		q := p
		change(&q)
		require.False(t, p.SameIdentity(q))
		require.NotEqual(t, p.BridgeID(), q.BridgeID())
	}
}
