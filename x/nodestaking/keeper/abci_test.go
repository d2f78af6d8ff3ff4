package keeper_test

import (
	"sort"
	"testing"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestEndBlockerBoundsTheExitsPerBlock(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.MaxExitsPerBlock = 2 }))
	var hexes []string
	for i := 1; i <= 5; i++ {
		f.soloNode(nodeKey(i), testAddr(byte(i)), 0)
		require.NoError(t, f.unlock(testAddr(byte(i)), nodeKey(i)))
		hexes = append(hexes, keyHex(nodeKey(i)))
	}
	// Same exit time: they leave in key order.
	sort.Strings(hexes)
	f.nextBlock(15 * day)

	for _, wantLeft := range [][]string{hexes[:2], hexes[2:4], hexes[4:], nil} {
		f.endBlock()
		var left []string
		for _, ev := range events[*types.EventNodeExited](f) {
			left = append(left, ev.Pubkey)
		}
		require.Equal(t, wantLeft, left)
		f.nextBlock(6e9)
	}
	require.Zero(t, f.activeCount())
	require.Empty(t, f.exitQueue())
	for i := byte(1); i <= 5; i++ {
		require.Equal(t, startBalance.String(), f.balance(testAddr(i)).String())
	}
}

func TestEndBlockerWithNothingDueTouchesNothing(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.soloNode(nodeKey(2), testAddr(2), 0)
	f.soloNode(nodeKey(3), testAddr(3), 0)
	require.NoError(t, f.register(testAddr(4), nodeKey(4), sesh(6_250), 0))
	require.NoError(t, f.unlock(testAddr(1), nodeKey(1)))
	require.NoError(t, f.deregister(nodeKey(2)))
	f.nextBlock(15*day - 1)
	require.True(t, f.emit(math.NewInt(1_000_001)))
	f.endBlock() // the first block of a testing period fixes its quorum seed
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	before := f.snapshot()

	f.endBlock()

	require.Equal(t, before, f.snapshot())
	require.Empty(t, f.ctx.EventManager().Events())
}
