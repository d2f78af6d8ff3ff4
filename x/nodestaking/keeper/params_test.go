package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestUpdateParams(t *testing.T) {
	changed := types.DefaultParams()
	changed.UnlockDelay = 20 * 24 * time.Hour
	changed.MaxContributors = 5
	invalid := types.DefaultParams()
	invalid.DeregistrationPenaltyBps = 10_001

	tests := []struct {
		name      string
		authority func(f *fixture) string
		params    types.Params
		wantErr   error
	}{
		{name: "by the authority", authority: func(f *fixture) string { return f.authority }, params: changed},
		{name: "by anyone else", authority: func(*fixture) string { return testAddr(1).String() }, params: changed, wantErr: types.ErrInvalidAuthority},
		{name: "out of range", authority: func(f *fixture) string { return f.authority }, params: invalid, wantErr: types.ErrInvalidParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.snapshot()

			_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: tc.authority(f), Params: tc.params})

			if tc.wantErr != nil {
				f.requireRejected(err, tc.wantErr, before)
				return
			}
			require.NoError(t, err)
			res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
			require.NoError(t, err)
			require.Equal(t, tc.params.String(), res.Params.String())
		})
	}
}

func TestUpdatedUnlockDelayAppliesToNewRequests(t *testing.T) {
	f := newFixture(t)
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.soloNode(nodeKey(2), testAddr(2), 0)
	require.NoError(t, f.unlock(testAddr(1), nodeKey(1)))
	p := types.DefaultParams()
	p.UnlockDelay = 3 * 24 * time.Hour
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.authority, Params: p})
	require.NoError(t, err)

	require.NoError(t, f.unlock(testAddr(2), nodeKey(2)))

	require.True(t, f.now().Add(15*day).Equal(*f.record(nodeKey(1)).Node.ExitTime), "a pending unlock keeps its time")
	require.True(t, f.now().Add(3*day).Equal(*f.record(nodeKey(2)).Node.ExitTime))
}

// The keeper keeps the params it last decoded, keyed by their stored
// bytes: every branch of the state sees its own params, a discarded branch
// leaves nothing behind, and the read costs the gas collections' read does.
func TestParamsReadsSeeEveryBranchsOwnParams(t *testing.T) {
	f := newFixture(t)
	stored := f.params()
	got, err := f.k.GetParams(f.ctx)
	require.NoError(t, err)
	require.Equal(t, stored, got)

	// A branch changes them: it reads its own, then the parent its own.
	branch, write := f.ctx.CacheContext()
	changed := stored
	changed.UnlockDelay += time.Hour
	changed.StakingRequirement = changed.StakingRequirement.AddRaw(1)
	require.NoError(t, f.k.Params.Set(branch, changed))
	got, err = f.k.GetParams(branch)
	require.NoError(t, err)
	require.Equal(t, changed, got)
	got, err = f.k.GetParams(f.ctx)
	require.NoError(t, err)
	require.Equal(t, stored, got, "the parent, with the branch not written")

	// Written, the branch's params are everyone's.
	write()
	got, err = f.k.GetParams(f.ctx)
	require.NoError(t, err)
	require.Equal(t, changed, got)

	// The same gas as Params.Get.
	meter := storetypes.NewInfiniteGasMeter()
	_, err = f.k.Params.Get(f.ctx.WithGasMeter(meter))
	require.NoError(t, err)
	cached := storetypes.NewInfiniteGasMeter()
	_, err = f.k.GetParams(f.ctx.WithGasMeter(cached))
	require.NoError(t, err)
	require.Equal(t, meter.GasConsumed(), cached.GasConsumed())
}
