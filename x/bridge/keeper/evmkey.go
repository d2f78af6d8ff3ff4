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

// registerEvmKey sets val's EVM key after checking the proof of possession.
func (k *Keeper) registerEvmKey(ctx context.Context, val sdk.ValAddress, evmAddress string, sig []byte) (string, error) {
	addr, err := types.ParseEvmAddress(evmAddress)
	if err != nil {
		return "", errorsmod.Wrap(types.ErrInvalidEvmAddress, err.Error())
	}
	valStr := k.valString(val)
	digest := types.EvmKeyDigest(k.headerService.GetHeaderInfo(ctx).ChainID, valStr)
	signer, err := types.RecoverSigner(digest, sig)
	if err != nil {
		return "", errorsmod.Wrap(types.ErrInvalidSignature, err.Error())
	}
	if signer != addr {
		return "", errorsmod.Wrapf(types.ErrInvalidSignature, "proof is signed by %s, not %s", signer.Hex(), addr.Hex())
	}
	owner, err := k.EvmKeys.Indexes.ByAddress.MatchExact(ctx, addr.Hex())
	switch {
	case err == nil && !owner.Equals(val):
		return "", errorsmod.Wrapf(types.ErrEvmKeyInUse, "%s belongs to %s", addr.Hex(), k.valString(owner))
	case err != nil && !errors.Is(err, collections.ErrNotFound):
		return "", err
	}
	if err := k.EvmKeys.Set(ctx, val, types.EvmKey{Validator: valStr, EvmAddress: addr.Hex()}); err != nil {
		return "", err
	}
	return addr.Hex(), nil
}

// signingKey returns the EVM address val signs transfers and signer sets
// with. Only a bonded validator can register one, so an account without a
// key and without bonded power is told it is not a validator rather than to
// register a key it cannot. A validator that has left the bonded set keeps
// signing with the key it has: the set the contract still holds needs its
// signature to hand over.
func (k *Keeper) signingKey(ctx context.Context, val sdk.ValAddress) (common.Address, error) {
	key, err := k.evmKey(ctx, val)
	if !errors.Is(err, types.ErrNoEvmKey) {
		return key, err
	}
	power, perr := k.stakingKeeper.GetLastValidatorPower(ctx, val)
	if perr != nil {
		return common.Address{}, perr
	}
	if power <= 0 {
		return common.Address{}, errorsmod.Wrapf(types.ErrNotValidator,
			"%s has no bonded power and no EVM key: only validators sign bridge messages", k.valString(val))
	}
	return common.Address{}, err
}

// evmKey returns val's registered EVM address.
func (k *Keeper) evmKey(ctx context.Context, val sdk.ValAddress) (common.Address, error) {
	key, err := k.EvmKeys.Get(ctx, val)
	if errors.Is(err, collections.ErrNotFound) {
		return common.Address{}, errorsmod.Wrapf(types.ErrNoEvmKey, "%s must register an EVM key first", k.valString(val))
	}
	if err != nil {
		return common.Address{}, err
	}
	return common.HexToAddress(key.EvmAddress), nil
}
