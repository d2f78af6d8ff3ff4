package liveness

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Record returns a node's liveness record, and whether it has one: a node
// has one from its activation until it is removed.
func (k *Keeper) Record(ctx context.Context, pubkey string) (types.LivenessRecord, bool, error) {
	rec, err := k.Records.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return rec, false, nil
	}
	return rec, err == nil, err
}

// record returns a node's liveness record, which it must have.
func (k *Keeper) record(ctx context.Context, pubkey string) (types.LivenessRecord, error) {
	rec, err := k.Records.Get(ctx, pubkey)
	if errors.Is(err, collections.ErrNotFound) {
		return rec, errors.New("node " + pubkey + " has no liveness record")
	}
	return rec, err
}

// proofDeadline is when an active node that sends no proof is reported.
func proofDeadline(rec types.LivenessRecord, params types.Params) time.Time {
	return rec.LastProofAt.Add(params.UptimeProofTimeout)
}

// creditRunsOut is when a decommissioned node's credit is gone.
func creditRunsOut(rec types.LivenessRecord) time.Time {
	return rec.CreditAt.Add(rec.Credit)
}
