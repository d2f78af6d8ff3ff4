package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/colls"
)

// addSignature stores val's signature sig of item nonce's digest under the
// key that made it. Signatures are kept per (item, EVM address) and never
// replaced: a validator that rotated its key signs with both, and the old
// key's signature still counts for the set the contract holds.
func (k *Keeper) addSignature(ctx context.Context, sigs itemSignatures, what string, nonce uint64, val sdk.ValAddress, digest common.Hash, sig []byte) (common.Address, error) {
	key, err := k.signingKey(ctx, val, digest, sig)
	if err != nil {
		return common.Address{}, errorsmod.Wrapf(err, "%s %d", what, nonce)
	}
	id := collections.Join(nonce, key.Hex())
	has, err := sigs.Has(ctx, id)
	if err != nil {
		return common.Address{}, err
	}
	if has {
		return common.Address{}, errorsmod.Wrapf(types.ErrAlreadySigned, "%s %d is signed by %s already", what, nonce, key.Hex())
	}
	return key, sigs.Set(ctx, id, types.ValidatorSignature{Validator: k.valString(val), EvmAddress: key.Hex(), Signature: sig})
}

// signaturesOf returns an item's signatures, by EVM address.
func signaturesOf(ctx context.Context, sigs itemSignatures, nonce uint64) ([]types.ValidatorSignature, error) {
	var out []types.ValidatorSignature
	err := sigs.Walk(ctx, collections.NewPrefixedPairRange[uint64, string](nonce),
		func(_ collections.Pair[uint64, string], s types.ValidatorSignature) (bool, error) {
			out = append(out, s)
			return false, nil
		})
	return out, err
}

// unsignedKeys returns those of keys that have not signed item nonce.
func unsignedKeys(ctx context.Context, sigs itemSignatures, nonce uint64, keys []string) ([]string, error) {
	var out []string
	for _, key := range keys {
		has, err := sigs.Has(ctx, collections.Join(nonce, key))
		if err != nil {
			return nil, err
		}
		if !has {
			out = append(out, key)
		}
	}
	return out, nil
}

// dropSignatures removes an item's signatures.
func dropSignatures(ctx context.Context, sigs itemSignatures, nonce uint64) error {
	return colls.RemoveRange(ctx, sigs, collections.NewPrefixedPairRange[uint64, string](nonce))
}

// recordDigest remembers a digest the chain made for signing: evidence of a
// signature over any other digest of this bridge slashes its signer.
func (k *Keeper) recordDigest(ctx context.Context, digest common.Hash) error {
	return k.ProducedDigests.Set(ctx, digest.Bytes())
}
