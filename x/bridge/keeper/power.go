package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
)

// passes reports whether signed is more than 2/3 of total.
func passes(signed, total math.Int) bool {
	return total.IsPositive() && signed.MulRaw(3).GT(total.MulRaw(2))
}

// accAddress decodes a message's account field.
func (k *Keeper) accAddress(field, addr string) (sdk.AccAddress, error) {
	return moduleutil.ParseAddress(k.addressCodec, types.ErrInvalidAddress, field, addr)
}

// validatorOfDelegate returns the validator whose registered delegate is
// signer: validators send their bridge messages from a delegate account,
// never from the operator account, whose key controls the stake.
func (k *Keeper) validatorOfDelegate(ctx context.Context, signer string) (sdk.ValAddress, error) {
	acc, err := k.accAddress("signer", signer)
	if err != nil {
		return nil, err
	}
	val, err := k.Delegates.Get(ctx, acc)
	if err == nil {
		return val, nil
	}
	if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	// Tell an operator that it needs a delegate, anyone else that it is
	// nobody's.
	if key, err := k.EvmKeys.Get(ctx, sdk.ValAddress(acc)); err == nil {
		return nil, errorsmod.Wrapf(types.ErrNotDelegate,
			"%s is the operator account of %s: bridge messages come from its delegate %q (register one with register-evm-key --delegate)",
			signer, key.Validator, key.Delegate)
	}
	power, err := k.stakingKeeper.GetLastValidatorPower(ctx, sdk.ValAddress(acc))
	if err != nil {
		return nil, err
	}
	if power > 0 {
		return nil, errorsmod.Wrapf(types.ErrNotDelegate,
			"%s is the operator account of a validator without an EVM key: register one (and a delegate) first", signer)
	}
	return nil, errorsmod.Wrapf(types.ErrNotValidator, "%s is no validator's delegate", signer)
}

// bondedPower returns the validator's power as of the last end of block, and
// refuses validators without any.
func (k *Keeper) bondedPower(ctx context.Context, val sdk.ValAddress) (int64, error) {
	power, err := k.stakingKeeper.GetLastValidatorPower(ctx, val)
	if err != nil {
		return 0, err
	}
	if power <= 0 {
		return 0, errorsmod.Wrapf(types.ErrNotValidator, "%s has no bonded power", k.valString(val))
	}
	return power, nil
}

// bondedDelegate resolves a delegate to its validator and requires the
// validator to be bonded: attestations count bonded power only.
func (k *Keeper) bondedDelegate(ctx context.Context, signer string) (sdk.ValAddress, error) {
	val, err := k.validatorOfDelegate(ctx, signer)
	if err != nil {
		return nil, err
	}
	if _, err := k.bondedPower(ctx, val); err != nil {
		return nil, err
	}
	return val, nil
}

// powerOf sums the last bonded power of the given validators and returns it
// with the total bonded power.
func (k *Keeper) powerOf(ctx context.Context, vals []sdk.ValAddress) (signed, total math.Int, err error) {
	signed = math.ZeroInt()
	for _, v := range vals {
		p, err := k.stakingKeeper.GetLastValidatorPower(ctx, v)
		if err != nil {
			return math.Int{}, math.Int{}, err
		}
		signed = signed.AddRaw(p)
	}
	total, err = k.stakingKeeper.GetLastTotalPower(ctx)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	return signed, total, nil
}

// bondedValidator is a validator with its last bonded power.
type bondedValidator struct {
	val   sdk.ValAddress
	power int64
}

// bondedValidators returns the validators with bonded power as of the last
// end of block, in the staking module's order (by operator address). The
// staking module bounds them (max_validators).
func (k *Keeper) bondedValidators(ctx context.Context) ([]bondedValidator, error) {
	var out []bondedValidator
	err := k.stakingKeeper.IterateLastValidatorPowers(ctx, func(val sdk.ValAddress, power int64) bool {
		if power > 0 {
			out = append(out, bondedValidator{val: val, power: power})
		}
		return false
	})
	return out, err
}

// valString returns the validator's bech32 address, for messages and events.
func (k *Keeper) valString(val sdk.ValAddress) string {
	s, err := k.valAddressCodec.BytesToString(val)
	if err != nil {
		return fmt.Sprintf("%X", []byte(val))
	}
	return s
}

// valAddress decodes a validator's bech32 address from state.
func (k *Keeper) valAddress(s string) (sdk.ValAddress, error) {
	bz, err := k.valAddressCodec.StringToBytes(s)
	if err != nil {
		return nil, fmt.Errorf("validator %q: %w", s, err)
	}
	return bz, nil
}
