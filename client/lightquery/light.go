package lightquery

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/light"
	lightdb "github.com/cometbft/cometbft/light/store/db"
	cmttypes "github.com/cometbft/cometbft/types"
)

// LightConfig is what a light client needs to follow a chain from a header
// it was told to trust.
type LightConfig struct {
	// ChainID of the chain.
	ChainID string
	// Primary is the CometBFT RPC URL headers are fetched from.
	Primary string
	// Witnesses are further RPC URLs the primary's headers are compared
	// with (at least one; a fork between them stops verification).
	Witnesses []string
	// TrustHeight and TrustHash name the header trusted at first start.
	TrustHeight int64
	TrustHash   []byte
	// TrustingPeriod is how long a verified header may be used to verify
	// the next; it must be well under the unbonding period.
	TrustingPeriod time.Duration
	// Dir is where the verified headers are kept (a goleveldb database).
	Dir string
	// Logger receives the light client's logs; nil discards them.
	Logger cmtlog.Logger
}

// Light gives the headers CometBFT's light client verified: it starts from
// a trusted header and follows the validator set (skipping verification
// with a 1/3 trust level, cross-checked with the witnesses).
type Light struct {
	client *light.Client
	db     dbm.DB
	now    func() time.Time

	mu sync.Mutex
}

var _ Headers = (*Light)(nil)

// OpenLight starts a light client from cfg. On a later start the headers
// verified before are reused; the trusted header of cfg must still agree
// with them.
func OpenLight(ctx context.Context, cfg LightConfig) (*Light, error) {
	if len(cfg.Witnesses) == 0 {
		return nil, errors.New("light client: at least one witness is required")
	}
	db, err := dbm.NewGoLevelDB("light", cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("light client store %s: %w", cfg.Dir, err)
	}
	logger := cfg.Logger
	if logger == nil {
		logger = cmtlog.NewNopLogger()
	}
	client, err := light.NewHTTPClient(ctx, cfg.ChainID,
		light.TrustOptions{Period: cfg.TrustingPeriod, Height: cfg.TrustHeight, Hash: cfg.TrustHash},
		cfg.Primary, cfg.Witnesses, lightdb.New(db, cfg.ChainID), light.Logger(logger))
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("light client: %w", err)
	}
	return &Light{client: client, db: db, now: time.Now}, nil
}

// Latest verifies the primary's latest header and returns it (or the latest
// verified header when the chain has not moved).
func (l *Light) Latest(ctx context.Context) (Header, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lb, err := l.client.Update(ctx, l.now())
	if err != nil {
		return Header{}, fmt.Errorf("light client update: %w", err)
	}
	if lb == nil {
		if lb, err = l.client.TrustedLightBlock(0); err != nil {
			return Header{}, fmt.Errorf("light client: %w", err)
		}
	}
	return headerOf(lb.Header), nil
}

// Close closes the store of verified headers.
func (l *Light) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.db.Close()
}

func headerOf(h *cmttypes.Header) Header {
	return Header{
		ChainID: h.ChainID,
		Height:  h.Height,
		Time:    h.Time,
		AppHash: append([]byte(nil), h.AppHash...),
	}
}
