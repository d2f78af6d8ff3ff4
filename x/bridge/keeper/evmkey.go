package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// bridgeID returns the id that binds signatures to the configured contract,
// or ErrNotConfigured. It comes from the params alone (EVM chain, contract,
// bridge name), never from the chain id of the current block, so a chain
// that an export and import moved to another chain id signs for the same
// contract.
func (k *Keeper) bridgeID(params types.Params) (common.Hash, error) {
	if !params.Configured() {
		return common.Hash{}, errorsmod.Wrap(types.ErrNotConfigured, "governance has not set contract_address")
	}
	return params.BridgeID(), nil
}

// registerEvmKey sets val's EVM key and delegate after checking the proof of
// possession. A new key rotates: the old one keeps signing until the
// contract holds a signer set made after the rotation (it is the contract's
// set's key until then), and a validator rotates at most once per
// key_rotation_min_blocks and never while its previous key still signs.
func (k *Keeper) registerEvmKey(ctx context.Context, val sdk.ValAddress, msg *types.MsgRegisterEvmKey) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	addr, err := types.ParseEvmAddress(msg.EvmAddress)
	if err != nil {
		return errorsmod.Wrap(types.ErrInvalidEvmAddress, err.Error())
	}
	delegate, err := k.accAddress("delegate", msg.Delegate)
	if err != nil {
		return errorsmod.Wrap(types.ErrInvalidDelegate, err.Error())
	}
	valStr := k.valString(val)
	digest := types.EvmKeyDigest(k.headerService.GetHeaderInfo(ctx).ChainID, valStr, msg.Delegate)
	if err := checkSignature(digest, msg.Signature, addr); err != nil {
		return errorsmod.Wrap(err, "proof of possession")
	}
	if owner, err := k.KeyOwners.Get(ctx, addr.Hex()); err == nil && owner.Validator != valStr {
		return errorsmod.Wrapf(types.ErrEvmKeyInUse, "%s belongs to %s", addr.Hex(), owner.Validator)
	} else if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if other, err := k.Delegates.Get(ctx, delegate); err == nil && !other.Equals(val) {
		return errorsmod.Wrapf(types.ErrInvalidDelegate, "%s is the delegate of %s", msg.Delegate, k.valString(other))
	} else if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}

	current, err := k.EvmKeys.Get(ctx, val)
	hasKey := err == nil
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	height := k.height(ctx)
	next := types.EvmKey{Validator: valStr, EvmAddress: addr.Hex(), Delegate: msg.Delegate, RegisteredHeight: height}
	var retired string
	switch {
	case hasKey && current.EvmAddress == next.EvmAddress:
		if current.Delegate == next.Delegate {
			return nil // nothing changes
		}
		next.RegisteredHeight = current.RegisteredHeight // a new delegate alone is no rotation
	case hasKey:
		if err := k.rotate(ctx, params, current, height); err != nil {
			return err
		}
		retired = current.EvmAddress
	}
	if hasKey && current.Delegate != "" && current.Delegate != next.Delegate {
		old, err := k.accAddress("delegate", current.Delegate)
		if err != nil {
			return err
		}
		if err := k.Delegates.Remove(ctx, old); err != nil {
			return err
		}
	}
	if err := k.EvmKeys.Set(ctx, val, next); err != nil {
		return err
	}
	if err := k.Delegates.Set(ctx, delegate, val); err != nil {
		return err
	}
	if err := k.KeyOwners.Set(ctx, next.EvmAddress, types.KeyOwner{EvmAddress: next.EvmAddress, Validator: valStr}); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventEvmKeyRegistered{Validator: valStr, EvmAddress: next.EvmAddress, Delegate: next.Delegate, Retired: retired})
}

// rotate retires a validator's current key in favour of a new one, within
// the rate limits.
func (k *Keeper) rotate(ctx context.Context, params types.Params, current types.EvmKey, height int64) error {
	if pending, ok, err := k.retiredKeyOf(ctx, current.Validator); err != nil {
		return err
	} else if ok {
		return errorsmod.Wrapf(types.ErrRotationPending,
			"%s still signs for %s until the contract holds a signer set after %d; rotate again after that",
			pending.EvmAddress, current.Validator, pending.LastSetNonce)
	}
	if since := height - current.RegisteredHeight; since < int64(params.KeyRotationMinBlocks) { //nolint:gosec // a param of blocks
		return errorsmod.Wrapf(types.ErrRotationTooSoon, "the key of %s was registered %d blocks ago; rotating needs %d",
			current.Validator, since, params.KeyRotationMinBlocks)
	}
	latest, ok, err := k.latestSignerSet(ctx)
	if err != nil || !ok {
		return err // no set holds the old key: it need not sign
	}
	return k.RetiredKeys.Set(ctx, current.EvmAddress, types.RetiredKey{
		EvmAddress: current.EvmAddress, Validator: current.Validator, LastSetNonce: latest.Nonce,
	})
}

