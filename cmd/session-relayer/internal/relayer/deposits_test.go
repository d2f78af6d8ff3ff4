package relayer

import (
	"context"
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
)

func dep(nonce, block uint64) evm.Deposit {
	return evm.Deposit{
		Nonce: nonce, Block: block, Sender: common.HexToAddress("0x71562b71999873DB5b286dF957af199Ec94617F7"),
		Recipient: "session1r", Amount: big.NewInt(int64(nonce) * 10),
	}
}

func nonces(deps []evm.Deposit) []uint64 {
	var out []uint64
	for _, d := range deps {
		out = append(out, d.Nonce)
	}
	return out
}

func TestContiguous(t *testing.T) {
	conflicting := dep(6, 9)
	conflicting.Amount = big.NewInt(1)
	for _, tc := range []struct {
		name    string
		next    uint64
		deps    []evm.Deposit
		want    []uint64
		wantErr string
	}{
		{name: "nothing", next: 1},
		{name: "run from next", next: 5, deps: []evm.Deposit{dep(5, 1), dep(6, 1), dep(7, 2)}, want: []uint64{5, 6, 7}},
		{name: "unordered input", next: 5, deps: []evm.Deposit{dep(7, 2), dep(5, 1), dep(6, 1)}, want: []uint64{5, 6, 7}},
		{name: "stops at a gap", next: 5, deps: []evm.Deposit{dep(5, 1), dep(7, 2), dep(8, 2)}, want: []uint64{5}},
		{name: "next missing: nothing", next: 5, deps: []evm.Deposit{dep(6, 1), dep(7, 2)}},
		{name: "older deposits ignored", next: 5, deps: []evm.Deposit{dep(3, 1), dep(4, 1), dep(5, 2)}, want: []uint64{5}},
		{name: "the same log twice is one", next: 5, deps: []evm.Deposit{dep(5, 1), dep(5, 1), dep(6, 1)}, want: []uint64{5, 6}},
		{
			name: "two different deposits with one nonce stop the run", next: 5,
			deps: []evm.Deposit{dep(5, 1), dep(6, 9), conflicting, dep(7, 9)}, want: []uint64{5},
			wantErr: "two different Deposit logs with nonce 6",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := Contiguous(tc.next, tc.deps)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tc.want, nonces(run))
		})
	}
}

func TestClaim(t *testing.T) {
	d := dep(3, 1)
	d.Sender = common.HexToAddress("0x71562b71999873db5b286df957af199ec94617f7")
	c := Claim(d)
	require.Equal(t, uint64(3), c.Nonce)
	require.Equal(t, "0x71562b71999873DB5b286dF957af199Ec94617F7", c.EvmSender, "EIP-55 checksum")
	require.Equal(t, "session1r", c.Recipient)
	require.Equal(t, "30", c.Amount.String())
	require.NoError(t, c.Validate())

	// Verbatim, even bytes that are not UTF-8: the chain refunds them.
	d.Recipient = "session1\xff\xfe"
	require.Equal(t, "session1\xff\xfe", Claim(d).Recipient)
}

// fakeLogs answers Deposits from a list and records the queries.
type fakeLogs struct {
	deps    []evm.Deposit
	queries [][3]uint64 // first nonce, from, to
}

func (f *fakeLogs) Deposits(_ context.Context, ns []uint64, from, to uint64) ([]evm.Deposit, error) {
	f.queries = append(f.queries, [3]uint64{ns[0], from, to})
	var out []evm.Deposit
	for _, d := range f.deps {
		if slices.Contains(ns, d.Nonce) && d.Block >= from && d.Block <= to {
			out = append(out, d)
		}
	}
	return out, nil
}

func TestDepositFinder(t *testing.T) {
	ctx := context.Background()
	logs := &fakeLogs{deps: []evm.Deposit{dep(1, 10), dep(2, 12), dep(3, 12), dep(4, 20)}}
	f := newDepositFinder(5)

	// Safe block 15: nonces 1..3 are there, 4 is not yet.
	got, err := f.find(ctx, logs, 1, 4, 15, 15)
	require.NoError(t, err)
	require.Equal(t, []uint64{1, 2, 3}, nonces(got))
	require.Equal(t, [3]uint64{1, 5, 15}, logs.queries[0], "the first search starts at start_block")

	// Remembered: asking again for 2..3 asks nothing; 4 is searched from the block of 3.
	logs.queries = nil
	got, err = f.find(ctx, logs, 2, 4, 15, 15)
	require.NoError(t, err)
	require.Equal(t, []uint64{2, 3}, nonces(got))
	require.Equal(t, [][3]uint64{{4, 12, 15}}, logs.queries)

	// 4 was not in blocks up to 15: the next search for it starts at 16.
	logs.queries = nil
	got, err = f.find(ctx, logs, 4, 4, 25, 25)
	require.NoError(t, err)
	require.Equal(t, []uint64{4}, nonces(got))
	require.Equal(t, [][3]uint64{{4, 16, 25}}, logs.queries)

	// Above the safe block (the parity reads the head): found, not remembered.
	logs.deps = append(logs.deps, dep(5, 30))
	logs.queries = nil
	got, err = f.find(ctx, logs, 5, 5, 31, 28)
	require.NoError(t, err)
	require.Equal(t, []uint64{5}, nonces(got))
	_, remembered := f.known[5]
	require.False(t, remembered)

	// Pruning keeps the one below the cut, which bounds where the next one can be.
	f.prune(4)
	require.ElementsMatch(t, []uint64{3, 4}, keysOf(f.known))
	require.Equal(t, uint64(20), f.lowBlock(5))
}

func keysOf(m map[uint64]evm.Deposit) []uint64 {
	var out []uint64
	for k := range m {
		out = append(out, k)
	}
	return out
}
