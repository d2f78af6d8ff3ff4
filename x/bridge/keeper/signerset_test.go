package keeper_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// signerSets returns every signer set, oldest first.
func (f *fixture) signerSets() []types.SignerSet {
	f.t.Helper()
	var out []types.SignerSet
	require.NoError(f.t, f.k.SignerSets.Walk(f.ctx, nil, func(_ uint64, s types.SignerSet) (bool, error) {
		out = append(out, s)
		return false, nil
	}))
	return out
}

// member is the signer-set member v with power.
func member(v validator, power uint64) types.SignerSetMember {
	return types.SignerSetMember{Validator: v.valoper(), EvmAddress: v.evm.Hex(), Power: power}
}

// sortedByAddress sorts members as the contract wants them.
func sortedByAddress(ms ...types.SignerSetMember) []types.SignerSetMember {
	out := append([]types.SignerSetMember(nil), ms...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if bytes.Compare(common.HexToAddress(out[i].EvmAddress).Bytes(), common.HexToAddress(out[j].EvmAddress).Bytes()) > 0 {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestNoSignerSetWithoutKeys(t *testing.T) {
	f := newFixture(t)

	f.endBlock()

	require.Empty(t, f.signerSets())
	_, err := f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{})
	require.ErrorIs(t, err, types.ErrSignerSetNotFound)
}

func TestFirstKeyMakesTheFirstSignerSet(t *testing.T) {
	f := newFixture(t)
	f.nextBlock()
	require.NoError(t, f.registerKey(vals[0]))

	f.endBlock()

	require.Equal(t, []types.SignerSet{{Nonce: 1, Members: []types.SignerSetMember{member(vals[0], 10)}, TotalPower: 10, Height: 2}},
		f.signerSets())
	require.Equal(t, []*types.EventSignerSetCreated{{Nonce: 1, Members: 1, TotalPower: 10}}, events[*types.EventSignerSetCreated](f))
	f.nextBlock()
	f.endBlock()
	require.Len(t, f.signerSets(), 1, "nothing changed: no new set")
}

func TestSignerSetMembersAreSortedByEvmAddress(t *testing.T) {
	f := newFixture(t)
	f.setPowers(1, 2, 3, 4)

	f.registerAll()

	sets := f.signerSets()
	require.Len(t, sets, 1, "keys registered in one block make one set")
	want := sortedByAddress(member(vals[0], 1), member(vals[1], 2), member(vals[2], 3), member(vals[3], 4))
	require.Equal(t, want, sets[0].Members)
	require.Equal(t, uint64(10), sets[0].TotalPower)
	require.NoError(t, sets[0].Validate())
	// The order is the addresses', not the validators'.
	var reordered bool
	for i := range vals {
		reordered = reordered || sets[0].Members[i].Validator != vals[i].valoper()
	}
	require.True(t, reordered, "the test keys happen to sort like the validators; pick others")
}

func TestSignerSetFollowsMembership(t *testing.T) {
	f := newFixture(t)
	f.registerAll()

	// A validator unbonds: it leaves the set.
	f.setPowers(10, 10, 10, 0)
	f.endBlock()
	set, _ := f.latestSet()
	require.Equal(t, uint64(2), set.Nonce)
	require.Equal(t, sortedByAddress(member(vals[0], 10), member(vals[1], 10), member(vals[2], 10)), set.Members)
	f.nextBlock()

	// It bonds again: it is back.
	f.setPowers(10, 10, 10, 10)
	f.endBlock()
	set, _ = f.latestSet()
	require.Equal(t, uint64(3), set.Nonce)
	require.Len(t, set.Members, 4)
	f.nextBlock()

	// A validator rotates its key: the set changes though no power moved.
	rotated := evmKey("rotated")
	_, err := f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(vals[1], rotated))
	require.NoError(t, err)
	f.endBlock()
	set, _ = f.latestSet()
	require.Equal(t, uint64(4), set.Nonce)
	var addrs []string
	for _, m := range set.Members {
		addrs = append(addrs, m.EvmAddress)
	}
	require.Contains(t, addrs, evmAddress("rotated").Hex())
	require.NotContains(t, addrs, vals[1].evm.Hex())
	require.NoError(t, set.Validate())
}

func TestSignerSetFollowsPowerBeyondTheThreshold(t *testing.T) {
	tests := []struct {
		name   string
		from   []int64
		to     []int64
		newSet bool
	}{
		{"no change", []int64{100, 100, 100, 100}, []int64{100, 100, 100, 100}, false},
		{"all powers doubled: same shares", []int64{100, 100, 100, 100}, []int64{200, 200, 200, 200}, false},
		{"one validator +4%: shares move 1.5%", []int64{100, 100, 100, 100}, []int64{104, 100, 100, 100}, false},
		{"one validator +30%: shares move 10.5%", []int64{100, 100, 100, 100}, []int64{130, 100, 100, 100}, true},
		{"shares move exactly 5%", []int64{50, 50}, []int64{105, 95}, false},
		{"shares move 6%", []int64{50, 50}, []int64{106, 94}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.setPowers(0, 0, 0, 0)
			f.setPowers(tc.from...)
			for _, v := range vals[:len(tc.from)] {
				require.NoError(t, f.registerKey(v))
			}
			f.endBlock()
			f.nextBlock()

			f.setPowers(tc.to...)
			f.endBlock()

			sets := f.signerSets()
			if !tc.newSet {
				require.Len(t, sets, 1)
				return
			}
			require.Len(t, sets, 2)
			var want []types.SignerSetMember
			for i, v := range vals[:len(tc.to)] {
				want = append(want, member(v, uint64(tc.to[i])))
			}
			require.Equal(t, sortedByAddress(want...), sets[1].Members)
		})
	}
}

