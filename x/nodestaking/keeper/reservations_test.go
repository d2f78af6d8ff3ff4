package keeper_test

import (
	"crypto/ed25519"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// updateReservations sends MsgUpdateReservations from sender.
func (f *fixture) updateReservations(sender sdk.AccAddress, key ed25519.PrivateKey, reserved ...types.ReservedSpot) error {
	_, err := f.msgs.UpdateReservations(f.ctx, &types.MsgUpdateReservations{Operator: sender.String(), Pubkey: pubkey(key), Reserved: reserved})
	return err
}

// reservedNode is a node awaiting contributions: operator 1 with 10,000
// SESH, a spot for 2 of 5,000 and contributor 3 with 3,000 (12,000 open
// for new contributors, 3 of 10 spots in use).
func reservedNode(t *testing.T) (*fixture, ed25519.PrivateKey) {
	f := newFixture(t)
	key := nodeKey(1)
	require.NoError(t, f.register(testAddr(1), key, sesh(10_000), 500, spot(testAddr(2), sesh(5_000))))
	_, err := f.contribute(testAddr(3), key, sesh(3_000))
	require.NoError(t, err)
	return f, key
}

func TestUpdateReservationsReplacesTheUnfilledSpots(t *testing.T) {
	f, key := reservedNode(t)
	f.nextBlock(6e9)

	// 12,000 open, 2 spots in use without reservations: the first new spot
	// holds at least ceil(12,000 / 8) = 1,500, the next ceil(8,000 / 7).
	newSpots := []types.ReservedSpot{spot(testAddr(4), sesh(4_000)), spot(testAddr(5), sesh(1_143))}
	require.NoError(t, f.updateReservations(testAddr(1), key, newSpots...))

	rec := f.record(key)
	require.Equal(t, []types.ReservedSpot{spot(testAddr(4), sesh(4_000)), spot(testAddr(5), sesh(1_143))}, rec.Reserved)
	require.Equal(t, uint32(2), rec.Node.ReservedSpots)
	require.Equal(t, []*types.EventReservationsUpdated{{Pubkey: keyHex(key), Operator: testAddr(1).String(), Reserved: newSpots}},
		events[*types.EventReservationsUpdated](f))
	// 2's spot is gone: it contributes as anyone does, from what is left
	// (25,000 − 13,000 − 5,143 = 6,857) over the 6 free spots; 4 brings its
	// reservation.
	f.requireBounds(key, testAddr(2), math.NewInt(1_142_833_333_334), sesh(6_857))
	_, err := f.contribute(testAddr(4), key, sesh(4_000))
	require.NoError(t, err)
	f.checkConservation()

	// An empty list clears them.
	require.NoError(t, f.updateReservations(testAddr(1), key))
	rec = f.record(key)
	require.Empty(t, rec.Reserved)
	require.Zero(t, rec.Node.ReservedSpots)
}

func TestBadReservationsAreRefused(t *testing.T) {
	f, key := reservedNode(t)
	f.soloNode(nodeKey(2), testAddr(6), 0)
	tests := []struct {
		name    string
		sender  sdk.AccAddress
		key     ed25519.PrivateKey
		spots   []types.ReservedSpot
		wantErr error
		wantIn  string
	}{
		{"not the operator", testAddr(3), key, nil, types.ErrNotOperator, testAddr(3).String()},
		{"unknown node", testAddr(1), nodeKey(9), nil, types.ErrNodeNotFound, keyHex(nodeKey(9))},
		{"active node", testAddr(6), nodeKey(2), nil, types.ErrWrongStatus, "NODE_STATUS_ACTIVE"},
		{"a contributor", testAddr(1), key, []types.ReservedSpot{spot(testAddr(3), sesh(2_000))}, types.ErrInvalidReserved, "has contributed"},
		{"the operator", testAddr(1), key, []types.ReservedSpot{spot(testAddr(1), sesh(2_000))}, types.ErrInvalidReserved, "the operator or listed twice"},
		{"twice", testAddr(1), key, []types.ReservedSpot{spot(testAddr(4), sesh(2_000)), spot(testAddr(4), sesh(2_000))}, types.ErrInvalidReserved, "listed twice"},
		{"below the running minimum", testAddr(1), key, []types.ReservedSpot{spot(testAddr(4), sesh(1_499))}, types.ErrInvalidReserved, "1500000000000 to 12000000000000"},
		{"over what is left", testAddr(1), key, []types.ReservedSpot{spot(testAddr(4), sesh(8_000)), spot(testAddr(5), sesh(4_001))}, types.ErrInvalidReserved, "got 4001000000000"},
		{"zero", testAddr(1), key, []types.ReservedSpot{spot(testAddr(4), math.ZeroInt())}, types.ErrInvalidReserved, "must be positive"},
		{"more than the spots left", testAddr(1), key, manySpots(9), types.ErrInvalidReserved, "at most 8 reserved spots, got 9"},
		{"short node key", testAddr(1), nil, nil, types.ErrInvalidPubkey, "got 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			var pk []byte
			if tc.key != nil {
				pk = pubkey(tc.key)
			}
			_, err := f.msgs.UpdateReservations(f.ctx, &types.MsgUpdateReservations{Operator: tc.sender.String(), Pubkey: pk, Reserved: tc.spots})
			f.requireRejected(err, tc.wantErr, before)
			require.Contains(t, err.Error(), tc.wantIn, "the error names the value")
			require.Empty(t, events[*types.EventReservationsUpdated](f))
		})
	}
}

func TestReservationsClearAfterGovernanceLowersTheLimits(t *testing.T) {
	f, key := reservedNode(t)
	f.setParams(func(p *types.Params) { p.MaxContributors, p.StakingRequirement = 2, sesh(12_000) })

	require.NoError(t, f.updateReservations(testAddr(1), key))

	require.Zero(t, f.record(key).Node.ReservedSpots)
	f.checkConservation()
}

func TestUpdateReservationsChecksTheOperatorStakeInForce(t *testing.T) {
	f, key := reservedNode(t)
	f.setParams(func(p *types.Params) { p.MinOperatorStakeBps = 5_000 })
	before := f.snapshot()

	err := f.updateReservations(testAddr(1), key)

	f.requireRejected(err, types.ErrStakeTooLow, before)
	require.ErrorContains(t, err, "top up first")
}

// manySpots reserves 1,000 SESH for each of n addresses from 10 on: their
// count is checked before their amounts.
func manySpots(n int) []types.ReservedSpot {
	out := make([]types.ReservedSpot, n)
	for i := range out {
		out[i] = spot(testAddr(byte(10+i)), sesh(1_000))
	}
	return out
}
