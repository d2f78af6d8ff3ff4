package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// GetParams exposes the cached params read to the tests of package keeper_test.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) { return k.env.GetParams(ctx) }
