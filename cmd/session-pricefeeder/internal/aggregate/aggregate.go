// Package aggregate turns the feeder's source readings into the one price
// it submits: the median of the healthy sources, refused when too few are
// healthy or they disagree beyond a band.
package aggregate

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"cosmossdk.io/math"

	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// Reading is one source's price and when it was read.
type Reading struct {
	// Source names the source (its name in the configuration).
	Source string
	// Price in USD per SESH.
	Price math.LegacyDec
	// Time the price holds at: the EVM block time of a pool read, the
	// ticker's own timestamp or the time it was fetched.
	Time time.Time
}

// Rules are what a set of readings must satisfy to make a price.
type Rules struct {
	// MinSources is how many healthy readings are needed.
	MinSources int
	// MaxSpreadBps bounds the disagreement: (highest − lowest) / median.
	MaxSpreadBps uint32
}

// Result is the aggregate of a round's readings.
type Result struct {
	// Price is the median of the readings.
	Price math.LegacyDec
	// SourceTime is the oldest reading's time: the price holds at least as
	// of then.
	SourceTime time.Time
	// SpreadBps is (highest − lowest) / median, in basis points, rounded up.
	SpreadBps uint64
	// Used are the readings the price was made of, by price.
	Used []Reading
}

// ErrTooFewSources and ErrDisagreement are the two refusals of Aggregate.
var (
	ErrTooFewSources = errors.New("too few healthy sources")
	ErrDisagreement  = errors.New("the sources disagree beyond the band")
)

// Aggregate returns the median of the healthy readings, or an error when
// fewer than MinSources are given or they disagree beyond MaxSpreadBps.
// The median of an even count is the mean of the middle two, as on chain.
func Aggregate(readings []Reading, rules Rules) (Result, error) {
	if len(readings) == 0 || len(readings) < rules.MinSources {
		return Result{}, fmt.Errorf("%w: %d, %d needed", ErrTooFewSources, len(readings), rules.MinSources)
	}
	used := append([]Reading(nil), readings...)
	sort.SliceStable(used, func(i, j int) bool { return used[i].Price.LT(used[j].Price) })
	prices := make([]math.LegacyDec, len(used))
	oldest := used[0].Time
	for i, r := range used {
		if !r.Price.IsPositive() {
			return Result{}, fmt.Errorf("source %s gave a price that is not positive: %s", r.Source, r.Price)
		}
		prices[i] = r.Price
		if r.Time.Before(oldest) {
			oldest = r.Time
		}
	}
	median := protypes.Median(prices)
	spread := used[len(used)-1].Price.Sub(used[0].Price).MulInt64(protypes.BasisPoints).Quo(median).Ceil().TruncateInt()
	res := Result{Price: median, SourceTime: oldest, SpreadBps: spread.Uint64(), Used: used}
	if spread.GT(math.NewIntFromUint64(uint64(rules.MaxSpreadBps))) {
		return res, fmt.Errorf("%w: lowest %s (%s), highest %s (%s), %d bps apart, at most %d allowed",
			ErrDisagreement, used[0].Price, used[0].Source, used[len(used)-1].Price, used[len(used)-1].Source, res.SpreadBps, rules.MaxSpreadBps)
	}
	return res, nil
}

// MovedBeyond reports whether price moved more than thresholdBps away from
// last (relative to last).
func MovedBeyond(last, price math.LegacyDec, thresholdBps uint32) bool {
	if !last.IsPositive() {
		return true
	}
	moved := price.Sub(last).Abs().MulInt64(protypes.BasisPoints)
	return moved.GT(last.MulInt64(int64(thresholdBps)))
}
