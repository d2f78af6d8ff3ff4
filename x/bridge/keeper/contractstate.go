package keeper

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/colls"
)

// contractState returns what the contract holds as attested (zero before
// the first attestation).
func (k *Keeper) contractState(ctx context.Context) (types.ContractState, error) {
	s, err := k.ContractState.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ContractState{}, nil
	}
	return s, err
}

// attestContractState records val's report of the contract's signer-set
// and admin nonces at a final EVM block and moves the chain's record of
// the contract forward as far as more than 2/3 of the bonded power has
// seen it. Both nonces only grow on the contract, so a report counts for
// every nonce up to its own.
func (k *Keeper) attestContractState(ctx context.Context, val sdk.ValAddress, setNonce, adminNonce uint64) error {
	prev, err := k.ContractStateVotes.Get(ctx, val)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if setNonce < prev.SignerSetNonce || adminNonce < prev.AdminNonce ||
		setNonce == prev.SignerSetNonce && adminNonce == prev.AdminNonce {
		return errorsmod.Wrapf(types.ErrStaleAttestation, "%s attested signer set %d and admin nonce %d already; both only grow",
			k.valString(val), prev.SignerSetNonce, prev.AdminNonce)
	}
	if _, err := k.SignerSets.Get(ctx, setNonce); errors.Is(err, collections.ErrNotFound) {
		return errorsmod.Wrapf(types.ErrSignerSetNotFound, "the chain keeps no signer set %d: the contract cannot hold it", setNonce)
	} else if err != nil {
		return err
	}
	nextAdmin, err := k.NextAdminNonce.Peek(ctx)
	if err != nil {
		return err
	}
	if adminNonce >= max(nextAdmin, 1) {
		return errorsmod.Wrapf(types.ErrAdminOpNotFound, "the chain made no admin operation %d", adminNonce)
	}
	vote := types.ContractState{SignerSetNonce: setNonce, AdminNonce: adminNonce, UpdatedHeight: k.height(ctx)}
	if err := k.ContractStateVotes.Set(ctx, val, vote); err != nil {
		return err
	}
	if err := k.emit(ctx, &types.EventContractStateAttested{Validator: k.valString(val), SignerSetNonce: setNonce, AdminNonce: adminNonce}); err != nil {
		return err
	}
	return k.tallyContractState(ctx)
}

// nonceVote is one validator's attested nonce with its power.
type nonceVote struct {
	nonce uint64
	power int64
}

// passedNonce is the largest nonce that validators holding more than 2/3 of
// total attested at least: the contract holds it, as a nonce only grows.
func passedNonce(votes []nonceVote, total math.Int) uint64 {
	slices.SortStableFunc(votes, func(a, b nonceVote) int { return cmp.Compare(b.nonce, a.nonce) })
	signed := math.ZeroInt()
	for _, v := range votes {
		signed = signed.AddRaw(v.power)
		if passes(signed, total) {
			return v.nonce
		}
	}
	return 0
}

// tallyContractState moves the recorded contract state to what more than
// 2/3 of the bonded power attested, and cleans up behind it: retired keys
// no set ahead holds stop signing, older signer sets and executed admin
// operations go. Its work grows with the validators that ever attested,
// which staking bounds.
func (k *Keeper) tallyContractState(ctx context.Context) error {
	var sets, admins []nonceVote
	err := k.ContractStateVotes.Walk(ctx, nil, func(val sdk.ValAddress, v types.ContractState) (bool, error) {
		power, err := k.stakingKeeper.GetLastValidatorPower(ctx, val)
		if err != nil || power <= 0 {
			return err != nil, err
		}
		sets = append(sets, nonceVote{nonce: v.SignerSetNonce, power: power})
		admins = append(admins, nonceVote{nonce: v.AdminNonce, power: power})
		return false, nil
	})
	if err != nil {
		return err
	}
	total, err := k.stakingKeeper.GetLastTotalPower(ctx)
	if err != nil {
		return err
	}
	state, err := k.contractState(ctx)
	if err != nil {
		return err
	}
	setNonce, adminNonce := passedNonce(sets, total), passedNonce(admins, total)
	if setNonce <= state.SignerSetNonce && adminNonce <= state.AdminNonce {
		return nil
	}
	if setNonce > state.SignerSetNonce {
		state.SignerSetNonce = setNonce
		if err := k.dropRetiredKeys(ctx, setNonce); err != nil {
			return err
		}
		if err := k.pruneSignerSets(ctx, setNonce); err != nil {
			return err
		}
	}
	if adminNonce > state.AdminNonce {
		state.AdminNonce = adminNonce
		if err := k.pruneAdminOps(ctx, adminNonce); err != nil {
			return err
		}
	}
	state.UpdatedHeight = k.height(ctx)
	if err := k.ContractState.Set(ctx, state); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventContractStateUpdated{State: state})
}

// pruneAdminOps removes the admin operations the contract executed (nonce up
// to adminNonce), with their signatures.
func (k *Keeper) pruneAdminOps(ctx context.Context, adminNonce uint64) error {
	var done []uint64
	err := k.AdminOps.Walk(ctx, new(collections.Range[uint64]).EndInclusive(adminNonce), func(nonce uint64, _ types.AdminOp) (bool, error) {
		done = append(done, nonce)
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, nonce := range done {
		if err := k.AdminOps.Remove(ctx, nonce); err != nil {
			return err
		}
		if err := colls.RemoveRange(ctx, k.AdminOpSignatures, collections.NewPrefixedPairRange[uint64, string](nonce)); err != nil {
			return err
		}
	}
	return nil
}
