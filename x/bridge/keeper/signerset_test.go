package keeper_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func (f *fixture) signerSets() []types.SignerSet {
	f.t.Helper()
	var out []types.SignerSet
	require.NoError(f.t, f.k.SignerSets.Walk(f.ctx, nil, func(_ uint64, s types.SignerSet) (bool, error) {
		out = append(out, s)
		return false, nil
	}))
	return out
}

func member(v validator, power uint64) types.SignerSetMember {
	return types.SignerSetMember{Validator: v.valoper(), EvmAddress: v.evm.Hex(), Power: power}
}

func sortedByAddress(ms ...types.SignerSetMember) []types.SignerSetMember {
	slices.SortFunc(ms, func(a, b types.SignerSetMember) int {
		return bytes.Compare(common.HexToAddress(a.EvmAddress).Bytes(), common.HexToAddress(b.EvmAddress).Bytes())
	})
	return ms
}

func (f *fixture) coverage() *types.QueryCoverageResponse {
	f.t.Helper()
	res, err := f.queries.Coverage(f.ctx, &types.QueryCoverageRequest{})
	require.NoError(f.t, err)
	return res
}

// A signer set is made only when its members hold more than 2/3 of the
// bonded power, and its total power is the bonded power: validators without
// a key count as not signing. (One validator with a quarter of the stake
// used to be the whole set and could drain the contract.)
func TestNoSignerSetUntilKeysCoverTwoThirds(t *testing.T) {
	f := newFixture(t, noKeys)
	require.NoError(t, f.registerKey(vals[0]))
	f.block()
	_, ok := f.latestSet()
	require.False(t, ok, "10 of 40")
	cov := f.coverage()
	require.Equal(t, uint64(40), cov.BondedPower)
	require.Equal(t, uint64(10), cov.KeyPower)
	require.Equal(t, uint32(2_500), cov.KeyCoverageBps)
	_, err := f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{})
	require.ErrorContains(t, err, "more than 2/3 of the bonded power")

	require.NoError(t, f.registerKey(vals[1]))
	f.block()
	_, ok = f.latestSet()
	require.False(t, ok, "20 of 40")

	require.NoError(t, f.registerKey(vals[2]))
	f.endBlock()

	set, ok := f.latestSet()
	require.True(t, ok, "30 of 40")
	require.Equal(t, types.SignerSet{
		Nonce: 1, Members: sortedByAddress(member(vals[0], 10), member(vals[1], 10), member(vals[2], 10)),
		TotalPower: 40, Height: f.height(), Absent: []string{vals[3].valoper()},
	}, set)
	require.Equal(t, []*types.EventSignerSetCreated{{Nonce: 1, Members: 3, TotalPower: 40, MemberPower: 30}}, events[*types.EventSignerSetCreated](f))
	cov = f.coverage()
	require.Equal(t, uint64(30), cov.LatestSetPower)
	require.Equal(t, uint32(7_500), cov.LatestSetCoverageBps)
}

// Exactly 2/3 is not enough: the set could never sign anything.
func TestNoSignerSetAtExactlyTwoThirds(t *testing.T) {
	f := newFixture(t, noKeys)
	f.setPowers(10, 10, 10, 15)
	require.NoError(t, f.registerKey(vals[0]))
	require.NoError(t, f.registerKey(vals[1]))
	require.NoError(t, f.registerKey(vals[3]))
	f.setPowers(10, 10, 15, 5) // members 10 + 10 + 5 = 25... of 40: below
	f.endBlock()
	_, ok := f.latestSet()
	require.False(t, ok)
	f.nextBlock()
	f.setPowers(10, 10, 10, 0) // members 20 of 30: exactly 2/3
	f.endBlock()
	_, ok = f.latestSet()
	require.False(t, ok)
	f.nextBlock()
	f.setPowers(10, 10, 9, 0) // 20 of 29
	f.endBlock()
	_, ok = f.latestSet()
	require.True(t, ok)
}

