package keeper

import (
	"bytes"
	"context"
	"sync"

	collcodec "cosmossdk.io/collections/codec"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// paramsCache holds the params last decoded and the stored bytes they were
// decoded from. Every message of the module reads the params, and decoding
// them (a math.Int and seven durations) allocates on every read: about a
// tenth of what an uptime proof allocates. The cache is keyed by the exact
// stored bytes, so it returns what a decode of the current state would,
// in every branch of the state; the store read (and its gas) is the same
// as collections' Item.Get. It is shared by the copies of the keeper and
// guarded for the queries that run beside the block.
type paramsCache struct {
	codec  collcodec.ValueCodec[types.Params] // the Params item's
	mu     sync.Mutex
	raw    []byte
	params types.Params
}

// getParams returns the params, as Params.Get does.
func (k Keeper) getParams(ctx context.Context) (types.Params, error) {
	raw, err := k.storeService.OpenKVStore(ctx).Get(types.ParamsKey)
	if err != nil || raw == nil {
		// Let collections say what is wrong, in its words.
		return k.Params.Get(ctx)
	}
	k.paramsCache.mu.Lock()
	defer k.paramsCache.mu.Unlock()
	if k.paramsCache.raw != nil && bytes.Equal(raw, k.paramsCache.raw) {
		return k.paramsCache.params, nil
	}
	params, err := k.paramsCache.codec.Decode(raw)
	if err != nil {
		return types.Params{}, err
	}
	k.paramsCache.raw, k.paramsCache.params = bytes.Clone(raw), params
	return params, nil
}
