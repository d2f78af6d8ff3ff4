package keeper

import (
	"context"
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// passes reports whether signed is more than 2/3 of total.
func passes(signed, total math.Int) bool {
	return total.IsPositive() && signed.MulRaw(3).GT(total.MulRaw(2))
}

// validatorOf returns the validator whose operator account is addr: a
// validator's relayer signs with the operator key.
func (k *Keeper) validatorOf(field, addr string) (sdk.ValAddress, error) {
	bz, err := k.addressCodec.StringToBytes(addr)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q: %s", field, addr, err)
	}
	return sdk.ValAddress(bz), nil
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

// valString returns the validator's bech32 address, for messages and events.
func (k *Keeper) valString(val sdk.ValAddress) string {
	s, err := k.valAddressCodec.BytesToString(val)
	if err != nil {
		return fmt.Sprintf("%X", []byte(val))
	}
	return s
}
