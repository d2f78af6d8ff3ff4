// Package authority tells whether a message's authority is the one allowed
// to change a module: the chain-wide authority of the consensus params when
// governance set one (as the SDK's own modules honour it), otherwise the
// module's own (the gov account by default).
package authority

import (
	"context"
	"fmt"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
)

// Expected returns the authority a module with keeperAuthority accepts in
// ctx's block.
func Expected(ctx context.Context, keeperAuthority string) string {
	if cp := sdk.UnwrapSDKContext(ctx).ConsensusParams(); cp.Authority != nil && cp.Authority.Authority != "" {
		return cp.Authority.Authority
	}
	return keeperAuthority
}

// FromConfig returns the authority a module's app config names, as an
// address string: a module name (its module account) or an address, and the
// gov module account when the config leaves it empty.
func FromConfig(codec address.Codec, configured string) (string, error) {
	addr := authtypes.NewModuleAddress(govtypes.ModuleName)
	if configured != "" {
		addr = authtypes.NewModuleAddressOrBech32Address(configured)
	}
	s, err := codec.BytesToString(addr)
	if err != nil {
		return "", fmt.Errorf("authority %q: %w", configured, err)
	}
	return s, nil
}

// Check returns errInvalid, wrapped with the authority expected and the one
// given, unless got is the authority a module with keeperAuthority accepts
// in ctx's block.
func Check(ctx context.Context, keeperAuthority, got string, errInvalid *errorsmod.Error) error {
	if want := Expected(ctx, keeperAuthority); got != want {
		return errorsmod.Wrapf(errInvalid, "expected %s, got %s", want, got)
	}
	return nil
}
