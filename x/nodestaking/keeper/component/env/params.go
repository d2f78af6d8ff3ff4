package env

import (
	"bytes"
	"context"
	"sync"

	collcodec "cosmossdk.io/collections/codec"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// paramsCache holds the params last decoded and the stored bytes they were
// decoded from. Every message of the module reads the params, and decoding
// them (a math.Int and a dozen durations) allocates on every read: about a
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

// GetParams returns the params, as Params.Get does.
func (e Env) GetParams(ctx context.Context) (types.Params, error) {
	raw, err := e.StoreService.OpenKVStore(ctx).Get(types.ParamsKey)
	if err != nil || raw == nil {
		// Let collections say what is wrong, in its words.
		return e.Params.Get(ctx)
	}
	e.cache.mu.Lock()
	defer e.cache.mu.Unlock()
	if e.cache.raw != nil && bytes.Equal(raw, e.cache.raw) {
		return e.cache.params, nil
	}
	params, err := e.cache.codec.Decode(raw)
	if err != nil {
		return types.Params{}, err
	}
	e.cache.raw, e.cache.params = bytes.Clone(raw), params
	return params, nil
}
