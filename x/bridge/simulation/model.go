package simulation

import (
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// contractModel is the EVM contract as the simulation models it: it holds
// the signer set the chain attested (or, before any attestation, the first
// set the chain kept, which it was deployed with) and takes whatever that
// set's members signed with more than 2/3 of its total power.
type contractModel struct {
	f     Factories
	state types.ContractState
	set   types.SignerSet
	power map[string]uint64
}

// model reads the model contract from the chain's state.
func (f Factories) model(ctx sdk.Context) (contractModel, error) {
	m := contractModel{f: f, power: map[string]uint64{}}
	state, err := f.k.ContractState.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return m, err
	}
	m.state = state
	nonce := state.SignerSetNonce
	if nonce == 0 {
		err := f.k.SignerSets.Walk(ctx, nil, func(n uint64, _ types.SignerSet) (bool, error) {
			nonce = n
			return true, nil
		})
		if err != nil || nonce == 0 {
			return m, err
		}
	}
	if m.set, err = f.k.SignerSets.Get(ctx, nonce); err != nil {
		return m, err
	}
	for _, mem := range m.set.Members {
		m.power[mem.EvmAddress] = mem.Power
	}
	return m, nil
}

// passes reports whether sigs by the contract set's members hold more than
// 2/3 of its total power.
func (m contractModel) passes(sigs []types.ValidatorSignature) bool {
	var power uint64
	for _, s := range sigs {
		power += m.power[s.EvmAddress]
	}
	return types.Covers(power, m.set.TotalPower)
}

// outcome is what the model contract made of a batch: executed once its
// set signed enough of it, expired when the block time is past the
// deadline unsigned, nothing yet otherwise.
func (m contractModel) outcome(ctx sdk.Context, b types.Batch) (types.BatchOutcome, error) {
	res, err := m.f.q.Batch(ctx, &types.QueryBatchRequest{Nonce: b.Nonce})
	if err != nil {
		return 0, err
	}
	switch {
	case m.passes(res.Signatures):
		return types.BATCH_OUTCOME_EXECUTED, nil
	case uint64(max(ctx.BlockTime().Unix(), 0)) > b.Deadline: //nolint:gosec // not negative
		return types.BATCH_OUTCOME_EXPIRED, nil
	}
	return types.BATCH_OUTCOME_UNSPECIFIED, nil
}

// advance is the signer set and admin nonce the model contract moves to:
// the newest kept set its set signed enough of, and the admin operations in
// order while each is signed enough.
func (m contractModel) advance(ctx sdk.Context) (uint64, uint64, error) {
	setNonce := m.set.Nonce
	var sets []uint64
	err := m.f.k.SignerSets.Walk(ctx, new(collections.Range[uint64]).StartExclusive(setNonce).Descending(),
		func(n uint64, _ types.SignerSet) (bool, error) {
			sets = append(sets, n)
			return false, nil
		})
	if err != nil {
		return 0, 0, err
	}
	for _, n := range sets {
		res, err := m.f.q.SignerSet(ctx, &types.QuerySignerSetRequest{Nonce: n})
		if err != nil {
			return 0, 0, err
		}
		if m.passes(res.Signatures) {
			setNonce = n
			break
		}
	}
	ops, err := m.f.q.AdminOps(ctx, &types.QueryAdminOpsRequest{})
	if err != nil {
		return 0, 0, err
	}
	adminNonce := m.state.AdminNonce
	for _, op := range ops.Ops {
		if op.Op.Nonce != adminNonce+1 || !m.passes(op.Signatures) {
			break
		}
		adminNonce++
	}
	return setNonce, adminNonce, nil
}
