package keeper_test

import (
	"crypto/ed25519"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestRegisterNodeAwaitsContributions(t *testing.T) {
	f := newFixture(t)
	operator, reservedFor, key := testAddr(1), testAddr(2), nodeKey(1)
	f.nextBlock(day)

	require.NoError(t, f.register(operator, key, sesh(6_250), 500, spot(reservedFor, sesh(5_000))))

	rec := f.record(key)
	require.Equal(t, keyHex(key), rec.Node.Pubkey)
	require.Equal(t, operator.String(), rec.Node.Operator)
	require.Equal(t, uint32(500), rec.Node.FeeBps)
	require.Equal(t, types.NODE_STATUS_AWAITING, rec.Node.Status)
	require.Equal(t, sesh(6_250).String(), rec.Node.TotalStaked.String())
	require.Equal(t, uint32(1), rec.Node.Contributors)
	require.True(t, f.now().Equal(rec.Node.RegisteredAt))
	require.Nil(t, rec.Node.ActivatedAt)
	require.Nil(t, rec.Node.ExitTime)
	require.Len(t, rec.Contributions, 1)
	require.Equal(t, operator.String(), rec.Contributions[0].Address)
	require.Equal(t, sesh(6_250).String(), rec.Contributions[0].Contribution.Amount.String())
	require.True(t, f.now().Equal(rec.Contributions[0].Contribution.LastContributedAt))
	require.Equal(t, []types.ReservedSpot{spot(reservedFor, sesh(5_000))}, rec.Reserved)

	require.Equal(t, startBalance.Sub(sesh(6_250)).String(), f.balance(operator).String())
	require.Equal(t, sesh(6_250).String(), f.balance(moduleAddr).String())
	require.Zero(t, f.activeCount())
	require.Equal(t, []*types.EventNodeRegistered{{Pubkey: keyHex(key), Operator: operator.String(), FeeBps: 500}},
		events[*types.EventNodeRegistered](f))
	require.Equal(t, []*types.EventContributed{{Pubkey: keyHex(key), Contributor: operator.String(), Amount: sesh(6_250)}},
		events[*types.EventContributed](f))
	require.Empty(t, events[*types.EventNodeActivated](f))
	f.checkConservation()
}

func TestRegisterNodeWithTheFullStakeActivates(t *testing.T) {
	f := newFixture(t)
	// Another node has earned: the new one must start at the current index
	// and owe nothing from before.
	f.soloNode(nodeKey(1), testAddr(1), 0)
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(1_000_003)))
	f.endBlock()

	f.nextBlock(6e9)
	require.NoError(t, f.register(testAddr(2), nodeKey(2), types.DefaultStakingRequirement, 1_000))

	node := f.record(nodeKey(2)).Node
	require.Equal(t, types.NODE_STATUS_ACTIVE, node.Status)
	require.NotNil(t, node.ActivatedAt)
	require.True(t, f.now().Equal(*node.ActivatedAt))
	require.Equal(t, "1000003", node.RewardIndex.String())
	require.Equal(t, uint64(2), f.activeCount())
	require.Equal(t, []*types.EventNodeActivated{{Pubkey: keyHex(nodeKey(2))}}, events[*types.EventNodeActivated](f))
	require.True(t, f.rewards(testAddr(2)).Pending.IsZero(), "a new node earns nothing from before it was active")
	f.endBlock()
}

func TestRegisterNodeReservedSpotsAtTheLimits(t *testing.T) {
	tests := []struct {
		name     string
		stake    math.Int
		reserved []types.ReservedSpot
	}{
		// ceil(18,750 SESH / 9) = 2,083.333333334 SESH.
		{name: "a spot at the running minimum", stake: sesh(6_250), reserved: []types.ReservedSpot{spot(testAddr(2), math.NewInt(2_083_333_333_334))}},
		{name: "spots filling the requirement exactly", stake: sesh(6_250), reserved: []types.ReservedSpot{
			spot(testAddr(2), sesh(10_000)), spot(testAddr(3), sesh(8_750)),
		}},
		{name: "nine spots at the running minimum", stake: sesh(7_000), reserved: []types.ReservedSpot{
			spot(testAddr(2), sesh(2_000)), spot(testAddr(3), sesh(2_000)), spot(testAddr(4), sesh(2_000)),
			spot(testAddr(5), sesh(2_000)), spot(testAddr(6), sesh(2_000)), spot(testAddr(7), sesh(2_000)),
			spot(testAddr(8), sesh(2_000)), spot(testAddr(9), sesh(2_000)), spot(testAddr(10), sesh(2_000)),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			require.NoError(t, f.register(testAddr(1), nodeKey(1), tc.stake, 0, tc.reserved...))
			rec := f.record(nodeKey(1))
			require.ElementsMatch(t, tc.reserved, rec.Reserved)
			require.Equal(t, types.NODE_STATUS_AWAITING, rec.Node.Status)
		})
	}
}