func TestSignerSetFollowsMembershipAndPowerBeyondTheThreshold(t *testing.T) {
	f := newFixture(t)
	f.block()
	require.Len(t, f.signerSets(), 1)

	// A 1% move of the normalized power is below the 5% threshold.
	f.setPowers(10, 10, 10, 10)
	f.block()
	require.Len(t, f.signerSets(), 1)
	// vals[3] leaves: its power is absent, a membership change.
	f.setPowers(10, 10, 10, 0)
	f.block()
	require.Len(t, f.signerSets(), 2)
	require.Equal(t, uint64(30), f.signerSets()[1].TotalPower)
	// A large move of the power.
	f.setPowers(30, 10, 10, 0)
	f.block()
	require.Len(t, f.signerSets(), 3)
	// vals[3] comes back without being in the set (its key is there): a new member.
	f.setPowers(30, 10, 10, 10)
	f.endBlock()
	sets := f.signerSets()
	require.Len(t, sets, 4)
	require.Len(t, sets[3].Members, 4)
}

// No signer-set churn: a validator re-registering its key every block makes
// no set at all, rotating every block is refused after the first rotation,
// and even real changes make at most one set per signer_set_min_blocks.
// (A 1% validator used to make a set per block by flipping between two keys.)
func TestNoSignerSetChurn(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.SignerSetMinBlocks = 10 }))
	f.block()
	require.Len(t, f.signerSets(), 1)

	for range 30 {
		require.NoError(t, f.registerKey(vals[3]), "the same key again")
		f.block()
	}
	require.Len(t, f.signerSets(), 1, "re-registering the same key changes nothing")

	require.NoError(t, f.rotateKey(vals[3], evmKey("flip")))
	for range 30 {
		require.ErrorIs(t, f.rotateKey(vals[3], vals[3].key), types.ErrRotationPending)
		f.block()
	}
	require.Len(t, f.signerSets(), 2, "one rotation, one set")

	// Power flapping every block: at most one set per 10 blocks.
	start := len(f.signerSets())
	for i := range 30 {
		if i%2 == 0 {
			f.setPowers(30, 10, 10, 10)
		} else {
			f.setPowers(10, 10, 10, 10)
		}
		f.block()
	}
	require.LessOrEqual(t, len(f.signerSets())-start, 3)
}

// Relayers sign any set newer than the contract's, not only the latest: a
// signature a block late still counts.
func TestSignAnySignerSetNewerThanTheContracts(t *testing.T) {
	f := newFixture(t)
	f.block()
	f.setPowers(30, 10, 10, 10)
	f.block()
	f.setPowers(10, 10, 10, 10)
	f.block()
	require.Len(t, f.signerSets(), 3)
	f.attestContract(1, 0, vals[:3]...)

	require.NoError(t, f.signSet(vals[0], 2), "set 2 is not the latest, but newer than the contract's")
	require.NoError(t, f.signSet(vals[0], 3))
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	require.ErrorIs(t, f.signSet(vals[0], 2), types.ErrAlreadySigned)
	err := f.signSetWith(vals[0], vals[0].key, 1)
	f.requireRejected(err, types.ErrSignerSetNotSignable, before, evs)
	_, err = f.msgs.SignSignerSet(f.ctx, &types.MsgSignSignerSet{Signer: vals[0].signer(), Nonce: 9, Signature: sign(t, vals[0].key, f.signerSet(3).Digest(f.bridgeID()))})
	f.requireRejected(err, types.ErrSignerSetNotFound, before, evs)
	// A signature over another set's digest is refused.
	_, err = f.msgs.SignSignerSet(f.ctx, &types.MsgSignSignerSet{Signer: vals[1].signer(), Nonce: 2, Signature: sign(t, vals[1].key, f.signerSet(3).Digest(f.bridgeID()))})
	f.requireRejected(err, types.ErrInvalidSignature, before, evs)

	pending := f.pending(vals[1])
	var nonces []uint64
	for _, s := range pending.SignerSetsToSign {
		nonces = append(nonces, s.SignerSet.Nonce)
		require.Equal(t, []string{vals[1].evm.Hex()}, s.Keys)
	}
	require.Equal(t, []uint64{2, 3}, nonces)
}