func TestSignerSetThresholdIsAParam(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.SignerSetChangeBps = 100 }))
	f.setPowers(100, 100, 100, 100)
	f.registerAll()

	f.setPowers(104, 100, 100, 100) // 1.5% > 1%
	f.endBlock()

	require.Len(t, f.signerSets(), 2)
}

func TestSmallMovesAddUpAgainstTheLatestSet(t *testing.T) {
	f := newFixture(t)
	f.setPowers(100, 100, 100, 100)
	f.registerAll()

	// Each step moves less than 5% from the step before, but the set is
	// compared with the latest set, not the last block.
	var sets int
	for p := int64(104); p <= 124; p += 4 {
		f.setPowers(p, 100, 100, 100)
		f.endBlock()
		f.nextBlock()
		sets = len(f.signerSets())
	}
	require.Equal(t, 2, sets)
	set, _ := f.latestSet()
	require.Less(t, set.TotalPower, uint64(424), "made on the way, before the last step")
}

func TestNewSignerSetMakesPendingTransfersReady(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	untouched := f.mustBridgeOut(6_000)
	id := f.mustBridgeOut(5_000)
	also := f.mustBridgeOut(7_000)
	f.signAll(id, vals[0], vals[1])
	f.signAll(also, vals[1], vals[0])
	require.Equal(t, types.TRANSFER_STATUS_PENDING, f.transfer(id).Status, "20 of 40")

	// Two validators unbond: the new set has the two that signed.
	f.setPowers(10, 10, 0, 0)
	f.endBlock()

	require.Equal(t, types.TRANSFER_STATUS_READY, f.transfer(id).Status)
	require.Equal(t, f.height(), f.transfer(id).ReadyHeight)
	require.Equal(t, types.TRANSFER_STATUS_READY, f.transfer(also).Status)
	require.Equal(t, []*types.EventTransferReady{{TransferId: id}, {TransferId: also}}, events[*types.EventTransferReady](f))
	require.Equal(t, types.TRANSFER_STATUS_PENDING, f.transfer(untouched).Status, "no signatures, not ready")
}

