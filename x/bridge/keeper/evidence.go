package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// submitEvidence slashes and jails the validator whose EVM key (current or
// past) signed, for this bridge, a digest the chain never produced: only
// the chain's batches, signer sets and admin operations may be signed, and
// a signature over anything else of this bridge's domain could release or
// hand over what the chain did not decide. Each (digest, key) is punished
// once. It returns the validator.
func (k *Keeper) submitEvidence(ctx context.Context, submitter string, item types.SignedItem, sig []byte) (string, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return "", err
	}
	bridgeID, err := k.bridgeID(params)
	if err != nil {
		return "", err
	}
	digest, err := item.Digest(bridgeID)
	if err != nil {
		return "", err
	}
	signer, err := types.RecoverSigner(digest, sig)
	if err != nil {
		return "", errorsmod.Wrap(types.ErrInvalidSignature, err.Error())
	}
	produced, err := k.ProducedDigests.Has(ctx, digest.Bytes())
	if err != nil {
		return "", err
	}
	if produced {
		return "", errorsmod.Wrapf(types.ErrInvalidEvidence, "the chain produced digest %s: signing it is the validators' duty", digest.Hex())
	}
	owner, err := k.KeyOwners.Get(ctx, signer.Hex())
	if errors.Is(err, collections.ErrNotFound) {
		return "", errorsmod.Wrapf(types.ErrInvalidEvidence, "signed by %s, which no validator registered", signer.Hex())
	}
	if err != nil {
		return "", err
	}
	evKey := append(digest.Bytes(), signer.Bytes()...)
	if done, err := k.SlashedEvidence.Has(ctx, evKey); err != nil {
		return "", err
	} else if done {
		return "", errorsmod.Wrapf(types.ErrInvalidEvidence, "%s was slashed for this signature already", owner.Validator)
	}
	val, err := k.valAddress(owner.Validator)
	if err != nil {
		return "", err
	}
	if err := k.slash(ctx, val, params.BadSignatureSlashFraction); err != nil {
		return "", errorsmod.Wrapf(types.ErrInvalidEvidence, "cannot slash %s: %s", owner.Validator, err)
	}
	if err := k.SlashedEvidence.Set(ctx, evKey); err != nil {
		return "", err
	}
	k.logger.Error("bridge: validator slashed for signing a digest the chain never produced",
		"validator", owner.Validator, "evm_address", signer.Hex(), "digest", digest.Hex())
	return owner.Validator, k.emit(ctx, &types.EventBadSignature{
		Validator: owner.Validator, EvmAddress: signer.Hex(), Digest: digest.Hex(), Submitter: submitter,
	})
}

// slash takes fraction of val's stake (by its tokens, so an unbonding
// validator pays too) and jails it if it is not jailed yet.
func (k *Keeper) slash(ctx context.Context, val sdk.ValAddress, fraction math.LegacyDec) error {
	v, err := k.stakingKeeper.GetValidator(ctx, val)
	if err != nil {
		return err
	}
	bz, err := v.GetConsAddr()
	if err != nil {
		return err
	}
	consAddr := sdk.ConsAddress(bz)
	if fraction.IsPositive() {
		power := v.ConsensusPower(k.stakingKeeper.PowerReduction(ctx))
		if err := k.slashingKeeper.Slash(ctx, consAddr, fraction, power, k.height(ctx)); err != nil {
			return err
		}
	}
	if v.IsJailed() {
		return nil
	}
	return k.slashingKeeper.Jail(ctx, consAddr)
}
