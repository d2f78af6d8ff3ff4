package keeper_test

import (
	"crypto/ed25519"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// requireBounds checks the NextContribution query for addr (a new
// contributor if nil).
func (f *fixture) requireBounds(key ed25519.PrivateKey, addr sdk.AccAddress, minimum, maximum math.Int) {
	f.t.Helper()
	req := &types.QueryNextContributionRequest{Pubkey: keyHex(key)}
	if addr != nil {
		req.Address = addr.String()
	}
	res, err := f.queries.NextContribution(f.ctx, req)
	require.NoError(f.t, err)
	require.Equal(f.t, minimum.String(), res.Minimum.String(), "minimum")
	require.Equal(f.t, maximum.String(), res.Maximum.String(), "maximum")
}

// requireContributeRejected checks that a contribution fails with wantErr
// and changes nothing.
func (f *fixture) requireContributeRejected(addr sdk.AccAddress, key ed25519.PrivateKey, amount math.Int, wantErr error) {
	f.t.Helper()
	before := f.snapshot()
	_, err := f.contribute(addr, key, amount)
	f.requireRejected(err, wantErr, before)
}

func TestContributeMinimumAfterTheOperator(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(1)
	require.NoError(t, f.register(testAddr(1), key, sesh(13_750), 0))

	// 11,250 SESH left with 1 contributor of 10: 1,250 SESH.
	f.requireBounds(key, nil, sesh(1_250), sesh(11_250))
	f.requireContributeRejected(testAddr(2), key, sesh(1_250).SubRaw(1), types.ErrStakeTooLow)
	res, err := f.contribute(testAddr(2), key, sesh(1_250))
	require.NoError(t, err)
	require.False(t, res.Activated)

	// 10,000 SESH left with 2 of 10: 1,250 SESH again.
	f.requireBounds(key, nil, sesh(1_250), sesh(10_000))
	rec := f.record(key)
	require.Equal(t, uint32(2), rec.Node.Contributors)
	require.Equal(t, sesh(15_000).String(), rec.Node.TotalStaked.String())
	require.Equal(t, startBalance.Sub(sesh(1_250)).String(), f.balance(testAddr(2)).String())
	require.Equal(t, []*types.EventContributed{{Pubkey: keyHex(key), Contributor: testAddr(2).String(), Amount: sesh(1_250)}},
		events[*types.EventContributed](f)[1:])
	f.checkConservation()
}

func TestContributeFillsTheNodeExactly(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(1)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 0))
	_, err := f.contribute(testAddr(2), key, sesh(17_950))
	require.NoError(t, err)
	// 800 SESH left over 8 spots, then 700 over 7, …: 100 SESH each time.
	for i := byte(3); i <= 9; i++ {
		f.requireBounds(key, nil, sesh(100), sesh(int64(11-i)*100))
		_, err := f.contribute(testAddr(i), key, sesh(100))
		require.NoError(t, err, "contributor %d", i)
	}

	// 100 SESH left with 9 contributors of 10: the last one puts in exactly 100.
	f.requireBounds(key, nil, sesh(100), sesh(100))
	f.requireContributeRejected(testAddr(10), key, sesh(100).SubRaw(1), types.ErrStakeTooLow)
	f.requireContributeRejected(testAddr(10), key, sesh(100).AddRaw(1), types.ErrStakeTooHigh)
	f.nextBlock(6e9)
	res, err := f.contribute(testAddr(10), key, sesh(100))
	require.NoError(t, err)

	require.True(t, res.Activated)
	node := f.record(key).Node
	require.Equal(t, types.NODE_STATUS_ACTIVE, node.Status)
	require.Equal(t, types.DefaultStakingRequirement.String(), node.TotalStaked.String())
	require.Equal(t, uint32(10), node.Contributors)
	require.True(t, f.now().Equal(*node.ActivatedAt))
	require.Equal(t, uint64(1), f.activeCount())
	require.Equal(t, []*types.EventNodeActivated{{Pubkey: keyHex(key)}}, events[*types.EventNodeActivated](f))

	// An active node takes no more stake.
	f.requireContributeRejected(testAddr(11), key, sesh(100), types.ErrWrongStatus)
	f.requireContributeRejected(testAddr(2), key, math.OneInt(), types.ErrWrongStatus)
	f.checkConservation()
}

func TestContributeEleventhSpotIsRefused(t *testing.T) {
	f := newFixture(t)
	key, reserved := nodeKey(1), testAddr(20)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 0, spot(reserved, sesh(2_100))))
	_, err := f.contribute(testAddr(2), key, sesh(15_950))
	require.NoError(t, err)
	for i := byte(3); i <= 9; i++ {
		_, err := f.contribute(testAddr(i), key, sesh(100))
		require.NoError(t, err, "contributor %d", i)
	}
	// Nine contributors and a reserved spot: every spot is taken.
	require.Equal(t, uint32(9), f.record(key).Node.Contributors)

	f.requireContributeRejected(testAddr(10), key, sesh(100), types.ErrNodeFull)
	_, err = f.queries.NextContribution(f.ctx, &types.QueryNextContributionRequest{Pubkey: keyHex(key)})
	require.ErrorIs(t, err, types.ErrNodeFull)

	// The reserved spot is still open to its holder, and completes the node.
	res, err := f.contribute(reserved, key, sesh(2_100))
	require.NoError(t, err)
	require.True(t, res.Activated)
	require.Equal(t, uint32(10), f.record(key).Node.Contributors)
	require.Empty(t, f.record(key).Reserved)
}

