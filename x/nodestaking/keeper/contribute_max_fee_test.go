package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestContributeBoundsTheFee: an operator who sees a contribution coming
// raises the fee of its node awaiting contributions (allowed: nobody else
// has staked yet) before it lands; the contribution names the fee its
// contributor saw and is refused, changing nothing.
func TestContributeBoundsTheFee(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(2)
	require.NoError(t, f.register(testAddr(3), key, sesh(10_000), 800))
	contribution := func(maxFee uint32) *types.MsgContribute {
		return &types.MsgContribute{
			Contributor: testAddr(4).String(), Pubkey: pubkey(key), Amount: sdk.NewCoin(types.Denom, sesh(5_000)), MaxFeeBps: maxFee,
		}
	}
	_, err := f.changeFee(testAddr(3), key, 5_000) // the front-run raise
	require.NoError(t, err)

	before := f.snapshot()
	_, err = f.msgs.Contribute(f.ctx, contribution(800))
	f.requireRejected(err, types.ErrFeeAboveMax, before)
	require.Contains(t, err.Error(), "the node's fee is 5000 bps (pending included), the contribution accepts at most 800")

	_, err = f.msgs.Contribute(f.ctx, contribution(5_000))
	require.NoError(t, err, "the fee at the bound")
	_, err = f.msgs.Contribute(f.ctx, &types.MsgContribute{
		Contributor: testAddr(5).String(), Pubkey: pubkey(key), Amount: sdk.NewCoin(types.Denom, sesh(5_000)),
	})
	require.NoError(t, err, "0: no bound")
}

func TestHighestFeeCountsAPendingRaise(t *testing.T) {
	f, key := feeNode(t)
	_, err := f.changeFee(testAddr(1), key, 3_000)
	require.NoError(t, err)
	node := f.node(key)
	require.Equal(t, uint32(3_000), node.HighestFee())
	node.FeeChangeAt = nil
	require.Equal(t, uint32(1_000), node.HighestFee())
}
