package moduleutil

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ParseAddress decodes a message's account field, or fails with the
// module's invalid-address error naming the field and its value.
func ParseAddress(codec address.Codec, errInvalid *errorsmod.Error, field, s string) (sdk.AccAddress, error) {
	bz, err := codec.StringToBytes(s)
	if err != nil {
		return nil, errorsmod.Wrapf(errInvalid, "%s %q: %s", field, s, err)
	}
	return bz, nil
}
