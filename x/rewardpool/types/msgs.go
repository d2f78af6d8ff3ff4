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

// ValidateBasic runs the stateless checks already in CheckTx, so malformed
// funding is refused before it reaches a block. The Msg server checks again.
func (m *MsgFundPool) ValidateBasic() error {
	if _, err := sdk.AccAddressFromBech32(m.Depositor); err != nil {
		return errorsmod.Wrapf(ErrInvalidAddress, "depositor %q: %s", m.Depositor, err)
	}
	_, err := ValidateFundAmount(m.Amount)
	return err
}

// ValidateBasic checks the authority's form and the params' ranges; whether
// the authority is the right one is the Msg server's check.
func (m *MsgUpdateParams) ValidateBasic() error {
	if _, err := sdk.AccAddressFromBech32(m.Authority); err != nil {
		return errorsmod.Wrapf(ErrInvalidAddress, "authority %q: %s", m.Authority, err)
	}
	return m.Params.Validate()
}
