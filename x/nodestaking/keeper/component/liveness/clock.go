package liveness

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Now is the liveness clock: block time less every halt of the chain (a gap
// between two blocks longer than halt_threshold). Proof deadlines, credit
// and decommission times run on it, so a halt moves every one of them on by
// its length at once, without touching a record: a node has after a
// restart the time it had left before the halt, and no node fails for
// blocks that were never made. Testing periods, exits and withdrawals keep
// block time.
func (k *Keeper) Now(ctx context.Context) (time.Time, error) {
	c, err := k.HaltClock.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return k.env.Now(ctx), nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return k.env.Now(ctx).Add(-c.Halted), nil
}

// tickClock counts a gap since the previous block longer than
// halt_threshold (unless it is 0: off) as a halt: the liveness clock stands
// still over it. It writes one small record a block.
func (k *Keeper) tickClock(ctx context.Context, params types.Params) error {
	now := k.env.Now(ctx)
	c, err := k.HaltClock.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		c = types.LivenessClock{LastBlockTime: now}
	case err != nil:
		return err
	}
	if gap := now.Sub(c.LastBlockTime); params.HaltThreshold > 0 && gap > params.HaltThreshold {
		c.Halted += gap
		k.env.Logger.Info("chain halt: liveness deadlines move on by the gap", "gap", gap, "halted_total", c.Halted)
		if err := k.env.Emit(ctx, &types.EventChainHalt{Gap: gap, Halted: c.Halted}); err != nil {
			return err
		}
	}
	c.LastBlockTime = now
	return k.HaltClock.Set(ctx, c)
}

// blockTime converts t on the liveness clock, which reads now, to block
// time, for messages: exact for times since the last halt.
func (k *Keeper) blockTime(ctx context.Context, now, t time.Time) time.Time {
	return t.Add(k.env.Now(ctx).Sub(now))
}