// The chain knows which set the contract holds: relayers attest it, more
// than 2/3 of the bonded power moves it, older sets are pruned once their
// signing window passed, and the query and metrics tell how stale the
// contract is.
func TestContractStateIsAttested(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.SigningWindowBlocks = 2 }))
	f.block()
	f.setPowers(30, 10, 10, 10)
	f.block()
	f.setPowers(10, 10, 10, 10)
	f.block()
	res, err := f.queries.ContractState(f.ctx, &types.QueryContractStateRequest{})
	require.NoError(t, err)
	require.Equal(t, uint64(3), res.LatestSignerSetNonce)
	require.Equal(t, uint64(3), res.SetsBehind, "nothing attested yet")
	require.Equal(t, f.height()-f.signerSet(1).Height, res.StaleBlocks)

	f.attestContract(1, 0, vals...)
	f.attestContract(2, 0, vals[0], vals[1])
	require.Equal(t, uint64(1), f.contractState().SignerSetNonce, "20 of 40 saw set 2")
	f.attestContract(3, 0, vals[2])

	state := f.contractState()
	require.Equal(t, uint64(2), state.SignerSetNonce, "30 of 40 saw set 2 or later")
	require.Equal(t, f.height(), state.UpdatedHeight)
	res, err = f.queries.ContractState(f.ctx, &types.QueryContractStateRequest{})
	require.NoError(t, err)
	require.Equal(t, uint64(1), res.SetsBehind)
	require.Equal(t, f.height()-f.signerSet(3).Height, res.StaleBlocks)
	f.block()
	f.block()
	_, err = f.k.SignerSets.Get(f.ctx, 1)
	require.Error(t, err, "set 1 is pruned: the contract can never move back to it")
	f.attestContract(3, 0, vals[3])
	f.attestContract(3, 0, vals[0])
	require.Equal(t, uint64(3), f.contractState().SignerSetNonce)
	res, err = f.queries.ContractState(f.ctx, &types.QueryContractStateRequest{})
	require.NoError(t, err)
	require.Zero(t, res.SetsBehind)
	require.Zero(t, res.StaleBlocks)
}

func TestAttestContractStateRejected(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *fixture)
		msg     *types.MsgAttestContractState
		wantErr error
	}{
		{
			name: "not newer than the last", setup: func(f *fixture) { f.attestContract(1, 0, vals[0]) },
			msg: &types.MsgAttestContractState{Signer: vals[0].signer(), SignerSetNonce: 1}, wantErr: types.ErrStaleAttestation,
		},
		{
			name: "older than the last", setup: func(f *fixture) { f.attestContract(1, 0, vals[0]) },
			msg: &types.MsgAttestContractState{Signer: vals[0].signer(), SignerSetNonce: 1, AdminNonce: 0}, wantErr: types.ErrStaleAttestation,
		},
		{name: "a set the chain never made", msg: &types.MsgAttestContractState{Signer: vals[0].signer(), SignerSetNonce: 5}, wantErr: types.ErrSignerSetNotFound},
		{name: "an admin nonce never made", msg: &types.MsgAttestContractState{Signer: vals[0].signer(), SignerSetNonce: 1, AdminNonce: 1}, wantErr: types.ErrAdminOpNotFound},
		{
			name: "not bonded", setup: func(f *fixture) { f.setPowers(0) },
			msg: &types.MsgAttestContractState{Signer: vals[0].signer(), SignerSetNonce: 1}, wantErr: types.ErrNotValidator,
		},
		{name: "not configured", setup: func(f *fixture) {
			p := f.params()
			p.ContractAddress = ""
			require.NoError(f.t, f.k.Params.Set(f.ctx, p))
		}, msg: &types.MsgAttestContractState{Signer: vals[0].signer(), SignerSetNonce: 1}, wantErr: types.ErrNotConfigured},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.block()
			if tc.setup != nil {
				tc.setup(f)
			}
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.AttestContractState(f.ctx, tc.msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}
