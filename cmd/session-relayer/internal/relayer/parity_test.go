package relayer

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
)

func bi(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return v
}

func TestComputeParity(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		locked, supply, outbound  string
		transfers                 []InflightTransfer
		inbound                   []*big.Int
		wantOutbound, wantInbound string
		wantDiff                  string
	}{
		{
			name:   "nothing in flight",
			locked: "1000", supply: "1000", outbound: "0",
			wantOutbound: "0", wantInbound: "0", wantDiff: "0",
		},
		{
			name:   "burned, not yet released",
			locked: "1000", supply: "700", outbound: "300",
			transfers:    []InflightTransfer{{ID: 1, Amount: big.NewInt(300)}},
			wantOutbound: "300", wantInbound: "0", wantDiff: "0",
		},
		{
			name:   "released on the contract, not yet attested on the chain",
			locked: "800", supply: "700", outbound: "300",
			transfers:    []InflightTransfer{{ID: 1, Amount: big.NewInt(200), Withdrawn: true}, {ID: 2, Amount: big.NewInt(100)}},
			wantOutbound: "100", wantInbound: "0", wantDiff: "0",
		},
		{
			name:   "deposits the chain has not observed yet",
			locked: "1500", supply: "1000", outbound: "0",
			inbound:      []*big.Int{big.NewInt(200), big.NewInt(300)},
			wantOutbound: "0", wantInbound: "500", wantDiff: "0",
		},
		{
			name:   "tokens sent to the contract outside deposit: a surplus",
			locked: "1001", supply: "1000", outbound: "0",
			wantOutbound: "0", wantInbound: "0", wantDiff: "1",
		},
		{
			name:   "unbacked supply: a deficit",
			locked: "40", supply: "1000", outbound: "0",
			wantOutbound: "0", wantInbound: "0", wantDiff: "-960",
		},
		{
			name:   "exact beyond float precision",
			locked: "100000000000000000000000000001", supply: "100000000000000000000000000000", outbound: "1",
			transfers:    []InflightTransfer{{ID: 3, Amount: big.NewInt(1)}},
			wantOutbound: "1", wantInbound: "0", wantDiff: "0",
		},
		{
			name:   "off by one beyond float precision",
			locked: "100000000000000000000000000001", supply: "100000000000000000000000000000", outbound: "0",
			wantOutbound: "0", wantInbound: "0", wantDiff: "1",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ComputeParity(bi(tc.locked), bi(tc.supply), bi(tc.outbound), tc.transfers, tc.inbound)
			require.Equal(t, tc.wantOutbound, p.Outbound.String())
			require.Equal(t, tc.wantInbound, p.Inbound.String())
			require.Equal(t, tc.wantDiff, p.Diff.String())
			require.Equal(t, tc.wantDiff == "0", p.OK())
		})
	}
}

func TestComputeParityDoesNotAlias(t *testing.T) {
	locked, supply, outbound := big.NewInt(10), big.NewInt(5), big.NewInt(5)
	p := ComputeParity(locked, supply, outbound, []InflightTransfer{{Amount: big.NewInt(5), Withdrawn: true}}, nil)
	require.Equal(t, "5", outbound.String(), "inputs are not modified")
	p.Locked.SetInt64(0)
	require.Equal(t, "10", locked.String())
}
