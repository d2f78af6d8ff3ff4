package keeper

import (
	"bytes"
	"cmp"
	"context"
	"math/big"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// latestSignerSet returns the newest signer set, if any.
func (k *Keeper) latestSignerSet(ctx context.Context) (types.SignerSet, bool, error) {
	iter, err := k.SignerSets.Iterate(ctx, new(collections.Range[uint64]).Descending())
	if err != nil {
		return types.SignerSet{}, false, err
	}
	defer iter.Close()
	if !iter.Valid() {
		return types.SignerSet{}, false, nil
	}
	set, err := iter.Value()
	return set, err == nil, err
}

// candidateSignerSet is the signer set the bonded validators with EVM keys
// form now, sorted by EVM address as the contract requires.
func (k *Keeper) candidateSignerSet(ctx context.Context) ([]types.SignerSetMember, uint64, error) {
	var members []types.SignerSetMember
	var total uint64
	err := k.EvmKeys.Walk(ctx, nil, func(val sdk.ValAddress, key types.EvmKey) (bool, error) {
		power, err := k.stakingKeeper.GetLastValidatorPower(ctx, val)
		if err != nil {
			return true, err
		}
		if power > 0 {
			members = append(members, types.SignerSetMember{Validator: key.Validator, EvmAddress: key.EvmAddress, Power: uint64(power)})
			total += uint64(power)
		}
		return false, nil
	})
	if err != nil {
		return nil, 0, err
	}
	if len(members) > types.MaxSignerSetMembers {
		// The contract takes at most this many: keep the most powerful
		// (ties by address, so every node keeps the same ones).
		slices.SortFunc(members, func(a, b types.SignerSetMember) int {
			if a.Power != b.Power {
				return cmp.Compare(b.Power, a.Power)
			}
			return bytes.Compare(common.HexToAddress(a.EvmAddress).Bytes(), common.HexToAddress(b.EvmAddress).Bytes())
		})
		for _, m := range members[types.MaxSignerSetMembers:] {
			total -= m.Power
		}
		members = members[:types.MaxSignerSetMembers]
	}
	slices.SortFunc(members, func(a, b types.SignerSetMember) int {
		return bytes.Compare(common.HexToAddress(a.EvmAddress).Bytes(), common.HexToAddress(b.EvmAddress).Bytes())
	})
	return members, total, nil
}

// powerMoved reports whether the normalized power of the members moved by
// more than bps basis points between two sets with the same members:
// Σ |new_i/newTotal − old_i/oldTotal| > bps/10000, in integers.
func powerMoved(old, cur []types.SignerSetMember, oldTotal, curTotal uint64, bps uint32) bool {
	ot, ct := new(big.Int).SetUint64(oldTotal), new(big.Int).SetUint64(curTotal)
	diff := new(big.Int)
	for i := range cur {
		a := new(big.Int).Mul(new(big.Int).SetUint64(cur[i].Power), ot)
		b := new(big.Int).Mul(new(big.Int).SetUint64(old[i].Power), ct)
		diff.Add(diff, new(big.Int).Abs(a.Sub(a, b)))
	}
	lhs := diff.Mul(diff, big.NewInt(types.BasisPoints))
	rhs := new(big.Int).Mul(new(big.Int).Mul(ot, ct), big.NewInt(int64(bps)))
	return lhs.Cmp(rhs) > 0
}

// sameMembers reports whether two sets have the same validators and keys in the same order.
func sameMembers(a, b []types.SignerSetMember) bool {
	return slices.EqualFunc(a, b, func(x, y types.SignerSetMember) bool {
		return x.Validator == y.Validator && x.EvmAddress == y.EvmAddress
	})
}

// updateSignerSet makes a new signer set when the members changed or their
// power moved by more than the param, and re-checks the oldest pending
// transfers against it. It works on the validators with EVM keys only, which
// the staking module bounds.
func (k *Keeper) updateSignerSet(ctx context.Context, params types.Params) error {
	members, total, err := k.candidateSignerSet(ctx)
	if err != nil || len(members) == 0 {
		return err
	}
	latest, ok, err := k.latestSignerSet(ctx)
	if err != nil {
		return err
	}
	if ok && sameMembers(latest.Members, members) &&
		!powerMoved(latest.Members, members, latest.TotalPower, total, params.SignerSetChangeBps) {
		return nil
	}
	set := types.SignerSet{
		Nonce:      latest.Nonce + 1,
		Members:    members,
		TotalPower: total,
		Height:     k.headerService.GetHeaderInfo(ctx).Height,
	}
	if err := k.SignerSets.Set(ctx, set.Nonce, set); err != nil {
		return err
	}
	// At most MaxSignerSetMembers members, so the count fits.
	if err := k.emit(ctx, &types.EventSignerSetCreated{Nonce: set.Nonce, Members: uint32(len(members)), TotalPower: total}); err != nil { //nolint:gosec // bounded above
		return err
	}
	return k.refreshPending(ctx)
}

// refreshPending re-checks the oldest pending transfers against the latest
// signer set, which may count signatures already collected differently.
func (k *Keeper) refreshPending(ctx context.Context) error {
	var pending []uint64
	err := k.Transfers.Indexes.ByStatus.Walk(ctx,
		collections.NewPrefixedPairRange[int32, uint64](int32(types.TRANSFER_STATUS_PENDING)),
		func(_ int32, id uint64) (bool, error) {
			pending = append(pending, id)
			return len(pending) >= types.MaxPendingListed, nil
		})
	if err != nil {
		return err
	}
	for _, id := range pending {
		t, err := k.Transfers.Get(ctx, id)
		if err != nil {
			return err
		}
		if _, err := k.refreshReady(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// signSignerSet stores val's signature of the latest signer set. Validators
// sign every set so the set the contract holds can hand over to it.
func (k *Keeper) signSignerSet(ctx context.Context, val sdk.ValAddress, nonce uint64, sig []byte) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	bridgeID, err := k.bridgeID(params)
	if err != nil {
		return err
	}
	key, err := k.signingKey(ctx, val)
	if err != nil {
		return err
	}
	latest, ok, err := k.latestSignerSet(ctx)
	if err != nil {
		return err
	}
	if !ok || nonce > latest.Nonce {
		return errorsmod.Wrapf(types.ErrSignerSetNotFound, "no signer set %d", nonce)
	}
	if nonce != latest.Nonce {
		return errorsmod.Wrapf(types.ErrNotLatestSignerSet, "set %d is superseded by %d", nonce, latest.Nonce)
	}
	if err := k.requireUnsigned(ctx, k.SignerSetSignatures, collections.Join(nonce, val), key); err != nil {
		return errorsmod.Wrapf(err, "signer set %d", nonce)
	}
	addrs, powers := latest.EvmArgs()
	if err := checkSignature(types.SignerSetDigest(bridgeID, nonce, addrs, powers), sig, key); err != nil {
		return err
	}
	if err := k.SignerSetSignatures.Set(ctx, collections.Join(nonce, val),
		types.ValidatorSignature{Validator: k.valString(val), EvmAddress: key.Hex(), Signature: sig}); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventSignerSetSigned{Nonce: nonce, Validator: k.valString(val)})
}
