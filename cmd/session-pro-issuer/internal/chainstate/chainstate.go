// Package chainstate reads the Session Pro state the issuer signs from, out
// of the chain's x/pro store: every value with its Merkle proof, checked
// against one trusted header per snapshot (client/lightquery).
package chainstate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	gogoproto "github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"

	"github.com/sessiontoken/sessionchain/client/lightquery"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// ErrStale is returned when the latest trusted header is older than the
// configured maximum age: the node (or the chain) is not keeping up, and
// state that old could miss a revocation.
var ErrStale = errors.New("chain state too old")

// Reader reads x/pro's state at trusted headers. It keeps one snapshot for
// a short time, and the revocation list entries it verified (they never
// change once written).
type Reader struct {
	headers lightquery.Headers
	values  *lightquery.Reader
	cdc     codec.Codec
	maxAge  time.Duration
	ttl     time.Duration
	now     func() time.Time

	mu       sync.Mutex
	snapshot *Snapshot
	takenAt  time.Time

	revMu  sync.Mutex
	rev    map[uint64]types.Revocation
	revMax uint64
}

// New returns a reader of the values node gives, checked against headers.
func New(headers lightquery.Headers, node lightquery.Querier, maxAge, ttl time.Duration) *Reader {
	return &Reader{
		headers: headers,
		values:  lightquery.NewReader(node),
		cdc:     codec.NewProtoCodec(codectypes.NewInterfaceRegistry()),
		maxAge:  maxAge,
		ttl:     ttl,
		now:     time.Now,
		rev:     map[uint64]types.Revocation{},
	}
}

// Snapshot is the chain's state at one trusted header.
type Snapshot struct {
	// Header is the trusted header; the state read is at its height - 1.
	Header lightquery.Header
	r      *Reader
}

// Snapshot returns the state at the latest trusted header, taking a new
// header when the last one is older than the TTL. A header older than the
// maximum age fails with ErrStale.
func (r *Reader) Snapshot(ctx context.Context) (*Snapshot, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if r.snapshot != nil && now.Sub(r.takenAt) < r.ttl {
		return r.snapshot, nil
	}
	h, err := r.headers.Latest(ctx)
	if err != nil {
		return nil, err
	}
	if age := now.Sub(h.Time); age > r.maxAge {
		return nil, fmt.Errorf("%w: the latest trusted header (height %d) is %s old, more than %s", ErrStale, h.Height, age.Round(time.Second), r.maxAge)
	}
	r.snapshot, r.takenAt = &Snapshot{Header: h, r: r}, now
	return r.snapshot, nil
}

// get reads and decodes one proven value.
func (s *Snapshot) get(ctx context.Context, key []byte, into gogoproto.Message) (bool, error) {
	bz, found, err := s.r.values.Get(ctx, s.Header, types.StoreKey, key)
	if err != nil || !found {
		return false, err
	}
	if err := s.r.cdc.Unmarshal(bz, into); err != nil {
		return false, fmt.Errorf("decode %T: %w", into, err)
	}
	return true, nil
}

// Params returns x/pro's params.
func (s *Snapshot) Params(ctx context.Context) (types.Params, error) {
	var p types.Params
	found, err := s.get(ctx, types.ParamsStoreKey(), &p)
	if err == nil && !found {
		err = errors.New("the chain has no x/pro params")
	}
	return p, err
}

// Subscription returns a Session key's subscription (canonical hex).
func (s *Snapshot) Subscription(ctx context.Context, sessionKey string) (types.Subscription, bool, error) {
	var sub types.Subscription
	key, err := types.SubscriptionStoreKey(sessionKey)
	if err != nil {
		return sub, false, err
	}
	found, err := s.get(ctx, key, &sub)
	return sub, found, err
}

// IssuerKey returns a registered issuer key (lowercase hex).
func (s *Snapshot) IssuerKey(ctx context.Context, pubkey string) (types.IssuerKey, bool, error) {
	var k types.IssuerKey
	key, err := types.IssuerKeyStoreKey(pubkey)
	if err != nil {
		return k, false, err
	}
	found, err := s.get(ctx, key, &k)
	return k, found, err
}

// LastTicket returns the ticket of the latest revocation.
func (s *Snapshot) LastTicket(ctx context.Context) (uint64, error) {
	bz, found, err := s.r.values.Get(ctx, s.Header, types.StoreKey, types.LastRevocationTicketStoreKey())
	if err != nil || !found {
		return 0, err
	}
	return collections.Uint64Value.Decode(bz)
}

// Revocations returns the revocation list entries recorded within retention
// of the header's time, in ticket order, and the latest ticket. Entries are
// read once: from the latest ticket down to the first one pruned, too old
// or already read.
func (s *Snapshot) Revocations(ctx context.Context, retention time.Duration) ([]types.Revocation, uint64, error) {
	last, err := s.LastTicket(ctx)
	if err != nil {
		return nil, 0, err
	}
	cutoff := s.Header.Time.Add(-retention)
	r := s.r
	r.revMu.Lock()
	defer r.revMu.Unlock()
	if last > r.revMax {
		for t := last; t > r.revMax; t-- {
			var entry types.Revocation
			key, err := types.RevocationStoreKey(t)
			if err != nil {
				return nil, 0, err
			}
			found, err := s.get(ctx, key, &entry)
			if err != nil {
				return nil, 0, err
			}
			if !found {
				break // pruned, and every older one too
			}
			if entry.Ticket != t {
				return nil, 0, fmt.Errorf("%w: the entry of ticket %d says ticket %d", lightquery.ErrVerification, t, entry.Ticket)
			}
			r.rev[t] = entry
			if !entry.RecordedAt.After(cutoff) {
				break
			}
		}
		r.revMax = last
	}
	var out []types.Revocation
	for t, entry := range r.rev {
		if !entry.RecordedAt.After(cutoff) {
			delete(r.rev, t)
			continue
		}
		if t <= last {
			out = append(out, entry)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ticket < out[j].Ticket })
	return out, last, nil
}

// Time is the trusted header's time: the block time proofs are judged at.
func (s *Snapshot) Time() time.Time { return s.Header.Time }

// Height is the height of the state read.
func (s *Snapshot) Height() int64 { return s.Header.StateHeight() }
