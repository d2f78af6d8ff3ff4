package issuer

import (
	"context"
	"time"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Chain gives snapshots of the chain's x/pro state the issuer may trust.
type Chain interface {
	Snapshot(ctx context.Context) (Snapshot, error)
}

// Snapshot is the x/pro state at one trusted header.
type Snapshot interface {
	// Time of the header, and Height of the state read.
	Time() time.Time
	Height() int64
	Params(ctx context.Context) (types.Params, error)
	Subscription(ctx context.Context, sessionKey string) (types.Subscription, bool, error)
	IssuerKey(ctx context.Context, pubkey string) (types.IssuerKey, bool, error)
	// Revocations returns the entries recorded within retention of Time,
	// in ticket order, and the latest ticket.
	Revocations(ctx context.Context, retention time.Duration) ([]types.Revocation, uint64, error)
}