// retiredKeyOf returns the retired key of a validator that still signs, if
// any (at most one: a validator does not rotate again before it stops).
func (k *Keeper) retiredKeyOf(ctx context.Context, valStr string) (types.RetiredKey, bool, error) {
	var found types.RetiredKey
	var ok bool
	err := k.RetiredKeys.Walk(ctx, nil, func(_ string, r types.RetiredKey) (bool, error) {
		if r.Validator == valStr {
			found, ok = r, true
		}
		return ok, nil
	})
	return found, ok, err
}

// dropRetiredKeys stops the retired keys no set the contract may still
// move to holds: the contract holds set contractNonce, and sets below it
// are gone for good.
func (k *Keeper) dropRetiredKeys(ctx context.Context, contractNonce uint64) error {
	var done []types.RetiredKey
	err := k.RetiredKeys.Walk(ctx, nil, func(_ string, r types.RetiredKey) (bool, error) {
		if r.LastSetNonce < contractNonce {
			done = append(done, r)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, r := range done {
		if err := k.RetiredKeys.Remove(ctx, r.EvmAddress); err != nil {
			return err
		}
		if err := k.emit(ctx, &types.EventEvmKeyDropped{Validator: r.Validator, EvmAddress: r.EvmAddress}); err != nil {
			return err
		}
	}
	return nil
}

// signingKey recovers who signed digest with sig and checks that it is a
// key val signs with: its current key, or a retired key the contract may
// still hold. It returns the key's address.
func (k *Keeper) signingKey(ctx context.Context, val sdk.ValAddress, digest common.Hash, sig []byte) (common.Address, error) {
	signer, err := types.RecoverSigner(digest, sig)
	if err != nil {
		return common.Address{}, errorsmod.Wrap(types.ErrInvalidSignature, err.Error())
	}
	valStr := k.valString(val)
	owner, err := k.KeyOwners.Get(ctx, signer.Hex())
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return common.Address{}, errorsmod.Wrapf(types.ErrInvalidSignature, "signed by %s, which is not a key of %s (or not over this digest)", signer.Hex(), valStr)
	case err != nil:
		return common.Address{}, err
	case owner.Validator != valStr:
		return common.Address{}, errorsmod.Wrapf(types.ErrInvalidSignature, "signed by %s, a key of %s, not of %s", signer.Hex(), owner.Validator, valStr)
	}
	current, err := k.EvmKeys.Get(ctx, val)
	if err != nil {
		return common.Address{}, err
	}
	if current.EvmAddress == signer.Hex() {
		return signer, nil
	}
	if has, err := k.RetiredKeys.Has(ctx, signer.Hex()); err != nil || has {
		return signer, err
	}
	return common.Address{}, errorsmod.Wrapf(types.ErrInvalidSignature,
		"signed by %s, a key %s rotated away from that no signer set the contract may hold has any more", signer.Hex(), valStr)
}

// signingKeys returns the keys val signs with: its current key first, then
// a retired key that still signs.
func (k *Keeper) signingKeys(ctx context.Context, val sdk.ValAddress) ([]string, error) {
	key, err := k.EvmKeys.Get(ctx, val)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	keys := []string{key.EvmAddress}
	if r, ok, err := k.retiredKeyOf(ctx, key.Validator); err != nil {
		return nil, err
	} else if ok {
		keys = append(keys, r.EvmAddress)
	}
	return keys, nil
}

// checkSignature checks that key signed digest with sig.
func checkSignature(digest common.Hash, sig []byte, key common.Address) error {
	signer, err := types.RecoverSigner(digest, sig)
	if err != nil {
		return errorsmod.Wrap(types.ErrInvalidSignature, err.Error())
	}
	if signer != key {
		return errorsmod.Wrapf(types.ErrInvalidSignature, "signed by %s, not %s", signer.Hex(), key.Hex())
	}
	return nil
}
