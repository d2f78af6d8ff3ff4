// Package authority tells whether a message's authority is the one allowed
// to change a module: the chain-wide authority of the consensus params when
// governance set one (as the SDK's own modules honour it), otherwise the
// module's own (the gov account by default).
package authority

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Expected returns the authority a module with keeperAuthority accepts in
// ctx's block.
func Expected(ctx context.Context, keeperAuthority string) string {
	if cp := sdk.UnwrapSDKContext(ctx).ConsensusParams(); cp.Authority != nil && cp.Authority.Authority != "" {
		return cp.Authority.Authority
	}
	return keeperAuthority
}
