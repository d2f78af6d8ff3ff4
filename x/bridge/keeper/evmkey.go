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

// bridgeID returns the id that binds signatures to this chain and the
// configured contract, or ErrNotConfigured.
func (k *Keeper) bridgeID(ctx context.Context, params types.Params) (common.Hash, error) {
	if !params.Configured() {
		return common.Hash{}, errorsmod.Wrap(types.ErrNotConfigured, "governance has not set contract_address")
	}
	chainID := k.headerService.GetHeaderInfo(ctx).ChainID
	return types.BridgeID(params.EvmChainId, common.HexToAddress(params.ContractAddress), chainID), nil
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
