package keeper

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"math/big"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"github.com/ethereum/go-ethereum/common"

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

// candidate is the signer set the bonded validators form now.
type candidate struct {
	members []types.SignerSetMember
	absent  []string
	total   uint64
}

// memberPower is the power of the candidate's members.
func (c candidate) memberPower() uint64 { return types.SignerSet{Members: c.members}.MemberPower() }

// candidateSignerSet is the signer set the bonded validators form now: the
// validators with EVM keys (the 256 most powerful) as members, sorted by
// EVM address as the contract requires, and the total bonded power, of
// which the others (absent) count as not signing. Its work grows with the
// bonded validators, which the staking module bounds.
func (k *Keeper) candidateSignerSet(ctx context.Context) (candidate, error) {
	bonded, err := k.bondedValidators(ctx)
	if err != nil {
		return candidate{}, err
	}
	var c candidate
	for _, b := range bonded {
		c.total += uint64(b.power) //nolint:gosec // bonded power is positive
		key, err := k.EvmKeys.Get(ctx, b.val)
		switch {
		case errors.Is(err, collections.ErrNotFound):
			c.absent = append(c.absent, k.valString(b.val))
			continue
		case err != nil:
			return candidate{}, err
		}
		c.members = append(c.members, types.SignerSetMember{Validator: key.Validator, EvmAddress: key.EvmAddress, Power: uint64(b.power)}) //nolint:gosec // positive
	}
	if len(c.members) > types.MaxSignerSetMembers {
		// The contract takes at most this many: keep the most powerful
		// (ties by address, so every node keeps the same ones); the rest
		// count as absent.
		slices.SortFunc(c.members, func(a, b types.SignerSetMember) int {
			if a.Power != b.Power {
				return cmp.Compare(b.Power, a.Power)
			}
			return bytes.Compare(common.HexToAddress(a.EvmAddress).Bytes(), common.HexToAddress(b.EvmAddress).Bytes())
		})
		for _, m := range c.members[types.MaxSignerSetMembers:] {
			c.absent = append(c.absent, m.Validator)
		}
		c.members = c.members[:types.MaxSignerSetMembers]
		slices.Sort(c.absent)
	}
	slices.SortFunc(c.members, func(a, b types.SignerSetMember) int {
		return bytes.Compare(common.HexToAddress(a.EvmAddress).Bytes(), common.HexToAddress(b.EvmAddress).Bytes())
	})
	return c, nil
}

// powerMoved reports whether the normalized power moved by more than bps
// basis points between two sets with the same members: Σ |new_i/newTotal −
// old_i/oldTotal| > bps/10000, the absent power counted as one more share,
// in integers.
func powerMoved(old types.SignerSet, cur candidate, bps uint32) bool {
	ot, ct := new(big.Int).SetUint64(old.TotalPower), new(big.Int).SetUint64(cur.total)
	diff := new(big.Int)
	add := func(curPower, oldPower uint64) {
		a := new(big.Int).Mul(new(big.Int).SetUint64(curPower), ot)
		b := new(big.Int).Mul(new(big.Int).SetUint64(oldPower), ct)
		diff.Add(diff, new(big.Int).Abs(a.Sub(a, b)))
	}
	for i := range cur.members {
		add(cur.members[i].Power, old.Members[i].Power)
	}
	add(cur.total-cur.memberPower(), old.TotalPower-old.MemberPower())
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
// power moved by more than the param, at most once per
// signer_set_min_blocks, and only when its members hold more than 2/3 of
// the bonded power: a set whose members cannot sign for the contract is
// never made.
func (k *Keeper) updateSignerSet(ctx context.Context, params types.Params) error {
	c, err := k.candidateSignerSet(ctx)
	if err != nil || len(c.members) == 0 || !types.Covers(c.memberPower(), c.total) {
		return err
	}
	latest, ok, err := k.latestSignerSet(ctx)
	if err != nil {
		return err
	}
	height := k.height(ctx)
	if ok {
		if height-latest.Height < int64(params.SignerSetMinBlocks) { //nolint:gosec // a param of blocks
			return nil
		}
		if sameMembers(latest.Members, c.members) && !powerMoved(latest, c, params.SignerSetChangeBps) {
			return nil
		}
	}
	set := types.SignerSet{Nonce: latest.Nonce + 1, Members: c.members, TotalPower: c.total, Height: height, Absent: c.absent}
	if err := k.SignerSets.Set(ctx, set.Nonce, set); err != nil {
		return err
	}
	if params.Configured() {
		if err := k.recordDigest(ctx, set.Digest(params.BridgeID())); err != nil {
			return err
		}
	}
	if err := k.scheduleLiveness(ctx, params, livenessSignerSet, set.Nonce); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventSignerSetCreated{
		Nonce: set.Nonce, Members: uint32(len(set.Members)), TotalPower: set.TotalPower, MemberPower: set.MemberPower(), //nolint:gosec // at most 256
	})
}