func TestSignSignerSet(t *testing.T) {
	f := newFixture(t)
	f.registerAll()
	digest := f.signerSetDigest(1)
	sig := sign(t, vals[0].key, digest)

	_, err := f.msgs.SignSignerSet(f.ctx, &types.MsgSignSignerSet{Validator: vals[0].op(), Nonce: 1, Signature: sig})

	require.NoError(t, err)
	res, err := f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{Nonce: 1})
	require.NoError(t, err)
	require.Equal(t, []types.ValidatorSignature{{Validator: vals[0].valoper(), EvmAddress: vals[0].evm.Hex(), Signature: sig}}, res.Signatures)
	require.Equal(t, []*types.EventSignerSetSigned{{Nonce: 1, Validator: vals[0].valoper()}}, events[*types.EventSignerSetSigned](f))
}

func TestSignSignerSetByAValidatorThatLeftIt(t *testing.T) {
	// A validator that left the set still signs the new one: the contract
	// may hold an older set it is part of, which must hand over.
	f := newFixture(t)
	f.registerAll()
	f.setPowers(10, 10, 10, 0)
	f.endBlock()
	f.nextBlock()

	require.NoError(t, f.signSet(vals[3], 2))
}

func TestSignSignerSetRejected(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(f *fixture)
		msg      func(f *fixture) *types.MsgSignSignerSet
		afterMsg func(f *fixture)
		wantErr  error
	}{
		{
			name: "an older set",
			setup: func(f *fixture) {
				f.setPowers(10, 10, 10, 0)
				f.endBlock()
				f.nextBlock()
			},
			msg: func(f *fixture) *types.MsgSignSignerSet {
				return &types.MsgSignSignerSet{Validator: vals[0].op(), Nonce: 1, Signature: sign(f.t, vals[0].key, f.signerSetDigest(1))}
			},
			wantErr: types.ErrNotLatestSignerSet,
		},
		{
			name: "an unknown set",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				return &types.MsgSignSignerSet{Validator: vals[0].op(), Nonce: 2, Signature: sign(f.t, vals[0].key, f.signerSetDigest(1))}
			},
			wantErr: types.ErrSignerSetNotFound,
		},
		{
			name: "set 0",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				return &types.MsgSignSignerSet{Validator: vals[0].op(), Signature: sign(f.t, vals[0].key, f.signerSetDigest(1))}
			},
			wantErr: types.ErrSignerSetNotFound,
		},
		{
			name: "signed by another key",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				return &types.MsgSignSignerSet{Validator: vals[0].op(), Nonce: 1, Signature: sign(f.t, vals[1].key, f.signerSetDigest(1))}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature of the set with another nonce",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				set, _ := f.latestSet()
				addrs, powers := set.EvmArgs()
				return &types.MsgSignSignerSet{
					Validator: vals[0].op(), Nonce: 1,
					Signature: sign(f.t, vals[0].key, types.SignerSetDigest(f.bridgeID(), 2, addrs, powers)),
				}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature of other powers",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				set, _ := f.latestSet()
				set.Members[0].Power++
				addrs, powers := set.EvmArgs()
				return &types.MsgSignSignerSet{
					Validator: vals[0].op(), Nonce: 1,
					Signature: sign(f.t, vals[0].key, types.SignerSetDigest(f.bridgeID(), 1, addrs, powers)),
				}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "signature for another bridge",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				set, _ := f.latestSet()
				addrs, powers := set.EvmArgs()
				other := types.BridgeID(evmChainID, contract, "session-other-1")
				return &types.MsgSignSignerSet{
					Validator: vals[0].op(), Nonce: 1,
					Signature: sign(f.t, vals[0].key, types.SignerSetDigest(other, 1, addrs, powers)),
				}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name: "high s",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				return &types.MsgSignSignerSet{Validator: vals[0].op(), Nonce: 1, Signature: highS(sign(f.t, vals[0].key, f.signerSetDigest(1)))}
			},
			wantErr: types.ErrInvalidSignature,
		},
		{
			name:  "signed twice",
			setup: func(f *fixture) { require.NoError(f.t, f.signSet(vals[0], 1)) },
			msg: func(f *fixture) *types.MsgSignSignerSet {
				return &types.MsgSignSignerSet{Validator: vals[0].op(), Nonce: 1, Signature: sign(f.t, vals[0].key, f.signerSetDigest(1))}
			},
			wantErr: types.ErrAlreadySigned,
		},
		{
			name:  "validator without a key",
			setup: func(f *fixture) { f.staking.set(newValidator(9).val, 10) },
			msg: func(f *fixture) *types.MsgSignSignerSet {
				v := newValidator(9)
				return &types.MsgSignSignerSet{Validator: v.op(), Nonce: 1, Signature: sign(f.t, v.key, f.signerSetDigest(1))}
			},
			wantErr: types.ErrNoEvmKey,
		},
		{
			// Not told to register a key, which it cannot.
			name: "no validator",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				return &types.MsgSignSignerSet{Validator: users[0].String(), Nonce: 1, Signature: sign(f.t, evmKey("user"), f.signerSetDigest(1))}
			},
			wantErr: types.ErrNotValidator,
		},
		{
			name: "not configured",
			msg: func(f *fixture) *types.MsgSignSignerSet {
				return &types.MsgSignSignerSet{Validator: vals[0].op(), Nonce: 1, Signature: sign(f.t, vals[0].key, f.signerSetDigest(1))}
			},
			afterMsg: func(f *fixture) { require.NoError(f.t, f.k.Params.Set(f.ctx, types.DefaultParams())) },
			wantErr:  types.ErrNotConfigured,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.registerAll()
			if tc.setup != nil {
				tc.setup(f)
			}
			msg := tc.msg(f)
			if tc.afterMsg != nil {
				tc.afterMsg(f)
			}
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.SignSignerSet(f.ctx, msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

func TestSignSignerSetBeforeAnySet(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.registerKey(vals[0])) // the set comes at the end of the block
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

	_, err := f.msgs.SignSignerSet(f.ctx, &types.MsgSignSignerSet{Validator: vals[0].op(), Nonce: 1, Signature: sign(t, vals[0].key, f.bridgeID())})

	f.requireRejected(err, types.ErrSignerSetNotFound, before, evs)
}

// manyValidator is the i-th of a large validator set, beyond vals.
func manyValidator(i int) validator {
	seed := sha256.Sum256(fmt.Appendf(nil, "many validators %d", i))
	key := evmKey(fmt.Sprintf("many validators %d", i))
	acc := sdk.AccAddress(seed[:20])
	return validator{acc: acc, val: sdk.ValAddress(acc), key: key, evm: crypto.PubkeyToAddress(key.PublicKey)}
}

func TestSignerSetKeepsTheMostPowerfulValidators(t *testing.T) {
	f := newFixture(t)
	f.setPowers(0, 0, 0, 0)
	// 255 validators with distinct powers and three tied at the bottom, of
	// which only the one with the lowest EVM address fits.
	var strong, tied []validator
	var want []types.SignerSetMember
	var total uint64
	for i := range types.MaxSignerSetMembers - 1 {
		v := manyValidator(i)
		strong = append(strong, v)
		f.staking.set(v.val, int64(100+i))
		want = append(want, member(v, uint64(100+i)))
		total += uint64(100 + i)
	}
	for i := range 3 {
		v := manyValidator(1_000 + i)
		tied = append(tied, v)
		f.staking.set(v.val, 5)
	}
	lowest := sortedByAddress(member(tied[0], 5), member(tied[1], 5), member(tied[2], 5))[0]
	want = append(want, lowest)
	total += 5
	for _, v := range append(strong, tied...) {
		require.NoError(t, f.registerKey(v))
	}

	f.endBlock()

	set, ok := f.latestSet()
	require.True(t, ok)
	require.Len(t, set.Members, types.MaxSignerSetMembers)
	require.Equal(t, sortedByAddress(want...), set.Members)
	require.Equal(t, total, set.TotalPower, "the total counts the members only")
	require.NoError(t, set.Validate())
	f.nextBlock()
	f.endBlock()
	require.Len(t, f.signerSets(), 1, "the same cut again: no new set")
}
