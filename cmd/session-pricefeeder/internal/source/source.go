// Package source reads the SESH/USD price at its sources: Uniswap V3 pools
// on an EVM chain (a time-weighted geometric mean from observe()) and HTTP
// JSON tickers.
package source

import (
	"context"

	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/aggregate"
)

// Source is one configured source of the price.
type Source interface {
	// Name is the source's name in the configuration, logs and metrics.
	Name() string
	// Read returns the price now, or why the source is unhealthy.
	Read(ctx context.Context) (aggregate.Reading, error)
}
