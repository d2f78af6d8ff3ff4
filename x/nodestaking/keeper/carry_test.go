package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"
)

// TestCarryStaysBelowTheEarningNodes checks the bound on the dust
// (docs/architecture.md, Node rewards and Invariants): the carry is fewer
// nsesh than there are earning nodes, also right after the number of earning
// nodes goes down, and the carry is paid out with the next emission.
func TestCarryStaysBelowTheEarningNodes(t *testing.T) {
	tests := []struct {
		name string
		// leave takes node 1 (or every node) out of the split.
		leave func(f *fixture)
	}{
		{name: "a node leaves at its unlock time", leave: func(f *fixture) {
			require.NoError(f.t, f.unlock(testAddr(1), nodeKey(1)))
			f.endBlock()
			f.nextBlock(15 * day)
		}},
		{name: "a node is deregistered", leave: func(f *fixture) {
			require.NoError(f.t, f.deregister(nodeKey(1)))
		}},
		{name: "every node leaves, then a new one activates", leave: func(f *fixture) {
			for i := 1; i <= 3; i++ {
				require.NoError(f.t, f.deregister(nodeKey(i)))
			}
			f.soloNode(nodeKey(4), testAddr(4), 0)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			for i := 1; i <= 3; i++ {
				f.soloNode(nodeKey(i), testAddr(byte(i)), 0)
			}
			f.nextBlock(6e9)
			require.True(t, f.emit(math.NewInt(5)))
			require.Equal(t, "2", f.carry().String())

			tc.leave(f)

			f.endBlock() // checks conservation, the carry bound included
			f.nextBlock(6e9)
			require.True(t, f.emit(math.NewInt(1_000)))
			f.endBlock()
			require.True(t, f.carry().LT(math.NewIntFromUint64(f.activeCount())))
		})
	}
}