// signedFor re-signs msg's terms for chain with key.
func signedFor(t *testing.T, msg *types.MsgRegisterNode, key ed25519.PrivateKey, chain string) *types.MsgRegisterNode {
	t.Helper()
	bz, err := types.RegistrationSignBytes(chain, msg.Operator, msg.FeeBps, msg.Reserved)
	require.NoError(t, err)
	msg.Signature = ed25519.Sign(key, bz)
	return msg
}

func TestRegisterNodeRejected(t *testing.T) {
	operator, key := testAddr(1), nodeKey(1)
	tests := []struct {
		name    string
		setup   func(f *fixture)
		msg     func(f *fixture) *types.MsgRegisterNode
		wantErr error
	}{
		{
			name: "signed by another key",
			msg: func(f *fixture) *types.MsgRegisterNode {
				return signedFor(t, f.registerMsg(operator, key, sesh(6_250), 0), nodeKey(2), chainID)
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signed for another chain",
			msg: func(f *fixture) *types.MsgRegisterNode {
				return signedFor(t, f.registerMsg(operator, key, sesh(6_250), 0), key, "session-other")
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signed for another operator",
			msg: func(f *fixture) *types.MsgRegisterNode {
				m := f.registerMsg(testAddr(2), key, sesh(6_250), 0)
				m.Operator = operator.String()
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signed for a lower fee",
			msg: func(f *fixture) *types.MsgRegisterNode {
				m := f.registerMsg(operator, key, sesh(6_250), 400)
				m.FeeBps = 500
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signed for other reserved spots",
			msg: func(f *fixture) *types.MsgRegisterNode {
				m := f.registerMsg(operator, key, sesh(6_250), 0, spot(testAddr(2), sesh(5_000)))
				m.Reserved = []types.ReservedSpot{spot(testAddr(3), sesh(5_000))}
				return m
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name:    "node key already registered",
			setup:   func(f *fixture) { require.NoError(f.t, f.register(testAddr(2), key, sesh(6_250), 0)) },
			msg:     func(f *fixture) *types.MsgRegisterNode { return f.registerMsg(operator, key, sesh(25_000), 0) },
			wantErr: types.ErrNodeExists,
		},
		{
			name:    "fee over 100%",
			msg:     func(f *fixture) *types.MsgRegisterNode { return f.registerMsg(operator, key, sesh(6_250), 10_001) },
			wantErr: types.ErrInvalidFee,
		},
		{
			name: "short node key",
			msg: func(f *fixture) *types.MsgRegisterNode {
				m := f.registerMsg(operator, key, sesh(6_250), 0)
				m.Pubkey = m.Pubkey[:31]
				return m
			},
			wantErr: types.ErrInvalidPubkey,
		},
		{
			name:    "operator stake under 25%",
			msg:     func(f *fixture) *types.MsgRegisterNode { return f.registerMsg(operator, key, sesh(6_250).SubRaw(1), 0) },
			wantErr: types.ErrStakeTooLow,
		},
		{
			name: "operator stake over the requirement",
			msg: func(f *fixture) *types.MsgRegisterNode {
				return f.registerMsg(operator, key, sesh(25_000).AddRaw(1), 0)
			},
			wantErr: types.ErrStakeTooHigh,
		},
		{
			name: "reserved spot below the running minimum",
			msg: func(f *fixture) *types.MsgRegisterNode {
				return f.registerMsg(operator, key, sesh(6_250), 0, spot(testAddr(2), math.NewInt(2_083_333_333_333)))
			},
			wantErr: types.ErrInvalidReserved,
		},
		{
			name: "second reserved spot below the running minimum",
			msg: func(f *fixture) *types.MsgRegisterNode {
				// After 10,000 reserved, 8,750 SESH over 8 spots: 1,093.75 SESH each.
				return f.registerMsg(operator, key, sesh(6_250), 0,
					spot(testAddr(2), sesh(10_000)), spot(testAddr(3), math.NewInt(1_093_750_000_000-1)))
			},
			wantErr: types.ErrInvalidReserved,
		},
		{
			name: "reserved spots over the requirement",
			msg: func(f *fixture) *types.MsgRegisterNode {
				return f.registerMsg(operator, key, sesh(6_250), 0, spot(testAddr(2), sesh(10_000)), spot(testAddr(3), sesh(8_750).AddRaw(1)))
			},
			wantErr: types.ErrInvalidReserved,
		},
		{
			name: "reserved spot with the full operator stake",
			msg: func(f *fixture) *types.MsgRegisterNode {
				return f.registerMsg(operator, key, sesh(25_000), 0, spot(testAddr(2), math.OneInt()))
			},
			wantErr: types.ErrInvalidReserved,
		},
		{
			name: "ten reserved spots",
			msg: func(f *fixture) *types.MsgRegisterNode {
				var spots []types.ReservedSpot
				for i := byte(2); i <= 11; i++ {
					spots = append(spots, spot(testAddr(i), sesh(1_000)))
				}
				return f.registerMsg(operator, key, sesh(15_000), 0, spots...)
			},
			wantErr: types.ErrInvalidReserved,
		},
		{
			name: "an address reserved twice",
			msg: func(f *fixture) *types.MsgRegisterNode {
				return f.registerMsg(operator, key, sesh(6_250), 0, spot(testAddr(2), sesh(5_000)), spot(testAddr(2), sesh(5_000)))
			},
			wantErr: types.ErrInvalidReserved,
		},
		{
			name: "the operator reserves a spot",
			msg: func(f *fixture) *types.MsgRegisterNode {
				return f.registerMsg(operator, key, sesh(6_250), 0, spot(operator, sesh(5_000)))
			},
			wantErr: types.ErrInvalidReserved,
		},
		{
			name: "stake in another denom",
			msg: func(f *fixture) *types.MsgRegisterNode {
				m := f.registerMsg(operator, key, sesh(6_250), 0)
				m.Stake = sdk.NewCoin("uatom", sesh(6_250))
				return m
			},
			wantErr: types.ErrInvalidDenom,
		},
		{
			name:    "operator cannot pay the stake",
			msg:     func(f *fixture) *types.MsgRegisterNode { return f.registerMsg(testAddr(200), key, sesh(6_250), 0) },
			wantErr: sdkerrors.ErrInsufficientFunds,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			msg := tc.msg(f)
			before := f.snapshot()

			_, err := f.msgs.RegisterNode(f.ctx, msg)

			f.requireRejected(err, tc.wantErr, before)
		})
	}
}

// Governance may set any positive requirement, up to the largest math.Int:
// the stake arithmetic holds there too, and refuses what it must with
// registered errors rather than an overflow panic.
func TestStakesUnderTheLargestRequirement(t *testing.T) {
	largest := math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	withRequirement := func(f *fixture, minOperatorBps uint32) {
		params, err := f.k.Params.Get(f.ctx)
		require.NoError(t, err)
		params.StakingRequirement, params.MinOperatorStakeBps = largest, minOperatorBps
		require.NoError(t, params.Validate())
		require.NoError(t, f.k.Params.Set(f.ctx, params))
	}

	t.Run("the operator minimum", func(t *testing.T) {
		f := newFixture(t)
		withRequirement(f, types.DefaultMinOperatorStakeBps)
		before := f.snapshot()

		err := f.register(testAddr(1), nodeKey(1), sesh(6_250), 0)

		f.requireRejected(err, types.ErrStakeTooLow, before)
	})
	t.Run("a reserved spot's minimum", func(t *testing.T) {
		f := newFixture(t)
		withRequirement(f, 0)
		before := f.snapshot()

		err := f.register(testAddr(1), nodeKey(1), math.OneInt(), 0, spot(testAddr(2), math.OneInt()))

		f.requireRejected(err, types.ErrInvalidReserved, before)
	})
	t.Run("a contributor's minimum", func(t *testing.T) {
		f := newFixture(t)
		withRequirement(f, 0)
		require.NoError(t, f.register(testAddr(1), nodeKey(1), math.OneInt(), 0))
		open := largest.SubRaw(1)
		f.requireBounds(nodeKey(1), nil, types.CeilDiv(open, math.NewInt(9)), open)

		f.requireContributeRejected(testAddr(2), nodeKey(1), math.OneInt(), types.ErrStakeTooLow)
	})
}
