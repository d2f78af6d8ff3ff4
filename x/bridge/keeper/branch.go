package keeper

import (
	"context"
	"fmt"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
)

// feeCollector is the module account that collects transaction fees; the
// validators share what it holds.
const feeCollector = authtypes.FeeCollectorName

// inBranch runs fn in a branch of the state that is written only if fn
// succeeds. A panic in fn (x/bank panics on an overflowing supply) is an
// error here: the end of a block calls this on amounts users chose, and
// must neither halt nor keep half of fn's writes.
func (k *Keeper) inBranch(ctx context.Context, fn func(context.Context) error) error {
	return branch.Run(ctx, func(ctx context.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("recovered: %v", r)
			}
		}()
		return fn(ctx)
	})
}