func TestContributeReservedSpot(t *testing.T) {
	operator, holder, stranger, key := testAddr(1), testAddr(2), testAddr(3), nodeKey(1)
	// 6,250 SESH staked, 5,000 reserved: 13,750 open.
	tests := []struct {
		name        string
		addr        sdk.AccAddress
		amount      math.Int
		wantErr     error
		wantStaked  math.Int
		wantSpots   []types.ReservedSpot
		wantActive  bool
		wantPending math.Int
	}{
		{name: "holder below its reservation", addr: holder, amount: sesh(5_000).SubRaw(1), wantErr: types.ErrStakeTooLow},
		{name: "holder over reservation plus open", addr: holder, amount: sesh(18_750).AddRaw(1), wantErr: types.ErrStakeTooHigh},
		{name: "holder takes exactly its reservation", addr: holder, amount: sesh(5_000), wantStaked: sesh(11_250), wantSpots: []types.ReservedSpot{}},
		{name: "holder takes the reservation and everything open", addr: holder, amount: sesh(18_750), wantStaked: sesh(25_000), wantSpots: []types.ReservedSpot{}, wantActive: true},
		{name: "stranger cannot take the reserved part", addr: stranger, amount: sesh(13_750).AddRaw(1), wantErr: types.ErrStakeTooHigh},
		// ceil(13,750 SESH / 8 spots) = 1,718.75 SESH.
		{name: "stranger below the minimum", addr: stranger, amount: math.NewInt(1_718_750_000_000 - 1), wantErr: types.ErrStakeTooLow},
		{name: "stranger takes everything open", addr: stranger, amount: sesh(13_750), wantStaked: sesh(20_000), wantSpots: []types.ReservedSpot{spot(holder, sesh(5_000))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			require.NoError(t, f.register(operator, key, sesh(6_250), 0, spot(holder, sesh(5_000))))
			if tc.wantErr != nil {
				f.requireContributeRejected(tc.addr, key, tc.amount, tc.wantErr)
				return
			}

			res, err := f.contribute(tc.addr, key, tc.amount)

			require.NoError(t, err)
			require.Equal(t, tc.wantActive, res.Activated)
			rec := f.record(key)
			require.Equal(t, tc.wantStaked.String(), rec.Node.TotalStaked.String())
			require.Equal(t, tc.wantSpots, rec.Reserved)
			require.Equal(t, uint32(2), rec.Node.Contributors)
			require.Equal(t, startBalance.Sub(tc.amount).String(), f.balance(tc.addr).String())
			f.checkConservation()
		})
	}
}

func TestContributeReservedHolderBounds(t *testing.T) {
	f := newFixture(t)
	key, holder := nodeKey(1), testAddr(2)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 0, spot(holder, sesh(5_000))))

	f.requireBounds(key, holder, sesh(5_000), sesh(18_750))
	f.requireBounds(key, testAddr(3), math.NewInt(1_718_750_000_000), sesh(13_750))
}

func TestContributeTopUp(t *testing.T) {
	f := newFixture(t)
	key, contributor := nodeKey(1), testAddr(2)
	require.NoError(t, f.register(testAddr(1), key, sesh(6_250), 0))
	_, err := f.contribute(contributor, key, sesh(5_000))
	require.NoError(t, err)
	f.nextBlock(day)

	// An existing contributor may add any amount up to what is left, below
	// a new contributor's minimum.
	f.requireBounds(key, contributor, math.OneInt(), sesh(13_750))
	f.requireContributeRejected(contributor, key, sesh(13_750).AddRaw(1), types.ErrStakeTooHigh)
	_, err = f.contribute(contributor, key, math.OneInt())
	require.NoError(t, err)

	rec := f.record(key)
	require.Equal(t, uint32(2), rec.Node.Contributors, "a top-up takes no new spot")
	require.Equal(t, sesh(11_250).AddRaw(1).String(), rec.Node.TotalStaked.String())
	c := rec.Contributions[1]
	require.Equal(t, contributor.String(), c.Address)
	require.Equal(t, sesh(5_000).AddRaw(1).String(), c.Contribution.Amount.String())
	require.True(t, f.now().Equal(c.Contribution.LastContributedAt), "a top-up restarts the withdrawal delay")

	// The operator tops up to the requirement and the node activates.
	res, err := f.contribute(testAddr(1), key, sesh(13_750).SubRaw(1))
	require.NoError(t, err)
	require.True(t, res.Activated)
	require.Equal(t, sesh(20_000).SubRaw(1).String(), f.record(key).Contributions[0].Contribution.Amount.String())
	f.checkConservation()
}

func TestContributeRejected(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.register(testAddr(1), nodeKey(1), sesh(6_250), 0))

	f.requireContributeRejected(testAddr(2), nodeKey(2), sesh(5_000), types.ErrNodeNotFound)
	f.requireContributeRejected(testAddr(200), nodeKey(1), sesh(5_000), sdkerrors.ErrInsufficientFunds)
	before := f.snapshot()
	_, err := f.msgs.Contribute(f.ctx, &types.MsgContribute{
		Contributor: testAddr(2).String(), Pubkey: pubkey(nodeKey(1)), Amount: sdk.NewCoin("uatom", sesh(5_000)),
	})
	f.requireRejected(err, types.ErrInvalidDenom, before)
}
