package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidateBasic leaves the signer's address alone: the SDK decodes it
// (GetSigners) before a message reaches any of this, in CheckTx and on every
// path to the Msg server, and the Msg server decodes it again for its own
// use. Decoding it here as well (with sdk.AccAddressFromBech32, which reads
// the SDK's global config twice) cost about 6% of a block of these messages,
// ValidateBasic running three times per message.

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
	_, err := ValidateFundAmount(m.Amount)
	return err
}

// ValidateBasic checks the params' ranges; whether the authority is the
// right one is the Msg server's check.
func (m *MsgUpdateParams) ValidateBasic() error {
	return m.Params.Validate()
}
