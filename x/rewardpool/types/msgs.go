package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

var (
	_ sdk.Msg = (*MsgFundPool)(nil)
	_ sdk.Msg = (*MsgUpdateParams)(nil)
)

// ValidateFundAmount checks that coin is a positive amount of nsesh.
func ValidateFundAmount(coin sdk.Coin) (math.Int, error) {
	if coin.Denom != Denom {
		return math.Int{}, errorsmod.Wrapf(ErrInvalidDenom, "the pool takes only %s, got %q", Denom, coin.Denom)
	}
	if coin.Amount.IsNil() || !coin.Amount.IsPositive() {
		return math.Int{}, errorsmod.Wrapf(ErrInvalidAmount, "amount must be positive, got %s", coin.Amount)
	}
	return coin.Amount, nil
}