// contractSetNonce is the signer set the contract holds, as attested (0
// before the first attestation).
func (k *Keeper) contractSetNonce(ctx context.Context) (uint64, error) {
	s, err := k.contractState(ctx)
	return s.SignerSetNonce, err
}

// signSignerSet stores a signature of a signer set newer than the
// contract's by one of val's keys. Any such set may be signed, not only the
// latest: the contract can move to any of them, and a set signed a block
// late still counts.
func (k *Keeper) signSignerSet(ctx context.Context, val []byte, nonce uint64, sig []byte) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	bridgeID, err := k.bridgeID(params)
	if err != nil {
		return err
	}
	set, err := k.SignerSets.Get(ctx, nonce)
	if errors.Is(err, collections.ErrNotFound) {
		return errorsmod.Wrapf(types.ErrSignerSetNotFound, "no signer set %d", nonce)
	}
	if err != nil {
		return err
	}
	contract, err := k.contractSetNonce(ctx)
	if err != nil {
		return err
	}
	if nonce <= contract {
		return errorsmod.Wrapf(types.ErrSignerSetNotSignable, "the contract holds signer set %d already; set %d can never be handed to it", contract, nonce)
	}
	key, err := k.addSignature(ctx, k.SignerSetSignatures, "signer set", nonce, val, set.Digest(bridgeID), sig)
	if err != nil {
		return err
	}
	return k.emit(ctx, &types.EventSignerSetSigned{Nonce: nonce, Validator: k.valString(val), EvmAddress: key.Hex()})
}

// pruneSignerSets removes the sets below the one the contract holds whose
// signing window was checked, with their signatures: the contract can
// never move back to them.
func (k *Keeper) pruneSignerSets(ctx context.Context, contractNonce uint64) error {
	var done []uint64
	err := k.SignerSets.Walk(ctx, new(collections.Range[uint64]).EndExclusive(contractNonce),
		func(nonce uint64, s types.SignerSet) (bool, error) {
			if s.LivenessChecked {
				done = append(done, nonce)
			}
			return false, nil
		})
	if err != nil {
		return err
	}
	for _, nonce := range done {
		if err := k.SignerSets.Remove(ctx, nonce); err != nil {
			return err
		}
		if err := dropSignatures(ctx, k.SignerSetSignatures, nonce); err != nil {
			return err
		}
	}
	return nil
}

// recordSignerSetDigests records the digests of the signer sets kept when a
// contract is first named: sets made before had no bridge id to sign for.
func (k *Keeper) recordSignerSetDigests(ctx context.Context, params types.Params) error {
	var sets []types.SignerSet
	if err := k.SignerSets.Walk(ctx, nil, func(_ uint64, s types.SignerSet) (bool, error) {
		sets = append(sets, s)
		return false, nil
	}); err != nil {
		return err
	}
	for _, s := range sets {
		if err := k.recordDigest(ctx, s.Digest(params.BridgeID())); err != nil {
			return err
		}
	}
	return nil
}
