package env

import (
	"context"
	"time"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
)

// Queue orders nodes by a time (unix nanoseconds first, so iteration goes by
// time): exits, proof deadlines, credit exhaustion. EndBlock reads only the
// due head.
type Queue = collections.KeySet[collections.Pair[int64, string]]

// QueueKey is a node's key in a time-ordered queue.
func QueueKey(t time.Time, pubkey string) collections.Pair[int64, string] {
	return collections.Join(t.UnixNano(), pubkey)
}

// NewQueue declares a time-ordered queue of node keys on sb.
func NewQueue(sb *collections.SchemaBuilder, prefix collections.Prefix, name string) Queue {
	return collections.NewKeySet(sb, prefix, name, collections.PairKeyCodec(collections.Int64Key, collections.StringKey))
}

// Due returns the keys of a time-ordered queue due at now, earliest first,
// at most limit() of them. When nothing is due it reads nothing else (limit
// is not called): the common block costs one empty range read.
func Due(ctx context.Context, queue Queue, now time.Time, limit func() (uint32, error)) ([]collections.Pair[int64, string], error) {
	it, err := queue.Iterate(ctx, collections.NewPrefixUntilPairRange[int64, string](now.UnixNano()))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	if !it.Valid() {
		return nil, nil
	}
	n, err := limit()
	if err != nil {
		return nil, err
	}
	var due []collections.Pair[int64, string]
	for ; it.Valid() && len(due) < int(n); it.Next() {
		key, err := it.Key()
		if err != nil {
			return nil, err
		}
		due = append(due, key)
	}
	return due, nil
}

// RunDue runs fn on each key of queue due at now, at most limit() of them
// as Due reads them, each in a branch of the state: a key whose fn fails
// leaves nothing of it, is logged as a failed what, and stays due for the
// next block. One key's failure never fails the block.
func (e Env) RunDue(ctx context.Context, queue Queue, now time.Time, limit func() (uint32, error), what string,
	fn func(context.Context, collections.Pair[int64, string]) error,
) error {
	due, err := Due(ctx, queue, now, limit)
	if err != nil {
		return err
	}
	for _, key := range due {
		if err := branch.Run(ctx, func(ctx context.Context) error { return fn(ctx, key) }); err != nil {
			e.Logger.Error(what+" failed; retrying next block", "node", key.K2(), "err", err)
		}
	}
	return nil
}
