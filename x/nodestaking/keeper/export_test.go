package keeper

import (
	"context"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// GetParams exposes getParams to the tests of package keeper_test.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) { return k.getParams(ctx) }

// SaveNode exposes saveNode to the tests of package keeper_test.
func (k Keeper) SaveNode(ctx context.Context, was types.NodeStatus, node types.Node) error {
	return k.saveNode(ctx, was, node)
}
